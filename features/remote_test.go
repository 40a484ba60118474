package features_test

import (
	"testing"

	"github.com/cucumber/godog"

	"github.com/ecmock/ecmock/features/steps"
	"github.com/ecmock/ecmock/mock"
)

// TestFeaturesAgainstRunningServer runs the API features the way a staging
// run does: through ECMOCK_ENDPOINT at one running ecmock (here started on
// 127.0.0.1:0), reset before every scenario, one scenario at a time, @chaos
// scenarios skipped.
func TestFeaturesAgainstRunningServer(t *testing.T) {
	if testing.Short() {
		t.Skip("the remote mode runs the API features a second time")
	}
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	a, b := srv.AccountA(), srv.AccountB()
	for k, v := range map[string]string{
		steps.EnvEndpoint: srv.Endpoint(), steps.EnvReset: "1",
		steps.EnvKeyID: a.AccessKeyID, steps.EnvSecret: a.AccessKeySecret, steps.EnvUID: a.UID,
		steps.EnvKeyIDB: b.AccessKeyID, steps.EnvSecretB: b.AccessKeySecret, steps.EnvUIDB: b.UID,
	} {
		t.Setenv(k, v)
	}
	cfg, err := steps.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Remote() {
		t.Fatal("FromEnv did not take ECMOCK_ENDPOINT")
	}
	cfg.Coverage = &steps.Coverage{}
	o := suiteOptions(t, cfg)
	o.Paths = []string{"api"}
	o.Format = "progress"
	suite := godog.TestSuite{
		Name:                "ecmock-remote",
		ScenarioInitializer: func(sc *godog.ScenarioContext) { steps.Register(sc, cfg) },
		Options:             &o,
	}
	if st := suite.Run(); st != 0 {
		t.Fatalf("features against a running ecmock failed (status %d); replay with -godog.random=%d", st, o.Randomize)
	}
}

// TestFeaturesWithFreshAccounts runs the API features against one running
// ecmock the way a shared staging server is used: no reset, every scenario
// with two accounts of its own from the accounts API, scenarios that change
// nothing global running concurrently. A bystander's resources on the same
// server must not disturb them, and they must leave no account behind.
func TestFeaturesWithFreshAccounts(t *testing.T) {
	if testing.Short() {
		t.Skip("the remote mode runs the API features a second time")
	}
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	bystander := srv.AccountA()
	before := len(srv.Accounts())
	t.Setenv(steps.EnvEndpoint, srv.Endpoint())
	t.Setenv(steps.EnvFresh, "1")
	cfg, err := steps.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.FreshAccounts {
		t.Fatal("FromEnv did not take ECMOCK_FRESH_ACCOUNTS")
	}
	// Another team's ECR on the shared server.
	if _, err := srv.ApplyScenarioYAML("fixtures:\n  - {type: ExpressConnectRouter, id: ecr-bystander01, account: " + bystander.AccessKeyID +
		", status: ACTIVE, attrs: {AlibabaSideAsn: 45104}}\n  - {type: PhysicalConnection, id: pc-bystander01, account: " + bystander.AccessKeyID + ", status: Enabled}\n"); err != nil {
		t.Fatal(err)
	}
	o := suiteOptions(t, cfg)
	o.Paths = []string{"api"}
	o.Format = "progress"
	o.Concurrency = 8
	suite := godog.TestSuite{
		Name:                "ecmock-fresh-accounts",
		ScenarioInitializer: func(sc *godog.ScenarioContext) { steps.Register(sc, cfg) },
		Options:             &o,
	}
	if st := suite.Run(); st != 0 {
		t.Fatalf("features with fresh accounts failed (status %d); replay with -godog.random=%d", st, o.Randomize)
	}
	if after := len(srv.Accounts()); after != before {
		t.Errorf("the server has %d accounts after the run; want the %d it had (every scenario deletes its own)", after, before)
	}
}
