package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startServe runs `ecmock serve args...` in-process and returns its base URL,
// everything it printed so far, and a channel with its exit code.
func startServe(t *testing.T, args ...string) (string, string, <-chan int) {
	t.Helper()
	pr, pw := io.Pipe()
	code := make(chan int, 1)
	go func() {
		c := run(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), pw, io.Discard)
		pw.Close()
		code <- c
	}()
	// With --auth verify the account list follows the address; its last line
	// is account B's (UID 1000000000000002) in these tests.
	open := strings.Contains(strings.Join(args, " "), "open")
	sc := bufio.NewScanner(pr)
	var url string
	var out strings.Builder
	for sc.Scan() {
		line := sc.Text()
		out.WriteString(line + "\n")
		if rest, ok := strings.CutPrefix(line, "ecmock serving on "); ok {
			url = strings.Fields(rest)[0]
		}
		if url != "" && (open || strings.Contains(line, "uid 1000000000000002")) {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if url == "" {
		t.Fatalf("serve printed no address: %q", out.String())
	}
	return url, out.String(), code
}

func TestSecretsNotPrintedExceptBuiltinAccounts(t *testing.T) {
	dir := t.TempDir()
	creds := filepath.Join(dir, "creds.yaml")
	if err := os.WriteFile(creds, []byte("accounts:\n  - {uid: \"1000000000000001\", accessKeyId: LTAIecmockAccountA, accessKeySecret: ecmock-secret-a}\n  - {uid: \"1000000000000002\", accessKeyId: LTAIteam, accessKeySecret: top-secret-value}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, out, code := startServe(t, "--credentials", creds)
	if strings.Contains(out, "top-secret-value") || !strings.Contains(out, "ecmock-secret-a") || !strings.Contains(out, "--print-credentials") {
		t.Fatalf("start-up output %q; want the built-in secret shown and the file's hidden", out)
	}
	_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
	if c := <-code; c != 0 {
		t.Fatalf("exit %d after SIGTERM; want 0", c)
	}
	_, out, code = startServe(t, "--credentials", creds, "--print-credentials")
	if !strings.Contains(out, "top-secret-value") {
		t.Fatalf("--print-credentials output %q; want every secret", out)
	}
	_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
	<-code
}

func addDelayFault(t *testing.T, url, delay string) {
	t.Helper()
	res, err := http.Post(url+"/_ecmock/faults", "application/json",
		strings.NewReader(`{"name":"held","match":{"action":"DescribePhysicalConnections"},"do":{"delay":"`+delay+`"}}`))
	if err != nil || res.StatusCode != 201 {
		t.Fatalf("adding the fault: %v %v", err, res)
	}
	res.Body.Close()
}

// waitHeld polls the fault list until the rule has fired (the call is held).
func waitHeld(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(url + "/_ecmock/faults")
		if err == nil {
			var v struct {
				Faults []struct{ Hits int64 } `json:"faults"`
			}
			_ = json.NewDecoder(res.Body).Decode(&v)
			res.Body.Close()
			if len(v.Faults) > 0 && v.Faults[0].Hits > 0 {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the call never reached the fault")
}

func heldCall(url string) <-chan string {
	done := make(chan string, 1)
	go func() {
		res, err := http.Get(url + "/?Action=DescribePhysicalConnections&Version=2016-04-28&RegionId=cn-hangzhou")
		if err != nil {
			done <- "error " + err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		done <- res.Status + " " + string(b)
	}()
	return done
}

func TestSIGTERMFinishesCallsInFlight(t *testing.T) {
	url, _, code := startServe(t, "--auth", "open")
	addDelayFault(t, url, "400ms")
	done := heldCall(url)
	waitHeld(t, url)
	_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
	if r := <-done; !strings.HasPrefix(r, "200") {
		t.Fatalf("call in flight at SIGTERM: %s; want 200", r)
	}
	if c := <-code; c != 0 {
		t.Fatalf("exit %d; want 0", c)
	}
}

func TestSIGTERMGraceAnswersServiceUnavailable(t *testing.T) {
	url, _, code := startServe(t, "--auth", "open", "--shutdown-grace", "200ms")
	addDelayFault(t, url, "1h")
	done := heldCall(url)
	waitHeld(t, url)
	start := time.Now()
	_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
	if r := <-done; !strings.HasPrefix(r, "503") || !strings.Contains(r, "ServiceUnavailable") {
		t.Fatalf("call held past the grace: %s; want 503 ServiceUnavailable", r)
	}
	if c := <-code; c != 0 {
		t.Fatalf("exit %d; want 0", c)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("shutdown took %v; want about the 200ms grace", d)
	}
}

func TestServeFlagBounds(t *testing.T) {
	for _, args := range [][]string{
		{"--time-scale", "-5"}, {"--time-scale", "0"}, {"--journal-size", "-1"}, {"--journal-size", "2000000000"},
		{"--journal-bytes", "-1"}, {"--read-timeout", "-1s"}, {"--max-conns", "-2"}, {"--shutdown-grace", "-1s"},
	} {
		var errb strings.Builder
		c := run(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), io.Discard, &errb)
		if c == 0 || !strings.Contains(errb.String(), strings.TrimPrefix(args[0], "--")) {
			t.Errorf("%v: exit %d, stderr %q; want a refusal naming the flag", args, c, errb.String())
		}
	}
}

func TestAccountsCommand(t *testing.T) {
	url, _, code := startServe(t)
	defer func() { _ = syscall.Kill(os.Getpid(), syscall.SIGTERM); <-code }()
	var out, errb strings.Builder
	if c := run([]string{"accounts", "create", "--server", url, "--uid", "1234567890123456", "--quota", "PhysicalConnectionsNotEnabled=2", "--flag", "vpconnDenied"}, &out, &errb); c != 0 || !strings.Contains(out.String(), "accessKeySecret ") {
		t.Fatalf("create: exit %d, %q %q", c, out.String(), errb.String())
	}
	out.Reset()
	if c := run([]string{"accounts", "list", "--server", url}, &out, &errb); c != 0 || !strings.Contains(out.String(), "PhysicalConnectionsNotEnabled=2") || !strings.Contains(out.String(), "vpconnDenied=true") {
		t.Fatalf("list: exit %d, %q", c, out.String())
	}
	errb.Reset()
	if c := run([]string{"accounts", "create", "--server", url, "--quota", "Nope=1"}, &out, &errb); c != 1 || !strings.Contains(errb.String(), "known:") {
		t.Fatalf("unknown quota: exit %d, %q; want 1 listing the known quotas", c, errb.String())
	}
	out.Reset()
	if c := run([]string{"accounts", "rm", "1234567890123456", "--server", url}, &out, &errb); c != 0 || !strings.Contains(out.String(), "deleted 1234567890123456") {
		t.Fatalf("rm: exit %d, %q %q", c, out.String(), errb.String())
	}
	errb.Reset()
	if c := run([]string{"accounts", "show", "1234567890123456", "--server", url}, &out, &errb); c != 1 {
		t.Fatalf("show deleted: exit %d; want 1", c)
	}
}
