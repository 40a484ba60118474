package mock

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Files written by SelfSignedTLS into its directory.
const (
	CAFile        = "ca.pem"         // the CA certificate clients trust
	ServerCert    = "server.pem"     // the server's certificate, signed by the CA
	ServerKeyFile = "server-key.pem" // the server's private key (mode 0600)
)

// tlsConfig builds the TLS configuration of Options (nil without TLS).
func (o *Options) tlsConfig(listenHost string) (*tls.Config, error) {
	certFile, keyFile := o.TLSCertFile, o.TLSKeyFile
	if (certFile == "") != (keyFile == "") {
		return nil, errors.New("--tls-cert and --tls-key go together")
	}
	if o.TLSSelfSignedDir != "" {
		if certFile != "" {
			return nil, errors.New("--tls-self-signed and --tls-cert/--tls-key exclude each other")
		}
		if err := SelfSignedTLS(o.TLSSelfSignedDir, append([]string{listenHost}, o.TLSHosts...)...); err != nil {
			return nil, err
		}
		certFile, keyFile = filepath.Join(o.TLSSelfSignedDir, ServerCert), filepath.Join(o.TLSSelfSignedDir, ServerKeyFile)
	}
	if certFile == "" {
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("TLS certificate: %v", err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// SelfSignedTLS makes sure dir holds a CA certificate (ca.pem) and a server
// certificate and key it signed (server.pem, server-key.pem) valid for hosts
// (names or IPs; 0.0.0.0 and :: are left out), localhost, 127.0.0.1 and ::1.
// Existing files are kept when their server certificate covers them all and
// is valid for another day; otherwise all three are written anew (clients
// must trust the new ca.pem). The CA's key is never written: nothing else
// can be signed with it.
func SelfSignedTLS(dir string, hosts ...string) error {
	names := []string{"localhost"}
	ips := []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")}
	for _, host := range hosts {
		if ip := net.ParseIP(host); ip != nil {
			if !ip.IsUnspecified() && !ip.IsLoopback() {
				ips = append(ips, ip)
			}
		} else if host != "" && host != "localhost" {
			names = append(names, host)
		}
	}
	if usable(dir, names, ips) {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now()
	ca := &x509.Certificate{SerialNumber: serial(), Subject: pkix.Name{CommonName: "ecmock self-signed CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(2, 0, 0), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign, MaxPathLenZero: true}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	leaf := &x509.Certificate{SerialNumber: serial(), Subject: pkix.Name{CommonName: names[len(names)-1]},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(1, 0, 0), DNSNames: names, IPAddresses: ips,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name, typ string
		der       []byte
		mode      os.FileMode
	}{
		{CAFile, "CERTIFICATE", caDER, 0o644},
		{ServerCert, "CERTIFICATE", leafDER, 0o644},
		{ServerKeyFile, "EC PRIVATE KEY", keyDER, 0o600},
	} {
		b := pem.EncodeToMemory(&pem.Block{Type: f.typ, Bytes: f.der})
		if err := os.WriteFile(filepath.Join(dir, f.name), b, f.mode); err != nil {
			return err
		}
	}
	return nil
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 126))
	return n
}

// usable reports whether dir's server certificate covers the names and IPs
// for at least another day.
func usable(dir string, names []string, ips []net.IP) bool {
	if _, err := os.Stat(filepath.Join(dir, CAFile)); err != nil {
		return false
	}
	pair, err := tls.LoadX509KeyPair(filepath.Join(dir, ServerCert), filepath.Join(dir, ServerKeyFile))
	if err != nil || len(pair.Certificate) == 0 {
		return false
	}
	c, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil || time.Until(c.NotAfter) < 24*time.Hour {
		return false
	}
	for _, n := range names {
		if c.VerifyHostname(n) != nil {
			return false
		}
	}
	for _, ip := range ips {
		if c.VerifyHostname(ip.String()) != nil {
			return false
		}
	}
	return true
}
