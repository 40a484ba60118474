// Command pcclient is a small physical-connection client for ecmock sweep's
// tests: create, wait for Allocated, cancel, delete. -bug makes it
// deliberately wrong:
//
//	-bug leak           leaks the connection when a call after its create fails
//	-bug ignore-delete  reports success after a failed delete
//	-bug poll-forever   polls forever on a connection that never settles
//
// It reads ECMOCK_ENDPOINT, ALIBABA_CLOUD_ACCESS_KEY_ID,
// ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_REGION_ID and
// ECMOCK_CALL_TIMEOUT, as `ecmock sweep` sets them.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/ecmock/ecmock/sweep/internal/pcflow"
)

func main() {
	bug := flag.String("bug", "", "leak, ignore-delete or poll-forever (none: the correct client)")
	noWait := flag.Bool("no-wait", false, "create, cancel and delete without waiting (three calls)")
	waitFor := flag.Duration("wait-for", time.Second, "how long the wait for Allocated may take (no limit with -bug poll-forever)")
	flag.Parse()
	ct, _ := time.ParseDuration(os.Getenv("ECMOCK_CALL_TIMEOUT"))
	err := pcflow.Run(context.Background(), pcflow.Config{
		Endpoint:        os.Getenv("ECMOCK_ENDPOINT"),
		AccessKeyID:     os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_ID"),
		AccessKeySecret: os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
		RegionID:        os.Getenv("ALIBABA_CLOUD_REGION_ID"),
		CallTimeout:     ct,
		Bug:             *bug,
		NoWait:          *noWait,
		WaitFor:         *waitFor,
		Log:             os.Stdout,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "pcclient:", err)
		os.Exit(1)
	}
}
