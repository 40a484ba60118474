// Package platform serves the calls clients make around the Express Connect
// resources: who am I (Sts GetCallerIdentity), where is a product's endpoint
// (Location DescribeEndpoints: ecmock itself, for every product it serves),
// which account site is this (BssOpenApi QueryAvailableInstances: an empty
// list, a domestic account), and the region and access-point catalogues of
// Vpc (DescribeRegions, DescribeAccessPoints).
package platform

import (
	"sort"
	"strings"

	"github.com/ecmock/ecmock/internal/api"
)

// Register adds the package's handlers.
func Register(r *api.Registry) {
	r.Handle("Sts", "GetCallerIdentity", getCallerIdentity)
	r.Handle("Location", "DescribeEndpoints", describeEndpoints)
	r.Handle("BssOpenApi", "QueryAvailableInstances", queryAvailableInstances)
	r.Handle("Vpc", "DescribeRegions", describeRegions)
	r.Handle("Vpc", "DescribeAccessPoints", describeAccessPoints)
}

func getCallerIdentity(c *api.Call) (api.M, error) {
	uid := c.Account.UID
	return api.M{
		"AccountId":    uid,
		"UserId":       uid,
		"PrincipalId":  uid,
		"Arn":          "acs:ram::" + uid + ":root",
		"IdentityType": "Account",
		"RoleId":       "",
	}, nil
}

// servedCodes are the Location service codes of the products ecmock serves
// (lower-case product codes, as clients ask for them).
var servedCodes = map[string]bool{
	"vpc": true, "cbn": true, "expressconnectrouter": true, "sts": true, "location": true, "bssopenapi": true,
}

func describeEndpoints(c *api.Call) (api.M, error) {
	code := strings.ToLower(c.Params.Get("ServiceCode"))
	typ := c.Params.Get("Type")
	list := []any{}
	if servedCodes[code] && (typ == "" || typ == "openAPI") {
		list = append(list, api.M{
			"Endpoint":    c.Host,
			"Id":          c.Params.Get("Id"),
			"Namespace":   "",
			"SerivceCode": code,
			"Type":        "openAPI",
			"Protocols":   api.M{"Protocols": []any{"HTTP", "HTTPS"}},
		})
	}
	return api.M{"Success": true, "Endpoints": api.M{"Endpoint": list}}, nil
}

func queryAvailableInstances(c *api.Call) (api.M, error) {
	p := c.Params
	return api.M{
		"Code":    "Success",
		"Message": "Successful!",
		"Success": true,
		"Data": api.M{
			"TotalCount":   0,
			"PageNum":      int(p.Int("PageNum", 1)),
			"PageSize":     int(p.Int("PageSize", 20)),
			"InstanceList": []any{},
		},
	}, nil
}

// regionNames are the regions ecmock knows (the Cbn product notes) with
// their English names.
var regionNames = map[string]string{
	"cn-qingdao": "China (Qingdao)", "cn-beijing": "China (Beijing)", "cn-zhangjiakou": "China (Zhangjiakou)",
	"cn-huhehaote": "China (Hohhot)", "cn-wulanchabu": "China (Ulanqab)", "cn-hangzhou": "China (Hangzhou)",
	"cn-shanghai": "China (Shanghai)", "cn-nanjing": "China (Nanjing - Local Region)", "cn-fuzhou": "China (Fuzhou - Local Region)",
	"cn-wuhan-lr": "China (Wuhan - Local Region)", "cn-shenzhen": "China (Shenzhen)", "cn-heyuan": "China (Heyuan)",
	"cn-guangzhou": "China (Guangzhou)", "cn-chengdu": "China (Chengdu)", "cn-hongkong": "China (Hong Kong)",
	"ap-northeast-1": "Japan (Tokyo)", "ap-northeast-2": "South Korea (Seoul)", "ap-southeast-1": "Singapore",
	"ap-southeast-3": "Malaysia (Kuala Lumpur)", "ap-southeast-5": "Indonesia (Jakarta)", "ap-southeast-6": "Philippines (Manila)",
	"ap-southeast-7": "Thailand (Bangkok)", "ap-south-1": "India (Mumbai)", "us-east-1": "US (Virginia)",
	"us-west-1": "US (Silicon Valley)", "eu-west-1": "UK (London)", "eu-central-1": "Germany (Frankfurt)",
	"me-east-1": "UAE (Dubai)", "me-central-1": "Saudi Arabia (Riyadh)", "cn-shanghai-finance-1": "China East 2 Finance",
	"cn-shenzhen-finance-1": "China South 1 Finance", "cn-beijing-finance-1": "China North 2 Finance",
}

func describeRegions(c *api.Call) (api.M, error) {
	ids := make([]string, 0, len(regionNames))
	for id := range regionNames {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	list := make([]any, 0, len(ids))
	for _, id := range ids {
		list = append(list, api.M{"RegionId": id, "LocalName": regionNames[id], "RegionEndpoint": c.Host})
	}
	return api.M{"Regions": api.M{"Region": list}}, nil
}

// accessPoint is one access point of ecmock's catalogue (decided): two per
// known region.
type accessPoint struct{ id, name, location string }

func accessPoints(region string) []accessPoint {
	if regionNames[region] == "" {
		return nil
	}
	return []accessPoint{
		{id: "ap-" + region + "-ecmock-A", name: regionNames[region] + " access point A", location: regionNames[region] + ", building A"},
		{id: "ap-" + region + "-ecmock-B", name: regionNames[region] + " access point B", location: regionNames[region] + ", building B"},
	}
}

// accessPointFilterKeys are the Filter.N.Key values DescribeAccessPoints takes.
var accessPointFilterKeys = map[string]bool{"AccessPointId": true, "Status": true, "Type": true, "Name": true}

func describeAccessPoints(c *api.Call) (api.M, error) {
	p := c.Params
	for _, f := range p.Filters() {
		if !accessPointFilterKeys[f.Key] {
			return nil, api.Errf("InvalidFilterKey.ValueNotSupported", "filter key %q is not supported", f.Key)
		}
	}
	var rows []api.M
	for _, ap := range accessPoints(c.Region) {
		row := api.M{
			"AccessPointId": ap.id, "Name": ap.name, "Description": "", "Status": "recommended", "Type": "VPC",
			"AttachedRegionNo": c.Region, "Location": ap.location, "HostOperator": "",
			"AccessPointFeatureModels": api.M{"AccessPointFeatureModel": []any{}},
		}
		if !keep(row, p) {
			continue
		}
		rows = append(rows, row)
	}
	num, size := int(p.Int("PageNumber", 1)), int(p.Int("PageSize", api.DefaultPageSize))
	if num < 1 {
		num = 1
	}
	if size < 1 {
		size = api.DefaultPageSize
	}
	items := []any{}
	for i := (num - 1) * size; i >= 0 && i < len(rows) && i < num*size; i++ {
		items = append(items, rows[i])
	}
	return api.M{"AccessPointSet": api.M{"AccessPointType": items}, "TotalCount": len(rows), "PageNumber": num, "PageSize": size}, nil
}

// keep applies Name, Type, HostOperator and Filter.N (AccessPointId, Status,
// Type, Name) to an access point row.
func keep(row api.M, p api.Params) bool {
	for _, k := range []string{"Name", "Type", "HostOperator"} {
		if v := p.Get(k); v != "" && row[k] != v {
			return false
		}
	}
	for _, f := range p.Filters() {
		got, ok := row[f.Key].(string)
		if !ok {
			return false
		}
		match := len(f.Values) == 0
		for _, v := range f.Values {
			if v == got {
				match = true
			}
		}
		if !match {
			return false
		}
	}
	return true
}
