package features_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/cucumber/godog"

	"github.com/ecmock/ecmock/contracts/client"
	"github.com/ecmock/ecmock/features/steps"
)

// retriesEverything is a deliberately wrong client: the reference client
// with a retry policy that retries every failure up to four tries,
// QuotaExceeded and validation errors included.
func retriesEverything(c *client.Client) {
	c.Retry = func(_, _ string, attempt int) bool { return attempt < 4 }
}

// neverRetries is another wrong client: it gives up on Conflict.Lock.
func neverRetries(c *client.Client) { c.Retry = client.NoRetry }

// runWith runs feature files with a client and returns godog's status and output.
func runWith(t *testing.T, factory steps.ClientFactory, paths ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	cfg := &steps.Config{NewClient: factory}
	suite := godog.TestSuite{
		Name:                "wrong-client",
		ScenarioInitializer: func(sc *godog.ScenarioContext) { steps.Register(sc, cfg) },
		Options: &godog.Options{Format: "pretty", Output: &out, NoColors: true, Strict: true,
			Paths: paths, Concurrency: 4},
	}
	return suite.Run(), out.String()
}

// TestWrongClientIsCaught runs the client features with clients that break
// the rules and checks that they fail, saying what the client did wrong.
func TestWrongClientIsCaught(t *testing.T) {
	if st, out := runWith(t, referenceClient(nil), "client/ecr_client.feature"); st != 0 {
		t.Fatalf("the reference client fails the client features (status %d):\n%s", st, out)
	}

	st, out := runWith(t, referenceClient(retriesEverything), "client/ecr_client.feature")
	if st == 0 {
		t.Fatalf("a client that retries QuotaExceeded passed the client features:\n%s", out)
	}
	for _, want := range []string{
		"the client retried CreateExpressConnectRouter after QuotaExceeded.EcrCountPerUser, which must not be retried: ecmock received 4 CreateExpressConnectRouter calls, want 1",
		"the client retried CreateExpressConnectRouter after IllegalParam.AlibabaSideAsn, which must not be retried",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the failure output does not say %q:\n%s", want, out)
		}
	}

	st, out = runWith(t, referenceClient(neverRetries), "client/ecr_client.feature")
	if st == 0 {
		t.Fatalf("a client that never retries passed the client features:\n%s", out)
	}
	if want := "the client failed to create ECR: CreateExpressConnectRouter failed with Conflict.Lock"; !strings.Contains(out, want) {
		t.Errorf("the failure output does not say %q:\n%s", want, out)
	}
}

// swallowsErrors is a wrong client: its Call reports success whatever the
// answer was.
type swallowsErrors struct{ *refAdapter }

func (s swallowsErrors) Call(ctx context.Context, action string, p map[string]string) (map[string]any, error) {
	s.refAdapter.Call(ctx, action, p)
	return nil, nil
}

// TestClientThatSwallowsErrorsIsShownTheJournal checks that "the client fails
// with" shows what ecmock answered when the client claimed success.
func TestClientThatSwallowsErrorsIsShownTheJournal(t *testing.T) {
	ref := referenceClient(nil)
	factory := func(env steps.ClientEnv) (steps.Client, error) {
		c, err := ref(env)
		if err != nil {
			return nil, err
		}
		return swallowsErrors{c.(*refAdapter)}, nil
	}
	st, out := runWith(t, factory, "testdata/swallowed_error.feature")
	if st == 0 {
		t.Fatalf("a client that swallows errors passed:\n%s", out)
	}
	want := "the client succeeded to call DeleteExpressConnectRouter; want it to fail with ResourceNotFound.EcrId (ecmock's journal of the scenario: "
	if !strings.Contains(out, want) || !strings.Contains(out, "DeleteExpressConnectRouter→ResourceNotFound.EcrId") {
		t.Errorf("the failure output does not show the journal (%q ... DeleteExpressConnectRouter→ResourceNotFound.EcrId):\n%s", want, out)
	}
}
