//go:build pact

package consumer_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pact-foundation/pact-go/v2/consumer"
	"github.com/pact-foundation/pact-go/v2/matchers"
	"github.com/pact-foundation/pact-go/v2/models"

	"github.com/ecmock/ecmock/contracts/client"
)

// Names in the pact file: this client, and the API it calls (served by
// ecmock in verification).
const (
	consumerName = "ecmock-reference-client"
	providerName = "alibaba-cloud-express-connect"
)

// pactDir is contracts/pacts, where the pact file is written and committed.
var pactDir = func() string {
	d, err := filepath.Abs("../pacts")
	if err != nil {
		panic(err)
	}
	return d
}()

// PactFile is the file these tests write.
var pactFile = filepath.Join(pactDir, consumerName+"-"+providerName+".json")

// runDir holds one directory per test, where that test's mock provider
// writes its own pact file; TestMain merges them into pactFile. (Pact's
// own merge into one shared file was seen to lose the interactions of
// earlier tests now and then under -race.)
var runDir string

// TestMain starts the full run from an empty pact file, so interactions
// removed from the tests leave it too; a run of a few tests (-run) merges
// into the existing file.
func TestMain(m *testing.M) {
	flag.Parse()
	full := true
	if f := flag.Lookup("test.run"); f != nil && f.Value.String() != "" {
		full = false
	}
	var err error
	if runDir, err = os.MkdirTemp("", "ecmock-pacts-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if code == 0 {
		if err := mergePactFiles(pactFile, runDir, !full); err != nil {
			fmt.Fprintln(os.Stderr, "writing the pact file:", err)
			code = 1
		} else if err := normalisePactFile(pactFile); err != nil {
			fmt.Fprintln(os.Stderr, "normalising the pact file:", err)
			code = 1
		}
	}
	os.RemoveAll(runDir)
	os.Exit(code)
}

// newPact starts a V4 mock provider for one test.
func newPact(t *testing.T) *consumer.V4HTTPMockProvider {
	t.Helper()
	p, err := consumer.NewV4Pact(consumer.MockHTTPProviderConfig{
		Consumer: consumerName,
		Provider: providerName,
		PactDir:  filepath.Join(runDir, strings.ReplaceAll(t.Name(), "/", "_")),
		LogDir:   t.TempDir(),
		Host:     "127.0.0.1",
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Accounts the pacts use: ecmock's built-in accounts (in verification ecmock
// runs with open auth, so only the access key matters and the recorded
// signatures are not checked).
const (
	accessKeyA = "LTAIecmockAccountA"
	secretA    = "ecmock-secret-a"
	uidB       = "1000000000000002"
)

// recorder replaces sleeping: it records each pause and moves a fake clock,
// so waits and retries run at once and deadlines are reached by the clock.
type recorder struct {
	mu     sync.Mutex
	now    time.Time
	pauses []time.Duration
}

func (r *recorder) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pauses = append(r.pauses, d)
	r.now = r.now.Add(d)
	return ctx.Err()
}

func (r *recorder) clock() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.now
}

// newClient aims the reference client at the pact mock server.
func newClient(t *testing.T, cfg consumer.MockServerConfig) (*client.Client, *recorder) {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: fmt.Sprintf("%s:%d", cfg.Host, cfg.Port),
		AccessKeyID: accessKeyA, AccessKeySecret: secretA, RegionID: "cn-hangzhou"})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c.Sleep, c.Now = rec.sleep, rec.clock
	return c, rec
}

// Matchers for what varies per call.
var (
	// regionID is any region ID.
	regionID = matchers.Regex("cn-hangzhou", `^[a-z]{2}(-[a-z0-9]+)+$`)
	// requestID is the API's request ID format.
	requestID = matchers.Regex("6FABF516-FED3-5697-BDA2-B18C5D9A1234", `^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$`)
	// clientToken is the reference client's token (32 hex characters).
	clientToken = matchers.Regex("0123456789abcdef0123456789abcdef", `^[0-9a-f]{32}$`)
	jsonType    = matchers.Regex("application/json;charset=utf-8", `^application/json(;\s*charset=utf-8)?$`)
)

// id matches a resource ID with prefix.
func id(example, prefix string) matchers.Matcher {
	return matchers.Regex(example, `^`+prefix+`-[a-z0-9]+$`)
}

// q is the business parameters of a call.
type q map[string]matchers.Matcher

// rpc is the query the Go SDK sends: every parameter of a POST in the query
// string, signed. The signing parameters vary per call, so they are matched
// by format; the verifier replays the examples against ecmock with open
// auth, which does not check signatures.
func rpc(action, version string, params q) consumer.V4RequestBuilderFunc {
	return func(b *consumer.V4RequestBuilder) {
		b.Query("Action", matchers.S(action))
		b.Query("Version", matchers.S(version))
		b.Query("Format", matchers.S("JSON"))
		b.Query("RegionId", regionID)
		b.Query("AccessKeyId", matchers.Regex(accessKeyA, `^[A-Za-z0-9]+$`))
		b.Query("Signature", matchers.Regex("c2lnbmF0dXJlLW9mLXRoZS1jYWxs", `^[A-Za-z0-9+/]+=*$`))
		b.Query("SignatureMethod", matchers.S("HMAC-SHA1"))
		b.Query("SignatureNonce", matchers.Regex("6b87b419a41da6f534967fbb5fe095b4", `^[0-9a-f]{32}$`))
		b.Query("SignatureType", matchers.S(""))
		b.Query("SignatureVersion", matchers.S("1.0"))
		b.Query("Timestamp", matchers.Regex("2026-01-01T00:00:00Z", `^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`))
		for k, v := range params {
			b.Query(k, v)
		}
	}
}

// ok is a success answer of a Vpc or Cbn action.
func ok(fields matchers.Map) consumer.V4ResponseBuilderFunc {
	body := matchers.Map{"RequestId": requestID}
	for k, v := range fields {
		body[k] = v
	}
	return func(b *consumer.V4ResponseBuilder) {
		b.Header("Content-Type", jsonType)
		b.JSONBody(body)
	}
}

// okECR is a success answer of an ExpressConnectRouter action: its envelope
// carries Success, Code, Message and HttpStatusCode.
func okECR(fields matchers.Map) consumer.V4ResponseBuilderFunc {
	f := matchers.Map{"Success": matchers.Equality(true), "Code": matchers.S("200"), "Message": matchers.S("OK"),
		"HttpStatusCode": matchers.Equality(200)}
	for k, v := range fields {
		f[k] = v
	}
	return ok(f)
}

// fail is an error answer: the documented code, a message, the request and
// host IDs.
func fail(code string) consumer.V4ResponseBuilderFunc {
	return ok(matchers.Map{"Code": matchers.S(code), "Message": matchers.Like("The reason."),
		"HostId": matchers.Like("vpc.aliyuncs.com")})
}

// failECR is an ExpressConnectRouter error answer.
func failECR(code string, status int) consumer.V4ResponseBuilderFunc {
	return ok(matchers.Map{"Code": matchers.S(code), "Message": matchers.Like("The reason."),
		"Success": matchers.Equality(false), "HttpStatusCode": matchers.Equality(status)})
}

// state is a provider state with params.
func state(name string, params map[string]any) models.ProviderState {
	return models.ProviderState{Name: name, Parameters: params}
}
