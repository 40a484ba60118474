package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

// runHealthcheck asks a local ecmock's GET /healthz (the container image's
// HEALTHCHECK: distroless images have no curl). The address comes from
// --url, or ECMOCK_ADDR with its host made loopback; HTTPS when ECMOCK_TLS_*
// is set (the certificate is not verified: the check only asks whether the
// process answers).
func runHealthcheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	u := fs.String("url", "", "URL to check (default: /healthz on $ECMOCK_ADDR, https with ECMOCK_TLS_*)")
	pos, code, done := parseArgs(fs, args, stdout, stderr)
	if done {
		return code
	}
	if !wantArgs(stderr, "healthcheck", pos, 0, "ecmock healthcheck [--url URL]") {
		return 2
	}
	target := *u
	if target == "" {
		addr := os.Getenv("ECMOCK_ADDR")
		if addr == "" {
			addr = "127.0.0.1:8080"
		}
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			fmt.Fprintf(stderr, "ecmock healthcheck: ECMOCK_ADDR %q: %v\n", addr, err)
			return 2
		}
		if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
			host = "127.0.0.1"
		}
		scheme := "http"
		if os.Getenv("ECMOCK_TLS_CERT") != "" || os.Getenv("ECMOCK_TLS_SELF_SIGNED") != "" {
			scheme = "https"
		}
		target = scheme + "://" + net.JoinHostPort(host, port) + "/healthz"
	}
	c := &http.Client{Timeout: 3 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} // #nosec: a liveness check of the local process
	res, err := c.Get(target)
	if err != nil {
		fmt.Fprintln(stderr, "ecmock healthcheck:", err)
		return 1
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "ecmock healthcheck: %s answered %s\n", target, res.Status)
		return 1
	}
	fmt.Fprintln(stdout, "ok")
	return 0
}
