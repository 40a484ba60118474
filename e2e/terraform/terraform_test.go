//go:build terraform

// Package terraform is ecmock's end-to-end test with Terraform and the
// official alicloud provider (built from its public source): it applies a
// configuration covering the Express Connect, ECR and CEN resources and data
// sources against an in-process ecmock (instant timing, every transitional
// status held for two reads), checks that a second plan has nothing to do,
// updates every updatable argument (tags included), plans again, and
// destroys; then it asserts from ecmock's journal that no call answered
// InvalidAction.NotFound, InvalidVersion or a 5xx.
//
// Run it with `make test-terraform` (build tag terraform). It needs
// terraform on PATH (or TERRAFORM) and the provider at
// ECMOCK_TF_PROVIDER_DIR (default ../shared/terraform beside the
// repository: terraform-provider-alicloud.gz or an unpacked
// terraform-provider-alicloud); without them it skips, saying what is
// missing.
package terraform

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/catalog"
	"github.com/ecmock/ecmock/mock"
)

// providerDir finds the unpacked provider binary, unpacking the .gz into the
// repository's git-ignored .cache/terraform when needed. "" with a reason
// when it cannot.
func providerDir(t *testing.T) (string, string) {
	src := os.Getenv("ECMOCK_TF_PROVIDER_DIR")
	if src == "" {
		src = filepath.Join("..", "..", "..", "shared", "terraform")
	}
	if bin := filepath.Join(src, "terraform-provider-alicloud"); isFile(bin) {
		abs, _ := filepath.Abs(src)
		return abs, ""
	}
	gz := filepath.Join(src, "terraform-provider-alicloud.gz")
	if !isFile(gz) {
		return "", fmt.Sprintf("no terraform-provider-alicloud(.gz) in %s (set ECMOCK_TF_PROVIDER_DIR, or TF_PROVIDER_DIR for make)", src)
	}
	cache, _ := filepath.Abs(filepath.Join("..", "..", ".cache", "terraform"))
	bin := filepath.Join(cache, "terraform-provider-alicloud")
	if st, err := os.Stat(bin); err == nil {
		if gst, err := os.Stat(gz); err == nil && st.ModTime().After(gst.ModTime()) {
			return cache, ""
		}
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return "", err.Error()
	}
	in, err := os.Open(gz)
	if err != nil {
		return "", err.Error()
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		return "", err.Error()
	}
	tmp := bin + ".tmp"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o755)
	if err != nil {
		return "", err.Error()
	}
	if _, err := io.Copy(out, zr); err != nil {
		out.Close()
		return "", err.Error()
	}
	if err := out.Close(); err != nil {
		return "", err.Error()
	}
	if err := os.Rename(tmp, bin); err != nil {
		return "", err.Error()
	}
	t.Logf("unpacked %s into %s", gz, cache)
	return cache, ""
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// run is one Terraform working directory aimed at an ecmock server.
type run struct {
	t   *testing.T
	tf  string
	dir string
	env []string
	log *os.File
}

// do runs terraform with args and returns its exit code; the output goes to
// the run's log (and its tail into the test's failure message).
func (r *run) do(args ...string) (int, string) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, r.tf, args...)
	cmd.Dir, cmd.Env = r.dir, r.env
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.MultiWriter(&buf, r.log), io.MultiWriter(&buf, r.log)
	fmt.Fprintf(r.log, "\n$ terraform %s\n", strings.Join(args, " "))
	start := time.Now()
	err := cmd.Run()
	code := 0
	if err != nil {
		code = -1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
	}
	r.t.Logf("terraform %s: exit %d in %s", strings.Join(args, " "), code, time.Since(start).Round(time.Second))
	return code, buf.String()
}

func (r *run) must(args ...string) {
	r.t.Helper()
	if code, out := r.do(args...); code != 0 {
		r.t.Fatalf("terraform %s: exit %d\n%s", strings.Join(args, " "), code, tail(out, 80))
	}
}

// noChanges plans and fails unless the plan is empty (exit 0 of
// -detailed-exitcode).
func (r *run) noChanges(vars ...string) {
	r.t.Helper()
	args := append([]string{"plan", "-detailed-exitcode", "-input=false", "-no-color"}, vars...)
	code, out := r.do(args...)
	if code != 0 {
		r.t.Fatalf("terraform plan after apply: exit %d (0 = no drift)\n%s", code, tail(out, 120))
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// holdRules are fault rules holding every automatic transition of the
// catalogue for two reads, so that the provider's waiters poll through each
// transitional status.
func holdRules(t *testing.T) string {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("faults:\n")
	for _, pn := range cat.ProductNames() {
		p := cat.Products[pn]
		types := make([]string, 0, len(p.Lifecycles))
		for typ := range p.Lifecycles {
			types = append(types, typ)
		}
		sort.Strings(types)
		for _, typ := range types {
			for _, tr := range p.Lifecycles[typ] {
				fmt.Fprintf(&b, "  - name: hold-%s-%s\n    lifecycle: {type: %s, from: %q, to: %q, reads: 2}\n",
					strings.ToLower(typ), strings.ToLower(strings.ReplaceAll(tr.From, " ", "-")), typ, tr.From, tr.To)
			}
		}
	}
	return b.String()
}

func TestTerraformApplyUpdateDestroy(t *testing.T) {
	tf := os.Getenv("TERRAFORM")
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			t.Skip("terraform is not on PATH (set TERRAFORM): the Terraform end-to-end test is skipped")
		}
	}
	prov, why := providerDir(t)
	if prov == "" {
		t.Skip("the alicloud provider binary is missing: " + why + "; the Terraform end-to-end test is skipped")
	}

	srv := mock.StartTest(t, mock.Options{Timing: "instant", JournalSize: 200000})
	if _, err := srv.ApplyScenarioYAML("name: terraform-holds\ndescription: every transitional status held for two reads\n" + holdRules(t)); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cli := filepath.Join(dir, "cli.tfrc")
	if err := os.WriteFile(cli, []byte(fmt.Sprintf("provider_installation {\n  dev_overrides { \"aliyun/alicloud\" = %q }\n  direct {}\n}\n", prov)), 0o644); err != nil {
		t.Fatal(err)
	}
	a, b := srv.AccountA(), srv.AccountB()
	main := strings.NewReplacer("{endpoint}", srv.Endpoint(), "{keyA}", a.AccessKeyID, "{secretA}", a.AccessKeySecret,
		"{keyB}", b.AccessKeyID, "{secretB}", b.AccessKeySecret, "{uidA}", a.UID, "{uidB}", b.UID).Replace(configuration)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(dir, "terraform.log")
	log, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	if keep := os.Getenv("ECMOCK_TF_KEEP_LOG"); keep != "" {
		defer func() { data, _ := os.ReadFile(logPath); _ = os.WriteFile(keep, data, 0o644) }()
	}
	r := &run{t: t, tf: tf, dir: dir, log: log, env: append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cli, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"ALIBABA_CLOUD_ENDPOINT_EXPRESSCONNECTROUTER="+srv.Endpoint(),
		"TF_LOG=", "ALICLOUD_ACCESS_KEY=", "ALICLOUD_SECRET_KEY=", "ALIBABA_CLOUD_ACCESS_KEY_ID=", "ALIBABA_CLOUD_ACCESS_KEY_SECRET=")}

	first := []string{"-var", "phase=a"}
	second := []string{"-var", "phase=b"}
	r.must(append([]string{"apply", "-auto-approve", "-input=false", "-no-color"}, first...)...)
	r.noChanges(first...)
	r.must(append([]string{"apply", "-auto-approve", "-input=false", "-no-color"}, second...)...)
	r.noChanges(second...)
	// The API deletes only a Terminated physical connection (and terminates
	// only one without VBRs): remove everything else, terminate, destroy.
	r.must(append([]string{"apply", "-auto-approve", "-input=false", "-no-color", "-var", "keep=false"}, second...)...)
	r.must(append([]string{"apply", "-auto-approve", "-input=false", "-no-color", "-var", "keep=false", "-var", "pc_status=Terminated"}, second...)...)
	r.must(append([]string{"destroy", "-auto-approve", "-input=false", "-no-color", "-var", "keep=false", "-var", "pc_status=Terminated"}, second...)...)

	var bad []string
	actions := map[string]int{}
	for _, c := range srv.Journal("") {
		actions[c.Product+"."+c.Action]++
		if c.Code == "InvalidAction.NotFound" || c.Code == "InvalidVersion" || c.Status >= 500 {
			bad = append(bad, fmt.Sprintf("%s %s %s", c.Product, c.Action, c.Code))
		}
	}
	if len(bad) > 0 {
		t.Errorf("calls ecmock does not serve or failed on: %v", bad)
	}
	names := make([]string, 0, len(actions))
	for k := range actions {
		names = append(names, k)
	}
	sort.Strings(names)
	t.Logf("%d distinct actions called: %s", len(names), strings.Join(names, " "))
}
