// Code written by hand from the Go SDK v1.63.107 services/vpc and services/cbn:
// the response struct of every Vpc and Cbn action the catalogue describes.

package completeness_test

import (
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
)

// sdkResponses returns a new SDK response struct by product and action.
var sdkResponses = map[string]func() any{
	"Vpc.ApplyPhysicalConnectionLOA":                           func() any { return &vpc.ApplyPhysicalConnectionLOAResponse{} },
	"Vpc.AssociatePhysicalConnectionToVirtualBorderRouter":     func() any { return &vpc.AssociatePhysicalConnectionToVirtualBorderRouterResponse{} },
	"Vpc.CancelPhysicalConnection":                             func() any { return &vpc.CancelPhysicalConnectionResponse{} },
	"Vpc.ChangeResourceGroup":                                  func() any { return &vpc.ChangeResourceGroupResponse{} },
	"Vpc.CompletePhysicalConnectionLOA":                        func() any { return &vpc.CompletePhysicalConnectionLOAResponse{} },
	"Vpc.ConfirmPhysicalConnection":                            func() any { return &vpc.ConfirmPhysicalConnectionResponse{} },
	"Vpc.CreateExpressCloudConnection":                         func() any { return &vpc.CreateExpressCloudConnectionResponse{} },
	"Vpc.CreatePhysicalConnection":                             func() any { return &vpc.CreatePhysicalConnectionResponse{} },
	"Vpc.CreatePhysicalConnectionOccupancyOrder":               func() any { return &vpc.CreatePhysicalConnectionOccupancyOrderResponse{} },
	"Vpc.CreatePhysicalConnectionSetupOrder":                   func() any { return &vpc.CreatePhysicalConnectionSetupOrderResponse{} },
	"Vpc.CreateVirtualBorderRouter":                            func() any { return &vpc.CreateVirtualBorderRouterResponse{} },
	"Vpc.CreateVirtualPhysicalConnection":                      func() any { return &vpc.CreateVirtualPhysicalConnectionResponse{} },
	"Vpc.DeletePhysicalConnection":                             func() any { return &vpc.DeletePhysicalConnectionResponse{} },
	"Vpc.DeleteVirtualBorderRouter":                            func() any { return &vpc.DeleteVirtualBorderRouterResponse{} },
	"Vpc.DescribeAccessPoints":                                 func() any { return &vpc.DescribeAccessPointsResponse{} },
	"Vpc.DescribePhysicalConnectionLOA":                        func() any { return &vpc.DescribePhysicalConnectionLOAResponse{} },
	"Vpc.DescribePhysicalConnections":                          func() any { return &vpc.DescribePhysicalConnectionsResponse{} },
	"Vpc.DescribeRegions":                                      func() any { return &vpc.DescribeRegionsResponse{} },
	"Vpc.DescribeVirtualBorderRouters":                         func() any { return &vpc.DescribeVirtualBorderRoutersResponse{} },
	"Vpc.DescribeVirtualBorderRoutersForPhysicalConnection":    func() any { return &vpc.DescribeVirtualBorderRoutersForPhysicalConnectionResponse{} },
	"Vpc.EnablePhysicalConnection":                             func() any { return &vpc.EnablePhysicalConnectionResponse{} },
	"Vpc.ListTagResources":                                     func() any { return &vpc.ListTagResourcesResponse{} },
	"Vpc.ListTagResourcesForExpressConnect":                    func() any { return &vpc.ListTagResourcesForExpressConnectResponse{} },
	"Vpc.ListVirtualPhysicalConnections":                       func() any { return &vpc.ListVirtualPhysicalConnectionsResponse{} },
	"Vpc.ModifyPhysicalConnectionAttribute":                    func() any { return &vpc.ModifyPhysicalConnectionAttributeResponse{} },
	"Vpc.ModifyVirtualBorderRouterAttribute":                   func() any { return &vpc.ModifyVirtualBorderRouterAttributeResponse{} },
	"Vpc.RecoverVirtualBorderRouter":                           func() any { return &vpc.RecoverVirtualBorderRouterResponse{} },
	"Vpc.TagResourcesForExpressConnect":                        func() any { return &vpc.TagResourcesForExpressConnectResponse{} },
	"Vpc.TerminatePhysicalConnection":                          func() any { return &vpc.TerminatePhysicalConnectionResponse{} },
	"Vpc.TerminateVirtualBorderRouter":                         func() any { return &vpc.TerminateVirtualBorderRouterResponse{} },
	"Vpc.UnTagResources":                                       func() any { return &vpc.UnTagResourcesResponse{} },
	"Vpc.UnassociatePhysicalConnectionFromVirtualBorderRouter": func() any { return &vpc.UnassociatePhysicalConnectionFromVirtualBorderRouterResponse{} },
	"Vpc.UntagResourcesForExpressConnect":                      func() any { return &vpc.UntagResourcesForExpressConnectResponse{} },
	"Vpc.UpdateVirtualPhysicalConnection":                      func() any { return &vpc.UpdateVirtualPhysicalConnectionResponse{} },
	"Cbn.CreateCen":                                            func() any { return &cbn.CreateCenResponse{} },
	"Cbn.CreateTransitRouter":                                  func() any { return &cbn.CreateTransitRouterResponse{} },
	"Cbn.CreateTransitRouterEcrAttachment":                     func() any { return &cbn.CreateTransitRouterEcrAttachmentResponse{} },
	"Cbn.DeleteCen":                                            func() any { return &cbn.DeleteCenResponse{} },
	"Cbn.DeleteTransitRouter":                                  func() any { return &cbn.DeleteTransitRouterResponse{} },
	"Cbn.DeleteTransitRouterEcrAttachment":                     func() any { return &cbn.DeleteTransitRouterEcrAttachmentResponse{} },
	"Cbn.DescribeCens":                                         func() any { return &cbn.DescribeCensResponse{} },
	"Cbn.ListTagResources":                                     func() any { return &cbn.ListTagResourcesResponse{} },
	"Cbn.ListTransitRouterEcrAttachments":                      func() any { return &cbn.ListTransitRouterEcrAttachmentsResponse{} },
	"Cbn.ListTransitRouters":                                   func() any { return &cbn.ListTransitRoutersResponse{} },
	"Cbn.ModifyCenAttribute":                                   func() any { return &cbn.ModifyCenAttributeResponse{} },
	"Cbn.MoveResourceGroup":                                    func() any { return &cbn.MoveResourceGroupResponse{} },
	"Cbn.TagResources":                                         func() any { return &cbn.TagResourcesResponse{} },
	"Cbn.UntagResources":                                       func() any { return &cbn.UntagResourcesResponse{} },
	"Cbn.UpdateTransitRouter":                                  func() any { return &cbn.UpdateTransitRouterResponse{} },
	"Cbn.UpdateTransitRouterEcrAttachmentAttribute":            func() any { return &cbn.UpdateTransitRouterEcrAttachmentAttributeResponse{} },
}
