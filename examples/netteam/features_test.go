package netteam_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/cucumber/godog"

	"example.com/netteam/ecrclient"
	"github.com/ecmock/ecmock/features/steps"
)

// snippet:steps-begin
func TestFeatures(t *testing.T) {
	cfg, err := steps.FromEnv() // in-process ecmock per scenario unless ECMOCK_ENDPOINT is set
	if err != nil {
		t.Fatal(err)
	}
	cfg.NewClient = newClient // our client drives the "the client ..." steps
	suite := godog.TestSuite{
		ScenarioInitializer: func(sc *godog.ScenarioContext) { steps.Register(sc, cfg) },
		Options: &godog.Options{TestingT: t, Strict: true, Format: "progress",
			Paths: []string{"features"}, Concurrency: 4},
	}
	if suite.Run() != 0 {
		t.Fatal("features failed")
	}
}

// newClient plugs our client into the steps: its waits go through env.Sleep,
// which moves ecmock's manual clock instead of sleeping.
func newClient(env steps.ClientEnv) (steps.Client, error) {
	c, err := ecrclient.New(env.Endpoint, env.Scheme, env.Account.AccessKeyID, env.Account.AccessKeySecret, env.Region)
	if err != nil {
		return nil, err
	}
	c.Sleep = env.Sleep
	return adapter{c}, nil
}

// snippet:steps-end

// adapter maps the steps' resource kinds onto our client (only ECRs here).
type adapter struct{ c *ecrclient.Client }

func (a adapter) Create(ctx context.Context, kind string, p map[string]string) (string, error) {
	if kind != "ECR" {
		return "", fmt.Errorf("netteam's client does not create %q", kind)
	}
	asn := int64(45104)
	if v := p["AlibabaSideAsn"]; v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return "", err
		}
		asn = n
	}
	return a.c.CreateRouter(ctx, p["Name"], asn)
}

func (a adapter) WaitFor(ctx context.Context, kind, id, status string) error {
	if kind != "ECR" || status != "ACTIVE" {
		return fmt.Errorf("netteam's client only waits for ECRs to be ACTIVE, not %s to be %s", kind, status)
	}
	return a.c.WaitActive(ctx, id)
}

func (a adapter) Delete(ctx context.Context, kind, id string) error {
	if kind != "ECR" {
		return fmt.Errorf("netteam's client does not delete %q", kind)
	}
	return a.c.DeleteRouter(ctx, id)
}
