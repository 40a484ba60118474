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
