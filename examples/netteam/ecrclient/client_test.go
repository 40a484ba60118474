package ecrclient_test

import (
	"context"
	"testing"

	"example.com/netteam/ecrclient"
	"github.com/ecmock/ecmock/mock"
)

// The client against an in-process ecmock: create, wait, delete.
func TestCreateWaitDelete(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Timing: "instant"})
	a := srv.AccountA()
	c, err := ecrclient.New(srv.Endpoint(), "http", a.AccessKeyID, a.AccessKeySecret, "cn-hangzhou")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id, err := c.CreateRouter(ctx, "edge", 45104)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.WaitActive(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteRouter(ctx, id); err != nil {
		t.Fatal(err)
	}
	if st, err := c.Status(ctx, id); err != nil || st != "" {
		t.Fatalf("after delete: status %q, error %v; want gone", st, err)
	}
}
