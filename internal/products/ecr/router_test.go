package ecr_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

func TestCreateExpressConnectRouterDocumentedErrors(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a := newAPI(t, srv, srv.AccountA())
	long := strings.Repeat("x", 257)
	tags21 := map[string]string{"AlibabaSideAsn": "45104"}
	for i := 1; i <= 21; i++ {
		tags21[fmt.Sprintf("Tag.%d.Key", i)] = fmt.Sprintf("k%d", i)
		tags21[fmt.Sprintf("Tag.%d.Value", i)] = "v"
	}
	cases := []struct {
		name    string
		params  map[string]string
		code    string
		message string
	}{
		{"asn missing", map[string]string{"Name": "a"}, "MissingParam.AlibabaSideAsn", "The param of AlibabaSideAsn is missing."},
		{"asn not a number", map[string]string{"AlibabaSideAsn": "abc"}, "IllegalParamFormat.AlibabaSideAsn", "The param format of AlibabaSideAsn is illegal."},
		{"asn reserved 65025", map[string]string{"AlibabaSideAsn": "65025"}, "IllegalParam.AlibabaSideAsn", "The entered Bgp Asn is incorrect."},
		{"asn 64511", map[string]string{"AlibabaSideAsn": "64511"}, "IllegalParam.AlibabaSideAsn", ""},
		{"asn 45105", map[string]string{"AlibabaSideAsn": "45105"}, "IllegalParam.AlibabaSideAsn", ""},
		{"asn 65535", map[string]string{"AlibabaSideAsn": "65535"}, "IllegalParam.AlibabaSideAsn", ""},
		{"asn 4199999999", map[string]string{"AlibabaSideAsn": "4199999999"}, "IllegalParam.AlibabaSideAsn", ""},
		{"asn 4294967295", map[string]string{"AlibabaSideAsn": "4294967295"}, "IllegalParam.AlibabaSideAsn", ""},
		{"name http", map[string]string{"AlibabaSideAsn": "45104", "Name": "http://x"}, "IllegalParamFormat.Name", "The param format of Name is illegal."},
		{"name https", map[string]string{"AlibabaSideAsn": "45104", "Name": "https://x"}, "IllegalParamFormat.Name", ""},
		{"name 129", map[string]string{"AlibabaSideAsn": "45104", "Name": strings.Repeat("n", 129)}, "IllegalParamFormat.Name", ""},
		{"description 257", map[string]string{"AlibabaSideAsn": "45104", "Description": long}, "IllegalParamFormat.Description", "The param format of Description is illegal."},
		{"description https", map[string]string{"AlibabaSideAsn": "45104", "Description": "https://d"}, "IllegalParamFormat.Description", ""},
		{"tag key aliyun", map[string]string{"AlibabaSideAsn": "45104", "Tag.1.Key": "aliyun-x", "Tag.1.Value": "v"}, "IllegalParamFormat.Tag.1.Key", "The param format of Tag.1.Key is illegal."},
		{"tag key empty", map[string]string{"AlibabaSideAsn": "45104", "Tag.1.Key": "", "Tag.1.Value": "v"}, "IllegalParamFormat.Tag.1.Key", ""},
		{"tag value acs:", map[string]string{"AlibabaSideAsn": "45104", "Tag.1.Key": "k", "Tag.1.Value": "acs:v"}, "IllegalParamFormat.Tag.1.Value", ""},
		{"tag value without key", map[string]string{"AlibabaSideAsn": "45104", "Tag.1.Value": "v"}, "MissingParam.Tag.1.Key", "The param of Tag.1.Key is missing."},
		{"21 tags", tags21, "IllegalParamFormat.Tag", ""},
		{"dry run", map[string]string{"AlibabaSideAsn": "45104", "DryRun": "true"}, "DryRunOperation", ""},
		{"dry run not boolean", map[string]string{"AlibabaSideAsn": "45104", "DryRun": "yes"}, "IllegalParamFormat.DryRun", ""},
		// the API reference: "The ClientToken parameter supports only ASCII characters."
		{"client token not ASCII", map[string]string{"AlibabaSideAsn": "45104", "ClientToken": "tök-1"}, "IllegalParamFormat.ClientToken", "The param format of ClientToken is illegal."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a.t = t
			b := a.fail("CreateExpressConnectRouter", tc.params, tc.code, 400)
			if tc.message != "" && b["Message"] != tc.message {
				t.Fatalf("got Message %q; want %q", b["Message"], tc.message)
			}
		})
	}
	a.t = t
	if n := len(list(a.ok("DescribeExpressConnectRouter", nil), "EcrList")); n != 0 {
		t.Fatalf("got %d ECRs after failed and dry-run creates; want 0", n)
	}
}

func TestCreateExpressConnectRouterSucceeds(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a := newAPI(t, srv, srv.AccountA())
	if err := srv.SetQuota(srv.AccountA().AccessKeyID, "EcrCountPerUser", 10); err != nil {
		t.Fatal(err)
	}
	for _, asn := range []string{"45104", "64512", "65534", "4200000000", "4294967294"} {
		a.createECR(asn, nil)
	}
	id := a.createECR("65000", map[string]string{"Name": "", "Description": strings.Repeat("d", 256),
		"ResourceGroupId": "rg-acfmvvajg5q1234", "Tag.1.Key": "env", "Tag.1.Value": "prod", "Tag.2.Key": "team", "Tag.2.Value": ""})
	e := a.describeECR(id)
	want := map[string]string{"EcrId": id, "Name": "", "Description": strings.Repeat("d", 256), "AlibabaSideAsn": "65000",
		"Status": "ACTIVE", "BizStatus": "Normal", "OwnerId": a.uid, "ResourceGroupId": "rg-acfmvvajg5q1234",
		"GmtCreate": "2026-01-01T00:00:00Z", "Tags": "[map[TagKey:env TagValue:prod] map[TagKey:team TagValue:]]"}
	for k, v := range want {
		if got := fmt.Sprint(e[k]); got != v {
			t.Errorf("EcrList[0].%s: got %q; want %q", k, got, v)
		}
	}
	// Without ResourceGroupId the account's default group is used.
	if e := a.describeECR(a.createECR("45104", nil)); !strings.HasPrefix(fmt.Sprint(e["ResourceGroupId"]), "rg-") {
		t.Fatalf("got ResourceGroupId %v; want the default resource group", e["ResourceGroupId"])
	}
}

func TestCreateExpressConnectRouterIdempotentClientToken(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a := newAPI(t, srv, srv.AccountA())
	p := map[string]string{"AlibabaSideAsn": "64600", "ClientToken": "TF-CreateExpressConnectRouter-1"}
	first := a.ok("CreateExpressConnectRouter", p)["EcrId"]
	second := a.ok("CreateExpressConnectRouter", p)["EcrId"]
	if first != second {
		t.Fatalf("got EcrId %v then %v for the same ClientToken; want the same", first, second)
	}
	if n := len(list(a.ok("DescribeExpressConnectRouter", nil), "EcrList")); n != 1 {
		t.Fatalf("got %d ECRs; want 1", n)
	}
	// Another token with the same private ASN is a real second create.
	p["ClientToken"] = "TF-CreateExpressConnectRouter-2"
	a.fail("CreateExpressConnectRouter", p, "Conflict.ASNOfECR", 400)
}

func TestCreateExpressConnectRouterASNConflict(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a, b := newAPI(t, srv, srv.AccountA()), newAPI(t, srv, srv.AccountB())
	a.createECR("64512", nil)
	body := a.fail("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "64512"}, "Conflict.ASNOfECR", 400)
	if body["Message"] != "ASN already used by other ECR." {
		t.Fatalf("got Message %q; want the documented one", body["Message"])
	}
	a.createECR("4200000001", nil)
	a.fail("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "4200000001"}, "Conflict.ASNOfECR", 400)
	// 45104 is Alibaba's public default: shared freely (decided).
	a.createECR("45104", nil)
	a.createECR("45104", nil)
	// Another account may use the same private ASN.
	b.createECR("64512", nil)
	// A dry run checks the conflict too.
	a.fail("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "64512", "DryRun": "true"}, "Conflict.ASNOfECR", 400)
}

func TestCreateExpressConnectRouterQuota(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a, b := newAPI(t, srv, srv.AccountA()), newAPI(t, srv, srv.AccountB())
	for i := 0; i < 5; i++ { // the catalogue's default quota is 5
		a.createECR("45104", nil)
	}
	body := a.fail("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "45104"}, "QuotaExceeded.EcrCountPerUser", 400)
	if body["Message"] != "ECR Quota Exceeded." {
		t.Fatalf("got Message %q; want the documented one", body["Message"])
	}
	a.fail("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "45104", "DryRun": "true"}, "QuotaExceeded.EcrCountPerUser", 400)
	// The quota is per account and can be overridden.
	if err := srv.SetQuota(srv.AccountB().AccessKeyID, "EcrCountPerUser", 1); err != nil {
		t.Fatal(err)
	}
	id := b.createECR("45104", nil)
	b.fail("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "45104"}, "QuotaExceeded.EcrCountPerUser", 400)
	// Deleting frees the quota once the ECR is gone.
	b.ok("DeleteExpressConnectRouter", map[string]string{"EcrId": id})
	b.fail("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "45104"}, "QuotaExceeded.EcrCountPerUser", 400)
	srv.Advance(2 * time.Second)
	b.createECR("45104", nil)
}

func TestCreateExpressConnectRouterWhitelist(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{Accounts: []mock.Account{
		{UID: "1300000000000001", AccessKeyID: "LTAIwhitelisted", AccessKeySecret: "s1"},
		{UID: "1300000000000002", AccessKeyID: "LTAInotwhitelisted", AccessKeySecret: "s2", NotWhitelisted: true},
	}})
	in := newAPI(t, srv, srv.Accounts()[0])
	out := newAPI(t, srv, srv.Accounts()[1])
	in.createECR("45104", nil)
	body := out.fail("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "45104"}, "OperationFailed.UserNotInWhiteList", 400)
	if body["Message"] != "The current user is not in the whitelist." {
		t.Fatalf("got Message %q; want the documented one", body["Message"])
	}
	// Parameter rules come first.
	out.fail("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "1"}, "IllegalParam.AlibabaSideAsn", 400)
	out.fail("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "45104", "DryRun": "true"}, "OperationFailed.UserNotInWhiteList", 400)
}

func TestDescribeExpressConnectRouterFiltersAndPages(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a, b := newAPI(t, srv, srv.AccountA()), newAPI(t, srv, srv.AccountB())
	one := a.createECR("45104", map[string]string{"Name": "one", "Tag.1.Key": "env", "Tag.1.Value": "prod"})
	two := a.createECR("45104", map[string]string{"Name": "two", "Tag.1.Key": "env", "Tag.1.Value": "dev"})
	three := a.createECR("45104", map[string]string{"Name": "three", "ResourceGroupId": "rg-x"})
	b.createECR("45104", nil)

	ids := func(body map[string]any) string {
		var out []string
		for _, e := range list(body, "EcrList") {
			out = append(out, fmt.Sprint(e["EcrId"]))
		}
		return strings.Join(out, ",")
	}
	cases := []struct {
		name   string
		params map[string]string
		want   string
	}{
		{"all", nil, one + "," + two + "," + three},
		{"by id", map[string]string{"EcrId": two}, two},
		{"unknown id", map[string]string{"EcrId": "ecr-nosuch"}, ""},
		{"by name", map[string]string{"Name": "three"}, three},
		{"by resource group", map[string]string{"ResourceGroupId": "rg-x"}, three},
		{"by tag", map[string]string{"Tag.1.Key": "env", "Tag.1.Value": "prod"}, one},
		{"by tag key", map[string]string{"Tag.1.Key": "env"}, one + "," + two},
		{"by tag model", map[string]string{"TagModels.1.TagKey": "env", "TagModels.1.TagValue": "dev"}, two},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a.t = t
			if got := ids(a.ok("DescribeExpressConnectRouter", tc.params)); got != tc.want {
				t.Fatalf("got %q; want %q", got, tc.want)
			}
		})
	}
	a.t = t

	page := a.ok("DescribeExpressConnectRouter", map[string]string{"MaxResults": "2"})
	if ids(page) != one+","+two || fmt.Sprint(page["TotalCount"]) != "3" || fmt.Sprint(page["MaxResults"]) != "2" || page["NextToken"] == "" {
		t.Fatalf("got first page %v; want two ECRs, TotalCount 3, MaxResults 2 and a NextToken", page)
	}
	page = a.ok("DescribeExpressConnectRouter", map[string]string{"MaxResults": "2", "NextToken": fmt.Sprint(page["NextToken"])})
	if ids(page) != three || page["NextToken"] != "" {
		t.Fatalf("got second page %v; want the third ECR and no NextToken", page)
	}
	if d := a.ok("DescribeExpressConnectRouter", nil); fmt.Sprint(d["MaxResults"]) != "20" {
		t.Fatalf("got MaxResults %v; want the default 20", d["MaxResults"])
	}
	a.fail("DescribeExpressConnectRouter", map[string]string{"NextToken": "forged"}, "IllegalParamFormat.NextToken", 400)
	a.fail("DescribeExpressConnectRouter", map[string]string{"MaxResults": "0"}, "IllegalParamFormat.MaxResults", 400)
	a.fail("DescribeExpressConnectRouter", map[string]string{"DryRun": "true"}, "DryRunOperation", 400)
}

func TestModifyExpressConnectRouter(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a, b := newAPI(t, srv, srv.AccountA()), newAPI(t, srv, srv.AccountB())
	id := a.createECR("45104", map[string]string{"Name": "old", "Description": "old"})
	srv.Advance(90 * time.Second)
	a.ok("ModifyExpressConnectRouter", map[string]string{"EcrId": id, "Name": "new"})
	e := a.describeECR(id)
	if e["Name"] != "new" || e["Description"] != "old" || e["GmtModified"] != "2026-01-01T00:01:30Z" || e["GmtCreate"] != "2026-01-01T00:00:00Z" {
		t.Fatalf("got %v; want Name new, Description old, GmtModified moved", e)
	}
	a.ok("ModifyExpressConnectRouter", map[string]string{"EcrId": id, "Description": "d2", "DryRun": "false"})
	if e := a.describeECR(id); e["Description"] != "d2" {
		t.Fatalf("got Description %v; want d2", e["Description"])
	}
	a.fail("ModifyExpressConnectRouter", map[string]string{"EcrId": id, "Name": "http://bad"}, "IllegalParamFormat.Name", 400)
	a.fail("ModifyExpressConnectRouter", map[string]string{"Name": "x"}, "MissingParam.EcrId", 400)
	a.fail("ModifyExpressConnectRouter", map[string]string{"EcrId": "ecr-nosuch"}, "ResourceNotFound.EcrId", 404)
	b.fail("ModifyExpressConnectRouter", map[string]string{"EcrId": id, "Name": "theirs"}, "ResourceNotFound.EcrId", 404)
	a.fail("ModifyExpressConnectRouter", map[string]string{"EcrId": id, "Name": "dry", "DryRun": "true"}, "DryRunOperation", 400)
	if e := a.describeECR(id); e["Name"] != "new" {
		t.Fatalf("got Name %v after a dry run and another account's call; want new", e["Name"])
	}
}

func TestDeleteExpressConnectRouter(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a := newAPI(t, srv, srv.AccountA())
	id := a.createECR("64999", nil)
	a.fail("DeleteExpressConnectRouter", map[string]string{"EcrId": id, "DryRun": "true"}, "DryRunOperation", 400)
	a.ok("DeleteExpressConnectRouter", map[string]string{"EcrId": id})
	if e := a.describeECR(id); e == nil || e["Status"] != "DELETING" {
		t.Fatalf("got %v right after delete; want Status DELETING", e)
	}
	// Terraform retries Conflict.Lock while the ECR is being deleted.
	a.fail("DeleteExpressConnectRouter", map[string]string{"EcrId": id}, "Conflict.Lock", 400)
	a.fail("ModifyExpressConnectRouter", map[string]string{"EcrId": id, "Name": "x"}, "Conflict.Lock", 400)
	a.fail("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "64999"}, "Conflict.ASNOfECR", 400)
	a.ok("DescribeInstanceGrantedToExpressConnectRouter", map[string]string{"EcrId": id})
	srv.Advance(2 * time.Second)
	if e := a.describeECR(id); e != nil {
		t.Fatalf("got %v after the deletion step; want it gone", e)
	}
	// Terraform treats ResourceNotFound.EcrId as deleted and waits for it here.
	a.fail("DeleteExpressConnectRouter", map[string]string{"EcrId": id}, "ResourceNotFound.EcrId", 404)
	a.fail("DescribeInstanceGrantedToExpressConnectRouter", map[string]string{"EcrId": id}, "ResourceNotFound.EcrId", 404)
	a.fail("DeleteExpressConnectRouter", nil, "MissingParam.EcrId", 400)
	a.createECR("64999", nil)
}
