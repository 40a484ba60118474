package sweep_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/sweep"
	"github.com/ecmock/ecmock/sweep/internal/pcflow"
)

// pcWorkflow is the demo physical-connection client as a Go workflow.
func pcWorkflow(bug string) sweep.Workflow {
	return func(t testing.TB, env sweep.Env) {
		err := pcflow.Run(env.Context, pcflow.Config{Endpoint: env.Endpoint, AccessKeyID: env.AccessKeyID,
			AccessKeySecret: env.AccessKeySecret, RegionID: env.RegionID, CallTimeout: env.CallTimeout,
			Bug: bug, WaitFor: 300 * time.Millisecond, Log: t.Output()})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func byName(r *sweep.Report) map[string]*sweep.Variant {
	m := map[string]*sweep.Variant{}
	for _, v := range r.Variants {
		m[v.Name] = v
	}
	return m
}

// TestCorrectClientPasses sweeps the correct demo client with every fault
// class through Run (one subtest per variant): nothing diverges, leaks or
// hangs, and the report says what happened.
func TestCorrectClientPasses(t *testing.T) {
	rep := sweep.RunWith(t, sweep.Options{CallTimeout: 500 * time.Millisecond, Timeout: 5 * time.Second, Parallel: 4},
		pcWorkflow(""))
	if t.Failed() {
		return
	}
	if got := rep.Baseline.Transitional; strings.Join(got, " ") != "PhysicalConnection:Allocating PhysicalConnection:Approved PhysicalConnection:Initial" {
		t.Errorf("transitional statuses %v", got)
	}
	v := byName(rep)
	for name, want := range map[string]string{
		"CreatePhysicalConnection#1 QuotaExceeded.pConnPerAP":    sweep.FailedClean,
		"CreatePhysicalConnection#1 ServiceUnavailable":          sweep.OK,
		"DescribePhysicalConnections#1 reset":                    sweep.OK,
		"DeletePhysicalConnection#1 delay 1s":                    sweep.OK,
		"CancelPhysicalConnection#1 Forbidden.NotAllowedInState": sweep.OK,
		"PhysicalConnection:Allocating hold 3 reads":             sweep.OK,
		"PhysicalConnection:Allocating never settles":            sweep.FailedClean,
		"PhysicalConnection:Allocating → Allocation Failed":      sweep.FailedClean,
		"PhysicalConnection:Initial → Rejected":                  sweep.FailedClean,
	} {
		if v[name] == nil || v[name].Outcome != want {
			t.Errorf("%s: %+v; want %s", name, v[name], want)
		}
	}
	c := v["CreatePhysicalConnection#1 ServiceUnavailable"]
	if c.Retries != 1 || c.ReusedToken == nil || !*c.ReusedToken {
		t.Errorf("create retry analysis %+v; want 1 retry with the same ClientToken", c)
	}
	if h := v["PhysicalConnection:Allocating never settles"]; len(h.Held) != 1 || len(h.Leftovers) != 0 {
		t.Errorf("never settles: held %v, leftovers %v; want the held connection only", h.Held, h.Leftovers)
	}
	if p := v["PhysicalConnection:Allocating hold 3 reads"].FastestPoll; p < 15*time.Millisecond {
		t.Errorf("fastest poll %s; the client polls every 20ms", p)
	}
	if len(rep.Failing()) != 0 || rep.Counts[sweep.OK] < 25 {
		t.Errorf("counts %v", rep.Counts)
	}
}

// TestFaultyClientsCaught: each deliberately faulty client is caught with
// the right outcome, naming the variant.
func TestFaultyClientsCaught(t *testing.T) {
	for _, tc := range []struct {
		bug  string
		opts sweep.Options
		want map[string]string
	}{
		{pcflow.Leak, sweep.Options{Faults: []string{sweep.FaultErrors}, Codes: []string{"ServiceUnavailable"}}, map[string]string{
			"CreatePhysicalConnection#1 ServiceUnavailable":    sweep.FailedClean,
			"DescribePhysicalConnections#1 ServiceUnavailable": sweep.FailedDirty,
			"CancelPhysicalConnection#1 ServiceUnavailable":    sweep.FailedDirty,
			"DeletePhysicalConnection#1 ServiceUnavailable":    sweep.FailedDirty,
		}},
		{pcflow.IgnoreDelete, sweep.Options{Faults: []string{sweep.FaultErrors}, Codes: []string{"ServiceUnavailable", "Forbidden"}}, map[string]string{
			"CancelPhysicalConnection#1 ServiceUnavailable":  sweep.OK,
			"DeletePhysicalConnection#1 ServiceUnavailable":  sweep.Diverged,
			"DeletePhysicalConnection#1 Forbidden.VBRExists": sweep.Diverged,
		}},
		{pcflow.PollForever, sweep.Options{Faults: []string{sweep.FaultLifecycle}, Timeout: 1500 * time.Millisecond, Parallel: 4}, map[string]string{
			"PhysicalConnection:Initial never settles":          sweep.Hung,
			"PhysicalConnection:Allocating never settles":       sweep.Hung,
			"PhysicalConnection:Allocating hold 3 reads":        sweep.OK,
			"PhysicalConnection:Allocating → Allocation Failed": sweep.FailedClean,
		}},
	} {
		t.Run(tc.bug, func(t *testing.T) {
			rep, err := sweep.Sweep(tc.opts, pcWorkflow(tc.bug))
			if err != nil {
				t.Fatal(err)
			}
			v := byName(rep)
			for name, want := range tc.want {
				if v[name] == nil || v[name].Outcome != want {
					t.Errorf("%s: %+v; want %s", name, v[name], want)
				}
			}
			if len(rep.Failing()) == 0 {
				t.Fatal("the sweep passes a faulty client")
			}
			switch tc.bug {
			case pcflow.Leak:
				d := v["DescribePhysicalConnections#1 ServiceUnavailable"]
				if len(d.Leftovers) != 1 || !strings.HasPrefix(d.Leftovers[0], "PhysicalConnection Allocated pc-") || d.Retries != 0 {
					t.Errorf("leftovers %v retries %d; want the Allocated connection, no retry", d.Leftovers, d.Retries)
				}
			case pcflow.IgnoreDelete:
				if d := v["DeletePhysicalConnection#1 ServiceUnavailable"].Diff; strings.Join(d, " ") != "+PhysicalConnection/Canceled" {
					t.Errorf("diff %v", d)
				}
			}
		})
	}
}

// retryAll creates a physical connection, retrying whatever fails (even a
// quota) with the same ClientToken, then describes it twice the same way.
func retryAll(extra *atomic.Int32) sweep.Workflow {
	return func(t testing.TB, env sweep.Env) {
		c, err := vpc.NewClientWithOptions(env.RegionID, sdk.NewConfig().WithScheme("HTTP").WithAutoRetry(false),
			credentials.NewAccessKeyCredential(env.AccessKeyID, env.AccessKeySecret))
		if err != nil {
			t.Fatal(err)
		}
		c.Domain = env.Endpoint
		req := vpc.CreateCreatePhysicalConnectionRequest()
		req.Scheme = "http"
		req.AccessPointId, req.LineOperator, req.PeerLocation, req.ClientToken = "ap-cn-hangzhou-yh-B", "CT", "DC1", "tok-1"
		for i := 0; ; i++ {
			if _, err = c.CreatePhysicalConnection(req); err == nil || i == 2 {
				break
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		n := 2
		if extra != nil && extra.Add(1) == 1 {
			n = 3 // only the first run (the baseline) makes a third read
		}
		for i := 0; i < n; i++ {
			d := vpc.CreateDescribePhysicalConnectionsRequest()
			d.Scheme = "http"
			if _, err := c.DescribePhysicalConnections(d); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestRetryAnalysisAndReduction: a non-retryable code retried is flagged;
// identical reads in a row are swept once (the others are equivalent); a
// fault on a call the run never makes is not reached.
func TestRetryAnalysisAndReduction(t *testing.T) {
	var extra atomic.Int32
	rep, err := sweep.Sweep(sweep.Options{Faults: []string{sweep.FaultErrors}, Codes: []string{"QuotaExceeded", "InternalError"}},
		retryAll(&extra))
	if err != nil {
		t.Fatal(err)
	}
	v := byName(rep)
	q := v["CreatePhysicalConnection#1 QuotaExceeded.pConnPerAP"]
	if q == nil || q.Outcome != sweep.OK || q.Retries != 1 || !q.NonRetryableRetried || q.ReusedToken == nil || !*q.ReusedToken {
		t.Fatalf("quota variant %+v; want ok after 1 retry of a non-retryable code, same token", q)
	}
	if d := v["DescribePhysicalConnections#2 InternalError"]; d == nil || d.Skipped != "equivalent to DescribePhysicalConnections#1 InternalError" {
		t.Fatalf("second identical read: %+v; want equivalent to the first", d)
	}
	if d := v["DescribePhysicalConnections#3 InternalError"]; d == nil || d.Skipped == "" || d.Outcome != "" {
		t.Fatalf("third read: %+v; want skipped", d)
	}
	if rep.Skipped.Equivalent != 2 {
		t.Fatalf("skipped %+v; want 2 equivalent", rep.Skipped)
	}
	if d := v["DescribePhysicalConnections#1 InternalError"]; d.Outcome != sweep.FailedDirty {
		t.Fatalf("a failed read after the create: %+v; want failed-dirty", d)
	}

	// a run that makes the third read only in the baseline: not reached
	extra.Store(0)
	rep, err = sweep.Sweep(sweep.Options{Faults: []string{sweep.FaultNetwork}, CallTimeout: 50 * time.Millisecond}, retryAll(&extra))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Skipped.NotReached != 0 || rep.Skipped.Equivalent != 4 {
		// reads 2 and 3 are equivalent to read 1 (reset and delay each)
		t.Fatalf("skipped %+v", rep.Skipped)
	}
}

// TestNotReached: a call the baseline made but a variant's run never
// reaches is counted, not judged.
func TestNotReached(t *testing.T) {
	var runs atomic.Int32
	rep, err := sweep.Sweep(sweep.Options{Faults: []string{sweep.FaultErrors}, Codes: []string{"InternalError"}},
		func(t testing.TB, env sweep.Env) {
			c, _ := vpc.NewClientWithOptions(env.RegionID, sdk.NewConfig().WithScheme("HTTP").WithAutoRetry(false),
				credentials.NewAccessKeyCredential(env.AccessKeyID, env.AccessKeySecret))
			c.Domain = env.Endpoint
			d := vpc.CreateDescribePhysicalConnectionsRequest()
			d.Scheme = "http"
			_, _ = c.DescribePhysicalConnections(d)
			if runs.Add(1) == 1 { // the baseline only
				d.PageSize = "20"
				_, _ = c.DescribePhysicalConnections(d)
			}
		})
	if err != nil {
		t.Fatal(err)
	}
	if v := byName(rep)["DescribePhysicalConnections#2 InternalError"]; v == nil || v.Skipped != "not reached" || rep.Skipped.NotReached != 1 {
		t.Fatalf("%+v, skipped %+v; want not reached", v, rep.Skipped)
	}
}

// TestReports: JSON, JUnit and HTML carry every variant.
func TestReports(t *testing.T) {
	rep, err := sweep.Sweep(sweep.Options{Faults: []string{sweep.FaultErrors}, Codes: []string{"ServiceUnavailable"}},
		pcWorkflow(pcflow.Leak))
	if err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := sweep.WriteJSON(&js, rep); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Command  string
		Baseline struct{ Trace []map[string]any }
		Variants []struct {
			Call, Action, Outcome string
			Fault                 map[string]any
			ExitCode              int
			Leftovers             []string
			Retries               int
		}
		Skipped map[string]int
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Variants) != 4 || doc.Variants[1].Call != "DescribePhysicalConnections#1" || doc.Variants[1].Outcome != "failed-dirty" ||
		doc.Variants[1].Fault["code"] != "ServiceUnavailable" || len(doc.Variants[1].Leftovers) != 1 || doc.Variants[1].ExitCode != 1 ||
		len(doc.Baseline.Trace) != 4 || doc.Skipped == nil {
		t.Fatalf("JSON report: %s", js.String())
	}
	var ju bytes.Buffer
	if err := sweep.WriteJUnit(&ju, rep); err != nil {
		t.Fatal(err)
	}
	var suite struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Cases    []struct {
			Class   string `xml:"classname,attr"`
			Name    string `xml:"name,attr"`
			Failure *struct {
				Type string `xml:"type,attr"`
			} `xml:"failure"`
		} `xml:"testcase"`
	}
	if err := xml.Unmarshal(ju.Bytes(), &suite); err != nil {
		t.Fatal(err)
	}
	if suite.Tests != 4 || suite.Failures != 3 || suite.Cases[2].Class != "CancelPhysicalConnection#1" ||
		suite.Cases[2].Failure == nil || suite.Cases[2].Failure.Type != "failed-dirty" {
		t.Fatalf("JUnit report: %s", ju.String())
	}
	var h bytes.Buffer
	if err := sweep.WriteHTML(&h, rep); err != nil {
		t.Fatal(err)
	}
	page := h.String()
	for _, want := range []string{`class="c failed-dirty"`, "DeletePhysicalConnection#1", "ServiceUnavailable", "left behind: PhysicalConnection"} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
	for _, bad := range []string{"<script src", "<link", "<img"} {
		if strings.Contains(page, bad) {
			t.Errorf("HTML report is not self-contained: %q", bad)
		}
	}
	var txt bytes.Buffer
	sweep.WriteText(&txt, rep)
	if !strings.Contains(txt.String(), "3 variants fail the sweep") || !strings.Contains(txt.String(), "DIRTY") {
		t.Errorf("text report:\n%s", txt.String())
	}
}

// TestBaselineMustPass: a workflow failing without faults stops the sweep.
func TestBaselineMustPass(t *testing.T) {
	_, err := sweep.Sweep(sweep.Options{}, func(t testing.TB, env sweep.Env) { t.Fatal("broken") })
	if err == nil || !strings.Contains(err.Error(), "baseline") {
		t.Fatalf("got %v; want a baseline error", err)
	}
	_, err = sweep.Sweep(sweep.Options{}, func(t testing.TB, env sweep.Env) { panic("boom") })
	if err == nil || !strings.Contains(err.Error(), "baseline") {
		t.Fatalf("a panicking workflow: %v; want a baseline error", err)
	}
	if _, err := sweep.Sweep(sweep.Options{Codes: []string{"NoSuchCode"}}, func(testing.TB, sweep.Env) {}); err == nil ||
		!strings.Contains(err.Error(), "NoSuchCode") {
		t.Fatalf("got %v; want an unknown-code error", err)
	}
}
