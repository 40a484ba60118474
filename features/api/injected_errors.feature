@chaos
Feature: Documented codes that no natural scenario produces yet, answered by injection
  These codes are documented for the action but are not produced by a
  natural scenario in this suite (hosted connections and Express Cloud
  Connect have no natural features yet; TaskConflict is never produced by
  state). A fault rule makes the action answer the code, and the answer must
  carry the documented HTTP status and the RPC error envelope. Move a row out
  of this table when a natural scenario covers it (make coverage-errors shows
  which rows are natural).

  Scenario Outline: <action> answers <code> with HTTP <status>
    Given <action> fails with <code> for the next 1 call
    When I call <action>
    Then the call fails with "<code>" and HTTP status <status>
    And "RequestId" exists
    And "Recommend" exists
    And fault rules fired 1 time

    Examples:
      | action | code | status |
      | CreateExpressCloudConnection | MissingParameter | 400 |
      | CreateExpressCloudConnection | InvalidParameter | 400 |
      | CreateExpressCloudConnection | InvalidName.Malformed | 400 |
      | CreateExpressCloudConnection | InvalidDescription.Malformed | 400 |
      | CreateExpressCloudConnection | InvalidRedundantEccId.NotFound | 400 |
      | CreateVirtualBorderRouter | TaskConflict | 400 |
      | CreateVirtualPhysicalConnection | OperationFailed.VbrBindedPconn | 400 |
      | CreateVirtualPhysicalConnection | IllegalParam.Bandwidth | 400 |
      | CreateVirtualPhysicalConnection | ResourceNotFound.PhysicalConnectionId | 400 |
      | CreateVirtualPhysicalConnection | OperationFailed.VPconnCreated | 400 |
      | CreateVirtualPhysicalConnection | MissingParam.Spec | 400 |
      | CreateVirtualPhysicalConnection | IllegalParam.Spec | 400 |
      | CreateVirtualPhysicalConnection | IllegalParam.VlanId | 400 |
      | CreateVirtualPhysicalConnection | VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION | 400 |
      | CreateVirtualPhysicalConnection | InvalidPhysicalConnectionId.NotFound | 400 |
      | CreateVirtualPhysicalConnection | MissingParameter | 400 |
      | CreateVirtualPhysicalConnection | InvalidPhysicalConnectionId.NotEnabled | 400 |
      | CreateVirtualPhysicalConnection | OperationFailed.PconnAllocateVlan0 | 400 |
      | CreateVirtualPhysicalConnection | InvalidVlanId.Malformed | 400 |
      | CreateVirtualPhysicalConnection | InvalidName.Malformed | 400 |
      | CreateVirtualPhysicalConnection | ResourceNotEnough.Bandwidth | 400 |
      | CreateVirtualPhysicalConnection | IllegalParam.VpconnAliUid | 400 |
      | CreateVirtualPhysicalConnection | IllegalParam.OrderMode | 400 |
      | CreateVirtualPhysicalConnection | Forbidden.VpconnAliUid | 400 |
      | CreateVirtualPhysicalConnection | QuotaExceeded.VPCONN | 400 |
      | CreateVirtualPhysicalConnection | OperationDenied.CreateVpconn | 400 |
      | CreateVirtualPhysicalConnection | InvalidDescription.Malformed | 400 |
      | CreateVirtualPhysicalConnection | EcAssociatedQoSPconnNotAllowCreateVpconn | 400 |
      | CreateVirtualPhysicalConnection | IllegalParam.ResourceGroupId | 400 |
      | CreateVirtualPhysicalConnection | DRYRUN.SUCCESS | 400 |
      | DeletePhysicalConnection | Forbidden.AssociateToVBR | 400 |
      | DeleteVirtualBorderRouter | InvalidOperation.RouterInterfaceNotDeleted | 400 |
      | DeleteVirtualBorderRouter | InvalidOperation.OperationNotAllowedInState | 400 |
      | DeleteVirtualBorderRouter | Forbidden.OperationNotAllowedByUser | 403 |
      | DeleteVirtualBorderRouter | InvalidStatus.NotAllowed | 400 |
      | DescribeExpressCloudConnections | InvalidFilterKey.ValueNotSupported | 400 |
      | ListVirtualPhysicalConnections | IllegalParam.NextToken | 400 |
      | RecoverVirtualBorderRouter | InvalidVbrId.NotFound | 404 |
      | RecoverVirtualBorderRouter | Forbidden.OperationNotAllowedByUser | 403 |
      | TerminateVirtualBorderRouter | InvalidVbrId.NotFound | 404 |
      | UpdateVirtualPhysicalConnection | MissingParameter | 400 |
      | UpdateVirtualPhysicalConnection | InvalidVlanId.Malformed | 400 |
      | UpdateVirtualPhysicalConnection | IllegalParam.VlanId | 400 |
      | UpdateVirtualPhysicalConnection | IllegalParam.Spec | 400 |
      | UpdateVirtualPhysicalConnection | IllegalParam.Bandwidth | 400 |
      | UpdateVirtualPhysicalConnection | ResourceNotFound.InstanceId | 400 |
      | UpdateVirtualPhysicalConnection | OperationFailed.VbrBindedPconn | 400 |
      | UpdateVirtualPhysicalConnection | OperationFailed.VPconnCreated | 400 |
      | UpdateVirtualPhysicalConnection | OperationFailed.PconnAllocateVlan0 | 400 |
      | UpdateVirtualPhysicalConnection | VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION | 400 |
      | UpdateVirtualPhysicalConnection | ResourceNotEnough.Bandwidth | 400 |
