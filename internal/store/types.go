package store

// Resource types. Product packages share resources through the store by these
// names (a hosted connection is a PhysicalConnection with a parent; the CBN
// attachment handlers read ECRs and associations), so the names and the
// attributes documented below are the contract between packages.
const (
	// PhysicalConnection: Attrs are the fields of DescribePhysicalConnections'
	// PhysicalConnectionType. Hosted connections add ProductType
	// "VirtualPhysicalConnection", ParentPhysicalConnectionId,
	// VirtualPhysicalConnectionStatus, VlanId and AliUid (the tenant; Owner
	// stays the tenant UID so the tenant sees it; ParentOwner is the
	// partner's UID).
	TypePhysicalConnection = "PhysicalConnection"
	// VirtualBorderRouter: Attrs are DescribeVirtualBorderRouters' fields;
	// PhysicalConnectionOwnerUid is the UID of the physical connection's owner.
	TypeVBR = "VirtualBorderRouter"
	// ExpressCloudConnection (ecc-).
	TypeECC = "ExpressCloudConnection"
	// ExpressConnectRouter (ecr-): Attrs EcrId, Name, Description,
	// AlibabaSideAsn, BizStatus, ResourceGroupId, Tags.
	TypeECR = "ExpressConnectRouter"
	// ECRAssociation: Attrs EcrId, AssociationNodeType (VPC|TR),
	// TransitRouterId, VpcId, CenId, AssociationRegionId, TransitRouterOwnerId.
	TypeECRAssociation = "ExpressConnectRouterAssociation"
	// ECRGrant: Attrs EcrId, EcrOwnerAliUid, InstanceId, InstanceType,
	// InstanceRegionId (a grant of an instance to an ECR of another account).
	TypeECRGrant = "ExpressConnectRouterGrant"
	// ECRChildInstance: a VBR attached to an ECR
	// (AttachExpressConnectRouterChildInstance). Attrs EcrId, EcrOwnerId,
	// ChildInstanceId, ChildInstanceType (VBR), ChildInstanceRegionId,
	// ChildInstanceOwnerId; Status ATTACHING → ACTIVE, DETACHING → gone.
	TypeECRChildInstance = "ExpressConnectRouterChildInstance"
	// Cen (cen-).
	TypeCEN = "Cen"
	// TransitRouter (tr-): Attrs CenId, TransitRouterId, Type (Enterprise|Basic).
	TypeTransitRouter = "TransitRouter"
	// TransitRouterEcrAttachment (tr-attach-): Attrs CenId, TransitRouterId,
	// EcrId, EcrOwnerId, ...
	TypeTRECRAttachment = "TransitRouterEcrAttachment"
)
