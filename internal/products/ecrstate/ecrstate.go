// Package ecrstate is the shared view of an Express Connect Router's
// condition, used by the ECR handlers and the CBN attachment handlers: an ECR
// with an operation in progress (an association being created or deleted, an
// attachment attaching or detaching) holds a lock, and its Status shows the
// operation (the statuses the API reference pages and Terraform's waiters name).
package ecrstate

import "github.com/ecmock/ecmock/internal/store"

// Transitional statuses of associations and attachments that lock their ECR.
var (
	associationBusy = map[string]string{
		"CREATING": "ASSOCIATING", "ASSOCIATING": "ASSOCIATING",
		"DELETING": "DISSOCIATING", "DISSOCIATING": "DISSOCIATING", "UPDATING": "UPDATING",
	}
	attachmentBusy = map[string]string{"Attaching": "LOCKED_ATTACHING", "Detaching": "LOCKED_DETACHING"}
)

// Status is the ECR's status as the API shows it: the stored status (ACTIVE
// when idle) unless an operation holds the lock, then ASSOCIATING,
// DISSOCIATING, UPDATING, LOCKED_ATTACHING or LOCKED_DETACHING. Lock held.
func Status(st *store.Store, ecr *store.Resource) string {
	if s := Operation(st, ecr.ID); s != "" {
		return s
	}
	return ecr.Status
}

// Locked reports whether an operation is in progress on the ECR (other
// mutating calls answer Conflict.Lock). Lock held.
func Locked(st *store.Store, ecrID string) bool { return Operation(st, ecrID) != "" }

// Operation returns the ECR status that the operation in progress shows, or "".
func Operation(st *store.Store, ecrID string) string {
	if a := st.Find(store.TypeECRAssociation, func(r *store.Resource) bool {
		return r.Str("EcrId") == ecrID && associationBusy[r.Status] != ""
	}); a != nil {
		return associationBusy[a.Status]
	}
	if a := st.Find(store.TypeTRECRAttachment, func(r *store.Resource) bool {
		return r.Str("EcrId") == ecrID && attachmentBusy[r.Status] != ""
	}); a != nil {
		return attachmentBusy[a.Status]
	}
	return ""
}
