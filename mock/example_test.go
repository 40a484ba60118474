package mock_test

import (
	"fmt"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/mock"
)

// Start ecmock in-process, point the official SDK at it, and watch a physical
// connection move through its cloud-side states on ecmock's manual clock.
func Example() {
	srv, _ := mock.Start(mock.Options{Clock: "manual", Timing: "fast"})
	defer srv.Close()

	a := srv.AccountA()
	client, _ := vpc.NewClientWithAccessKey("cn-hangzhou", a.AccessKeyID, a.AccessKeySecret)
	client.Domain = srv.Endpoint()

	req := vpc.CreateCreatePhysicalConnectionRequest()
	req.Scheme = "http"
	req.AccessPointId, req.LineOperator, req.PeerLocation = "ap-cn-hangzhou-yh-B", "CT", "Hangzhou DC1"
	created, _ := client.CreatePhysicalConnection(req)

	srv.Advance(10 * time.Second) // ten seconds of ecmock time: review and allocation are done
	r, _ := srv.Resource(created.PhysicalConnectionId)
	fmt.Println(r.Status)
	// Output: Allocated
}
