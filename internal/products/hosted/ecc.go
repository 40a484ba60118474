package hosted

import (
	"strconv"
	"strings"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// eccTimeFormat is GmtCreate as the API reference shows it (2019-05-14T15:52Z).
const eccTimeFormat = "2006-01-02T15:04Z"

// eccDefaults are the documented fields of an ECC that a create (or a
// fixture) fills when nothing else says otherwise.
func eccDefaults() map[string]any {
	return map[string]any{
		"Name": "", "Description": "", "Bandwidth": int64(0), "IdcSP": "", "PeerLocation": "", "PeerCity": "",
		"PortType": "1000Base-T", "ContactMail": "", "ContactTel": "", "IDCardNo": "", "RedundantEccId": "",
		"BusinessStatus": "Normal", "ChargeType": "Prepaid", "CircuitCode": "", "Distance": int64(0),
		"EndTime": "", "GmtCreate": "", "GmtModify": "", "HasReservationData": "false", "Isp": "", "Type": "",
		"ServiceProvider": "", "ApplicationId": "", "ApplicationType": "Create", "ApplicationBandwidth": "",
		"ReservationActiveTime": "", "ReservationBandwidth": "", "ReservationInternetChargeType": "",
		"ReservationOrderType": "", "EstimatedTime": "", "BgpAs": "", "PeIp": "", "CeIp": "",
		"ConstructionPeriod": "",
	}
}

// eccFixtureDefaults completes a scenario fixture of an ECC, keeping the
// attributes it has.
func eccFixtureDefaults(r *store.Resource) {
	if r.Attrs == nil {
		r.Attrs = map[string]any{}
	}
	for k, v := range eccDefaults() {
		if _, ok := r.Attrs[k]; !ok {
			r.Attrs[k] = v
		}
	}
	if r.Status == "" {
		r.Status = "Initial"
	}
	if r.Str("GmtCreate") == "" && !r.Created.IsZero() {
		r.Attrs["GmtCreate"] = r.Created.UTC().Format(eccTimeFormat)
	}
	if r.Str("ApplicationBandwidth") == "" {
		r.Attrs["ApplicationBandwidth"] = strconv.FormatInt(r.Int("Bandwidth"), 10)
	}
	r.Attrs["InstanceId"] = r.ID
}

// applicationID makes a 19-digit application (order) number from the
// store's seeded generator.
func applicationID(s *store.Store) string {
	var b strings.Builder
	b.WriteByte(byte('1' + s.Rand().Intn(9)))
	for i := 0; i < 18; i++ {
		b.WriteByte(byte('0' + s.Rand().Intn(10)))
	}
	return b.String()
}

func createExpressCloudConnection(c *api.Call) (api.M, error) {
	p := c.Params
	if red := p.Get("RedundantEccId"); red != "" {
		r := c.Store.GetType(red, store.TypeECC)
		if r == nil || r.Owner != c.Account.UID || r.Region != c.Region {
			return nil, api.Errf("InvalidRedundantEccId.NotFound", "no ECC %s of the caller in %s", red, c.Region)
		}
	}
	attrs := eccDefaults()
	for _, k := range []string{"Name", "Description", "IdcSP", "PeerLocation", "PeerCity", "ContactMail",
		"ContactTel", "IDCardNo", "RedundantEccId"} {
		attrs[k] = p.Get(k)
	}
	if pt := p.Get("PortType"); pt != "" {
		attrs["PortType"] = pt
	}
	bw := p.Int("Bandwidth", 0)
	attrs["Bandwidth"] = bw
	attrs["ApplicationBandwidth"] = strconv.FormatInt(bw, 10)
	attrs["GmtCreate"] = c.Now.UTC().Format(eccTimeFormat)
	attrs["ApplicationId"] = applicationID(c.Store)
	r := c.New(store.TypeECC, "ecc", "Initial", attrs)
	r.Set("InstanceId", r.ID)
	return api.M{"EccId": r.ID}, nil
}

var eccFilterKeys = api.FilterKeys{
	"eccid":     func(r *store.Resource) string { return r.ID },
	"EccId":     func(r *store.Resource) string { return r.ID },
	"bandwidth": func(r *store.Resource) string { return strconv.FormatInt(r.Int("Bandwidth"), 10) },
	"Bandwidth": func(r *store.Resource) string { return strconv.FormatInt(r.Int("Bandwidth"), 10) },
	"Status":    func(r *store.Resource) string { return r.Status },
	"Name":      func(r *store.Resource) string { return r.Str("Name") },
}

func describeExpressCloudConnections(c *api.Call) (api.M, error) {
	all := c.Store.ListOwned(store.TypeECC, c.Account.UID, c.Region, func(r *store.Resource) bool {
		return r.Owner == c.Account.UID && r.Region == c.Region
	})
	matched, err := api.MatchFilters(c.Params.Filters(), eccFilterKeys, all)
	if err != nil {
		return nil, err
	}
	pg := api.Paginate(c.Params, matched)
	items := c.Show(pg.Items, eccView)
	return api.M{
		"ExpressCloudConnectionSet": api.M{"ExpressCloudConnectionType": items},
		"PageNumber":                pg.PageNumber,
		"PageSize":                  pg.PageSize,
		"TotalCount":                pg.TotalCount,
	}, nil
}

// eccView renders an ECC as DescribeExpressCloudConnections shows it.
func eccView(r *store.Resource) api.M {
	out := api.M{}
	for k, v := range eccDefaults() {
		switch v.(type) {
		case int64:
			out[k] = r.Int(k)
		default:
			out[k] = r.Str(k)
		}
	}
	out["InstanceId"] = r.ID
	out["Status"] = r.Status
	out["ApplicationStatus"] = r.Status
	out["VirtualBorderRouterModels"] = api.M{"VirtualBorderRouterModel": eccVBRs(r)}
	return out
}

// eccVBRs lists the VBRs recorded on an ECC (attribute VirtualBorderRouterModels,
// a list of InstanceId/AccessPointId/PhysicalConnectionId objects, e.g. from a
// fixture); none by default.
func eccVBRs(r *store.Resource) []any {
	out := []any{}
	list, _ := r.Attrs["VirtualBorderRouterModels"].([]any)
	for _, it := range list {
		if m, ok := it.(map[string]any); ok {
			out = append(out, api.M{"InstanceId": strOf(m["InstanceId"]), "AccessPointId": strOf(m["AccessPointId"]),
				"PhysicalConnectionId": strOf(m["PhysicalConnectionId"])})
		}
	}
	return out
}
