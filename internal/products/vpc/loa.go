package vpc

import (
	"fmt"
	"time"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// TypeLOA is the record of a physical connection's letter of authorization
// (ID loa-…, Attrs InstanceId = the connection). Its status moves Applying →
// Available and Completing → Complete on ecmock's clock (catalogue
// lifecycles).
const TypeLOA = "PhysicalConnectionLOA"

// LOA statuses (decided; the seed shows Available).
const (
	loaApplying   = "Applying"
	loaAvailable  = "Available"
	loaCompleting = "Completing"
	loaComplete   = "Complete"
)

// The fields the API reference's examples add to the LOA and order answers.
func exampleEnvelope(c *api.Call, withHTTPStatus bool) api.M {
	m := api.M{"code": "200", "message": "successful", "requestId": c.RequestID, "success": true}
	if withHTTPStatus {
		m["httpStatusCode"] = 200
	}
	return m
}

func loaOf(c *api.Call, pcID string) *store.Resource {
	if ls := c.Store.ByAttr(TypeLOA, "InstanceId", pcID, nil); len(ls) > 0 {
		return ls[0]
	}
	return nil
}

// loaURL is where the LOA file of an Available LOA is served (decided shape,
// after the API reference's example).
func loaURL(pc *store.Resource, l *store.Resource) string {
	return fmt.Sprintf("http://pconn-loa.oss-%s.aliyuncs.com/%s_%s_%s.pdf?Expires=%d",
		pc.Region, pc.Owner, pc.ID, pc.Str("AccessPointId"), l.Since.Add(7*24*time.Hour).Unix())
}

// normalizeTime turns an accepted ConstructionTime (the catalogue's pattern)
// into yyyy-mm-ddThh:mm:ssZ.
func normalizeTime(s string) string {
	for _, layout := range []string{"2006-01-02T15:04:05.000Z", "2006-01-02T15:04:05.00Z", "2006-01-02T15:04:05.0Z", time.RFC3339, "2006-01-02T15:04Z"} {
		if t, err := time.Parse(layout, s); err == nil {
			return fmtTime(t)
		}
	}
	return s
}

func applyPhysicalConnectionLOA(c *api.Call) (api.M, error) {
	p := c.Params
	pc, err := lookupPC(c, p.Get("InstanceId"))
	if err != nil {
		return nil, err
	}
	if isHosted(pc) {
		return nil, notAllowed(pc, "a hosted connection has no LOA of its own")
	}
	if pc.Status != stAllocated && pc.Status != stConfirmed {
		return nil, notAllowed(pc, "an LOA is applied for when the connection is Allocated or Confirmed")
	}
	l := loaOf(c, pc.ID)
	if l != nil && (l.Status == loaCompleting || l.Status == loaComplete) {
		return nil, api.Errf("Forbidden.NotAllowedInState", "the LOA of %s is %s", pc.ID, l.Status)
	}
	pm := []any{}
	for _, o := range p.Objects("PMInfo") {
		pm = append(pm, map[string]any{
			"PMCertificateNo":   o["PMCertificateNo"],
			"PMCertificateType": o["PMCertificateType"],
			"PMContactInfo":     o["PMContactInfo"],
			"PMGender":          o["PMGender"],
			"PMName":            o["PMName"],
		})
	}
	attrs := api.M{
		"InstanceId":       pc.ID,
		"CompanyName":      p.Get("CompanyName"),
		"ConstructionTime": normalizeTime(p.Get("ConstructionTime")),
		"LineType":         p.Get("LineType"),
		"PeerLocation":     p.Get("PeerLocation"),
		"Si":               p.Get("Si"),
		"Bandwidth":        p.Int("Bandwidth", 0),
		"LineOperator":     p.Get("LineOperator"),
		"PMInfo":           pm,
		"LineCode":         "",
		"LineLabel":        "",
		"LoaUrl":           "",
	}
	if l == nil {
		c.New(TypeLOA, "loa", loaApplying, attrs)
	} else {
		for k, v := range attrs {
			l.Set(k, v)
		}
		c.Store.SetStatus(l, loaApplying, true)
	}
	return exampleEnvelope(c, true), nil
}

func completePhysicalConnectionLOA(c *api.Call) (api.M, error) {
	p := c.Params
	pc, err := lookupPC(c, p.Get("InstanceId"))
	if err != nil {
		return nil, err
	}
	l := loaOf(c, pc.ID)
	if l == nil {
		return nil, notAllowed(pc, "no LOA has been applied for")
	}
	if l.Status != loaAvailable {
		return nil, api.Errf("Forbidden.NotAllowedInState", "the LOA of %s is %s, not Available", pc.ID, l.Status)
	}
	l.Set("LineCode", p.Get("LineCode"))
	l.Set("LineLabel", p.Get("LineLabel"))
	for _, k := range []string{"LineServiceProvider", "LineSPContactInfo"} {
		if v := p.Get(k); v != "" {
			l.Set(k, v)
		}
	}
	if !p.Has("FinishWork") || p.Bool("FinishWork") {
		c.Store.SetStatus(l, loaCompleting, true)
	}
	return exampleEnvelope(c, false), nil
}

func describePhysicalConnectionLOA(c *api.Call) (api.M, error) {
	pc, err := lookupPC(c, c.Params.Get("InstanceId"))
	if err != nil {
		return nil, err
	}
	l := loaOf(c, pc.ID)
	loa := api.M{"InstanceId": pc.ID}
	data := api.M{"instanceId": pc.ID}
	var pmItems, pmData []any
	if l != nil {
		c.Store.Observe(l)
		url := ""
		if l.Status == loaAvailable || l.Status == loaCompleting || l.Status == loaComplete {
			url = loaURL(pc, l)
		}
		loa["CompanyName"] = l.Str("CompanyName")
		loa["CompanyLocalizedName"] = l.Str("CompanyName")
		loa["ConstructionTime"] = l.Str("ConstructionTime")
		loa["LineCode"] = l.Str("LineCode")
		loa["LineLabel"] = l.Str("LineLabel")
		loa["LineType"] = l.Str("LineType")
		loa["LineServiceProvider"] = l.Str("LineServiceProvider")
		loa["LineSPContactInfo"] = l.Str("LineSPContactInfo")
		loa["LoaUrl"] = url
		loa["SI"] = l.Str("Si")
		loa["Status"] = l.Status
		data["companyName"] = l.Str("CompanyName")
		data["constructionTime"] = l.Str("ConstructionTime")
		data["lineType"] = l.Str("LineType")
		data["loaUrl"] = url
		data["si"] = l.Str("Si")
		data["status"] = l.Status
		list, _ := l.Attrs["PMInfo"].([]any)
		for i, it := range list {
			m, _ := it.(map[string]any)
			str := func(k string) string { s, _ := m[k].(string); return s }
			pmItems = append(pmItems, api.M{
				"PMCertificateNo": str("PMCertificateNo"), "PMCertificateType": str("PMCertificateType"),
				"PMContactInfo": str("PMContactInfo"), "PMGender": str("PMGender"), "PMName": str("PMName"),
			})
			pmData = append(pmData, api.M{
				"nextPMIndex": i + 1, "pmCertificateNo": str("PMCertificateNo"), "pmCertificateType": str("PMCertificateType"),
				"pmContactInfo": str("PMContactInfo"), "pmGender": str("PMGender"), "pmName": str("PMName"),
			})
		}
	} else {
		for _, k := range []string{"CompanyName", "CompanyLocalizedName", "ConstructionTime", "LineCode", "LineLabel",
			"LineType", "LineServiceProvider", "LineSPContactInfo", "LoaUrl", "SI", "Status"} {
			loa[k] = ""
		}
	}
	if pmItems == nil {
		pmItems, pmData = []any{}, []any{}
	}
	loa["PMInfo"] = api.M{"PMInfo": pmItems}
	data["pmInfo"] = pmData
	out := exampleEnvelope(c, false)
	out["PhysicalConnectionLOAType"] = loa
	out["data"] = data
	return out, nil
}
