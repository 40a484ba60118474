package main

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"debug/elf"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// TestStaticBinaryStartsFromEmptyDirWithEnvOnly builds ecmock as the
// container does (CGO_ENABLED=0), checks it is static, and starts it in an
// empty directory configured by ECMOCK_* variables alone.
func TestStaticBinaryStartsFromEmptyDirWithEnvOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool")
	}
	bin := filepath.Join(t.TempDir(), "ecmock")
	build := exec.Command(goBin, "build", "-trimpath", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	libs, _ := f.ImportedLibraries()
	if f.Section(".interp") != nil || len(libs) > 0 {
		t.Fatalf("binary is dynamic (interpreter or libraries %v)", libs)
	}
	f.Close()

	dir := t.TempDir()
	cmd := exec.Command(bin, "serve")
	cmd.Dir = dir
	cmd.Env = []string{"ECMOCK_ADDR=127.0.0.1:0", "ECMOCK_ADMIN_TOKEN=env-only-admin-token", "ECMOCK_TLS_SELF_SIGNED=tls",
		"ECMOCK_LOG_FORMAT=json", "ECMOCK_SHUTDOWN_GRACE=2s"}
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()
	sc := bufio.NewScanner(stdout)
	url := ""
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "ecmock serving on "); ok {
			url = strings.Fields(rest)[0]
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	if !strings.HasPrefix(url, "https://") {
		t.Fatalf("serving on %q; want https (stderr %s)", url, stderr.String())
	}
	pem, err := os.ReadFile(filepath.Join(dir, "tls", "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	res, err := c.Get(url + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", res, err)
	}
	res.Body.Close()
	hc := exec.Command(bin, "healthcheck", "--url", url+"/readyz")
	if out, err := hc.CombinedOutput(); err != nil {
		t.Fatalf("ecmock healthcheck: %v %s", err, out)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v; want 0 (stderr %s)", err, stderr.String())
	}
}

// TestKubernetesManifest parses deploy/kubernetes.yaml and checks what the
// README promises of it.
func TestKubernetesManifest(t *testing.T) {
	b, err := os.ReadFile("../../deploy/kubernetes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	kinds := map[string]bool{}
	for {
		var doc map[string]any
		if err := dec.Decode(&doc); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("deploy/kubernetes.yaml: %v", err)
		}
		kinds[doc["kind"].(string)] = true
	}
	for _, k := range []string{"Secret", "PersistentVolumeClaim", "Deployment", "Service"} {
		if !kinds[k] {
			t.Errorf("no %s in deploy/kubernetes.yaml", k)
		}
	}
	for _, want := range []string{"path: /healthz", "path: /readyz", "ECMOCK_TENANTS", "ECMOCK_ADMIN_TOKEN", "runAsNonRoot: true"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("deploy/kubernetes.yaml lacks %q", want)
		}
	}
	// The tenants file in the Secret is one ecmock accepts.
	var docs []map[string]any
	dec = yaml.NewDecoder(bytes.NewReader(b))
	for {
		var doc map[string]any
		if dec.Decode(&doc) != nil {
			break
		}
		docs = append(docs, doc)
	}
	for _, d := range docs {
		if d["kind"] == "Secret" {
			tf := d["stringData"].(map[string]any)["tenants.yaml"].(string)
			p := filepath.Join(t.TempDir(), "tenants.yaml")
			_ = os.WriteFile(p, []byte(tf), 0o600)
			_, _, code := startServe(t, "--admin-token", "admin-token-0123456789", "--tenants", p)
			_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
			if c := <-code; c != 0 {
				t.Fatalf("serve with the manifest's tenants file: exit %d", c)
			}
		}
	}
}

// TestDockerImage builds and runs deploy/Dockerfile. It needs a container
// runtime and network access to pull the base images: set
// ECMOCK_DOCKER_TEST=1 to run it.
func TestDockerImage(t *testing.T) {
	if os.Getenv("ECMOCK_DOCKER_TEST") != "1" {
		t.Skip("set ECMOCK_DOCKER_TEST=1 (needs docker and network) to build and run the image")
	}
	if out, err := exec.Command("docker", "info").CombinedOutput(); err != nil {
		t.Skipf("docker is not usable: %v %s", err, out)
	}
	build := exec.Command("docker", "build", "-f", "deploy/Dockerfile", "-t", "ecmock:test", ".")
	build.Dir = "../.."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("docker build: %v\n%s", err, out)
	}
	out, err := exec.Command("docker", "run", "-d", "-p", "127.0.0.1::8080", "-e", "ECMOCK_ADMIN_TOKEN=docker-admin-token", "ecmock:test").Output()
	if err != nil {
		t.Fatalf("docker run: %v", err)
	}
	id := strings.TrimSpace(string(out))
	defer exec.Command("docker", "rm", "-f", id).Run()
	port, err := exec.Command("docker", "port", id, "8080").Output()
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimSpace(strings.Split(string(port), "\n")[0])
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get("http://" + addr + "/readyz"); err == nil && res.StatusCode == 200 {
			res.Body.Close()
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("the container never became ready")
}
