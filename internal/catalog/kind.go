package catalog

import (
	"fmt"
	"strings"
)

// Kinds of error codes: what a client should make of an answer. The chaos
// sweep (`ecmock sweep`) injects the kinds a correct client can meet without
// a mistake of its own (Swept) and judges retries by Retryable.
const (
	// KindValidation: the request is malformed (a parameter breaks a rule).
	KindValidation = "validation"
	// KindAuth: signature, access key, version or action problems of the
	// gateway.
	KindAuth = "auth"
	// KindPermission: the account may not do this (Forbidden.*,
	// NoPermission, not whitelisted, not granted).
	KindPermission = "permission"
	// KindNotFound: a resource named does not exist.
	KindNotFound = "notfound"
	// KindUnsupported: the operation is not supported for this resource or
	// configuration.
	KindUnsupported = "unsupported"
	// KindState: a resource is not in a status that allows the operation
	// (yet); waiting may help.
	KindState = "state"
	// KindConflict: the operation clashes with something that exists (a
	// name, VLAN or ASN in use, a resource already there).
	KindConflict = "conflict"
	// KindDependency: other resources still depend on the one named.
	KindDependency = "dependency"
	// KindLock: another operation holds the resource; retry.
	KindLock = "lock"
	// KindQuota: a quota or capacity is exhausted; retrying does not help.
	KindQuota = "quota"
	// KindThrottling: flow control; retry with backoff.
	KindThrottling = "throttling"
	// KindServer: the service failed (5xx); retry.
	KindServer = "server"
	// KindDryRun: the answer of a successful dry run.
	KindDryRun = "dryrun"
)

// Kinds lists every kind in a stable order.
var Kinds = []string{KindValidation, KindAuth, KindPermission, KindNotFound, KindUnsupported, KindState,
	KindConflict, KindDependency, KindLock, KindQuota, KindThrottling, KindServer, KindDryRun}

// Swept reports whether a correct client can meet codes of this kind without
// a mistake of its own: the kinds the chaos sweep injects by default.
func Swept(kind string) bool {
	switch kind {
	case KindState, KindConflict, KindDependency, KindLock, KindQuota, KindThrottling, KindServer:
		return true
	}
	return false
}

// Retryable reports whether retrying the same call may succeed: lock,
// throttling, server, state and dependency codes (the latter two after
// waiting). Quota, validation, permission, not-found, conflict and
// unsupported answers stay the same on a retry.
func Retryable(kind string) bool {
	switch kind {
	case KindLock, KindThrottling, KindServer, KindState, KindDependency:
		return true
	}
	return false
}

// DefaultKind derives a code's kind from its family, for codes whose YAML
// entry gives no kind. The first matching rule wins.
func DefaultKind(code string) string {
	has := func(s string) bool { return strings.Contains(code, s) }
	pre := func(p string) bool { return strings.HasPrefix(code, p) }
	switch {
	case pre("DryRun") || pre("DRYRUN"):
		return KindDryRun
	case pre("Throttling"):
		return KindThrottling
	case code == "InternalError" || pre("InternalError.") || pre("ServiceUnavailable") || code == "UnknownError":
		return KindServer
	case pre("QuotaExceeded") || pre("QuotaFull") || pre("ResourceNotEnough"):
		return KindQuota
	case code == "Conflict.Lock" || code == "TaskConflict" || pre("OperationConflict") || pre("Operation.Blocking") ||
		has("Conflict.Lock"):
		return KindLock
	case pre("Signature") || pre("IncompleteSignature") || pre("InvalidAccessKeyId") || pre("InvalidTimeStamp") ||
		pre("InvalidVersion") || pre("InvalidAction") || pre("UnsupportedHTTPMethod"):
		return KindAuth
	case pre("DependencyViolation") || has("DeleteCenWith") || has("DeleteTransitRouterWith") || has("Binded") ||
		has("NotDeleted") || pre("Forbidden.AssociateTo") || has("VBRExists"):
		return KindDependency
	case pre("IncorrectStatus") || pre("InvalidStatus") || has("Status") || has("NotAllowedInState") ||
		has(".NotEnabled") || pre("InvalidOperation."):
		return KindState
	case has("NotFound"):
		return KindNotFound
	case pre("ResourceAlreadyExists") || has("AlreadyInUse") || has("HAS_BEEN_USED") || has(".Used") ||
		pre("Conflict.") || has("Created"):
		return KindConflict
	case pre("Forbidden") || pre("Forbbiden") || pre("NoPermission") || pre("Unauthorized") || pre("OperationDenied") ||
		has("NotInWhiteList") || has("FORBIDDEN") || has("NotAllow"):
		return KindPermission
	case pre("OperationUnsupported") || has("NeedUpgrade"):
		return KindUnsupported
	}
	// InvalidParameter*, MissingParam*, IllegalParam*, Invalid*.Malformed
	// and the rest of the Invalid* family: the request itself is wrong.
	return KindValidation
}

// classify fills Kind from the code when the YAML gives none and checks it.
func (e *ErrorDef) classify() error {
	if e.Kind == "" {
		e.Kind = DefaultKind(e.Code)
	}
	for _, k := range Kinds {
		if k == e.Kind {
			return nil
		}
	}
	return fmt.Errorf("error %s: unknown kind %q (known: %s)", e.Code, e.Kind, strings.Join(Kinds, ", "))
}
