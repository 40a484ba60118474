@ecmock
Feature: Hosted connections (Vpc 2016-04-28, the API reference)
  A partner that owns an Enabled Express Connect circuit creates a hosted
  connection on it for a tenant account (CreateVirtualPhysicalConnection).
  The hosted connection is the tenant's physical connection (pc-): the tenant
  sees it in DescribePhysicalConnections, the partner in
  ListVirtualPhysicalConnections. It is UnConfirmed until the tenant confirms
  it (ConfirmPhysicalConnection: Confirmed, Status Enabled). The partner
  changes its VLAN (UpdateVirtualPhysicalConnection) and deletes it
  (DeletePhysicalConnection). VLAN 0 takes the whole port; VLANs 1-2999 are
  shared with the circuit's VBRs and other hosted connections.

  Background:
    Given the region is "cn-hangzhou"
    And an Enabled physical connection "pc"

  Scenario: the whole life of a hosted connection, seen by the partner and the tenant
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
      | Name                 | hosted-{scenario}                   |
      | Description          | for tenant B                        |
    Then the call succeeds
    And "VirtualPhysicalConnection" matches "^pc-[0-9a-z]+$"
    And I remember "VirtualPhysicalConnection" as "h"
    When I call ListVirtualPhysicalConnections with:
      | RegionId | cn-hangzhou |
    Then the answer has:
      | TotalCount                                                   | 1                         |
      | Count                                                        | 1                         |
      | VirtualPhysicalConnections.0.PhysicalConnectionId            | {h}                       |
      | VirtualPhysicalConnections.0.VirtualPhysicalConnectionStatus | UnConfirmed               |
      | VirtualPhysicalConnections.0.Status                          | Confirmed                 |
      | VirtualPhysicalConnections.0.ProductType                     | VirtualPhysicalConnection |
      | VirtualPhysicalConnections.0.ParentPhysicalConnectionId      | {pc}                      |
      | VirtualPhysicalConnections.0.ParentPhysicalConnectionAliUid  | {A.uid}                   |
      | VirtualPhysicalConnections.0.AliUid                          | {B.uid}                   |
      | VirtualPhysicalConnections.0.VlanId                          | 10                        |
      | VirtualPhysicalConnections.0.Spec                            | 50M                       |
      | VirtualPhysicalConnections.0.Name                            | hosted-{scenario}         |
    # The partner does not own the hosted connection: it cannot confirm it.
    When I call ConfirmPhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {h}         |
    Then the call fails with "InvalidPhysicalConnectionId.NotFound" and HTTP status 404
    Given I am account "B"
    When I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {h}                  |
    Then the answer has:
      | TotalCount                                                                | 1                         |
      | PhysicalConnectionSet.PhysicalConnectionType.0.Status                     | Confirmed                 |
      | PhysicalConnectionSet.PhysicalConnectionType.0.VpconnStatus               | UnConfirmed               |
      | PhysicalConnectionSet.PhysicalConnectionType.0.ProductType                | VirtualPhysicalConnection |
      | PhysicalConnectionSet.PhysicalConnectionType.0.ParentPhysicalConnectionId | {pc}                      |
      | PhysicalConnectionSet.PhysicalConnectionType.0.VlanId                     | 10                        |
    # The tenant sees no hosted connection of its own as a partner.
    When I call ListVirtualPhysicalConnections with:
      | RegionId | cn-hangzhou |
    Then "TotalCount" is "0"
    And "VirtualPhysicalConnections" has 0 items
    When I call ConfirmPhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {h}         |
    Then the call succeeds
    When I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {h}                  |
    Then the answer has:
      | PhysicalConnectionSet.PhysicalConnectionType.0.Status       | Enabled   |
      | PhysicalConnectionSet.PhysicalConnectionType.0.VpconnStatus | Confirmed |
    And "PhysicalConnectionSet.PhysicalConnectionType.0.EnabledTime" matches "^\d{4}-\d\d-\d\dT"
    When I call ConfirmPhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {h}         |
    Then the call fails with "Forbidden.NotAllowedInState" and HTTP status 400
    # The tenant neither changes nor deletes it: that is the partner's.
    When I call UpdateVirtualPhysicalConnection with:
      | RegionId   | cn-hangzhou |
      | InstanceId | {h}         |
      | VlanId     | 11          |
    Then the call fails with "ResourceNotFound.InstanceId" and HTTP status 400
    When I call DeletePhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {h}         |
    Then the call fails with "Forbidden.NotAllowedInState" and HTTP status 400
    Given I am account "A"
    When I call ListVirtualPhysicalConnections with:
      | RegionId | cn-hangzhou |
    Then the answer has:
      | VirtualPhysicalConnections.0.VirtualPhysicalConnectionStatus | Confirmed |
      | VirtualPhysicalConnections.0.Status                          | Enabled   |
    When I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {pc}                 |
    Then "PhysicalConnectionSet.PhysicalConnectionType.0.VirtualPhysicalConnectionCount" is "1"
    When I call DeletePhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {h}         |
    Then the call succeeds
    When I call ListVirtualPhysicalConnections with:
      | RegionId | cn-hangzhou |
    Then "TotalCount" is "0"
    Given I am account "B"
    When I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {h}                  |
    Then "TotalCount" is "0"

  Scenario: a hosted connection that carries a VBR of its tenant cannot be deleted
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                  |
      | PhysicalConnectionId | {pc}                         |
      | Spec                 | 100M                         |
      | VlanId               | 20                           |
      | OrderMode            | PayByPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                      |
    And I remember "VirtualPhysicalConnection" as "h"
    Given I am account "B"
    When I call ConfirmPhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {h}         |
    Then the call succeeds
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | PhysicalConnectionId | {h}             |
      | VlanId               | 100             |
      | LocalGatewayIp       | 10.0.0.1        |
      | PeerGatewayIp        | 10.0.0.2        |
      | PeeringSubnetMask    | 255.255.255.252 |
    Then the call succeeds
    And I remember "VbrId" as "vbr"
    Given I am account "A"
    When I call DeletePhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {h}         |
    Then the call fails with "Forbidden.AssociateToVBR" and HTTP status 400
    Given I am account "B"
    When I call DeleteVirtualBorderRouter with:
      | RegionId | cn-hangzhou |
      | VbrId    | {vbr}       |
    Then the call succeeds
    When I poll DescribeVirtualBorderRouters every 30 seconds until "TotalCount" is "0" with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | VbrId       |
      | Filter.1.Value.1 | {vbr}       |
    Given I am account "A"
    When I call DeletePhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {h}         |
    Then the call succeeds

  Scenario Outline: CreateVirtualPhysicalConnection checks its parameters (<case>)
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
      | <param>              | <value>                             |
    Then the call fails with "<code>" and HTTP status 400
    When I call ListVirtualPhysicalConnections with:
      | RegionId | cn-hangzhou |
    Then "TotalCount" is "0"

    Examples:
      | case                       | param                    | value                  | code                                 |
      | no circuit                 | PhysicalConnectionId     |                        | MissingParameter                     |
      | no VLAN                    | VlanId                   |                        | MissingParameter                     |
      | no order mode              | OrderMode                |                        | MissingParameter                     |
      | no tenant                  | VpconnAliUid             |                        | MissingParameter                     |
      | no Spec                    | Spec                     |                        | MissingParam.Spec                    |
      | Spec 3G                    | Spec                     | 3G                     | IllegalParam.Spec                    |
      | VLAN not a number          | VlanId                   | ten                    | InvalidVlanId.Malformed              |
      | VLAN 3000                  | VlanId                   | 3000                   | IllegalParam.VlanId                  |
      | VLAN -1                    | VlanId                   | -1                     | IllegalParam.VlanId                  |
      | order mode                 | OrderMode                | PayByNobody            | IllegalParam.OrderMode               |
      | tenant not a number        | VpconnAliUid             | abc                    | IllegalParam.VpconnAliUid            |
      | tenant unknown             | VpconnAliUid             | 1234567890123456       | IllegalParam.VpconnAliUid            |
      | tenant is the caller       | VpconnAliUid             | {A.uid}                | Forbidden.VpconnAliUid               |
      | name starting with a digit | Name                     | 1hosted                | InvalidName.Malformed                |
      | name with a period         | Name                     | hosted.one             | InvalidName.Malformed                |
      | description                | Description              | http://spam            | InvalidDescription.Malformed         |
      | resource group             | ResourceGroupId          | group1                 | IllegalParam.ResourceGroupId         |
      | tenant's resource group    | VpconnUidResourceGroupId | group1                 | IllegalParam.ResourceGroupId         |
      | Spec 2G not enabled        | Spec                     | 2G                     | IllegalParam.Bandwidth               |
      | Spec 10G not enabled       | Spec                     | 10G                    | IllegalParam.Bandwidth               |
      | unknown circuit            | PhysicalConnectionId     | pc-nothing000000000000 | InvalidPhysicalConnectionId.NotFound |

  Scenario Outline: the circuit must be the caller's own, in this region, Enabled and without QoS (<case>)
    Given the region is "<region>"
    And a <status> physical connection "circuit" of account "<owner>" with:
      | QosId | <qos> |
    And the region is "cn-hangzhou"
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {circuit}                           |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call fails with "<code>" and HTTP status 400
    And the error message contains "<message>"

    Examples:
      | case            | region      | status     | owner | qos     | code                                     | message                                        |
      | another account | cn-hangzhou | Enabled    | B     |         | ResourceNotFound.PhysicalConnectionId    | The specified PhysicalConnectionId [{circuit}] |
      | another region  | cn-shanghai | Enabled    | A     |         | InvalidPhysicalConnectionId.NotFound     | is not found                                   |
      | Allocated       | cn-hangzhou | Allocated  | A     |         | InvalidPhysicalConnectionId.NotEnabled   | is not in Enabled state                        |
      | Terminated      | cn-hangzhou | Terminated | A     |         | InvalidPhysicalConnectionId.NotEnabled   | is not in Enabled state                        |
      | with QoS        | cn-hangzhou | Enabled    | A     | qos-abc | EcAssociatedQoSPconnNotAllowCreateVpconn | is not allowed to create Vpconn                |

  Scenario: a hosted connection is not a circuit, and a partner cannot be a tenant
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    And I remember "VirtualPhysicalConnection" as "h"
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {h}                                 |
      | Spec                 | 50M                                 |
      | VlanId               | 11                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call fails with "ResourceNotFound.PhysicalConnectionId" and HTTP status 400
    # A now has a circuit carrying a hosted connection: it is a partner.
    Given I am account "B"
    And an Enabled physical connection "bpc"
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {bpc}                               |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {A.uid}                             |
    Then the call fails with "Forbidden.VpconnAliUid" and HTTP status 400
    And the error message contains "partner account"

  Scenario: an account without the partner permission cannot create hosted connections
    Given account "A" has the flag "vpconnDenied"
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call fails with "OperationDenied.CreateVpconn" and HTTP status 400
    And the error message contains "Please contact your CBM"

  Scenario Outline: a VBR of the circuit takes its VLAN, and VLAN 0 (<case>)
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | PhysicalConnectionId | {pc}            |
      | VlanId               | 100             |
      | LocalGatewayIp       | 10.0.0.1        |
      | PeerGatewayIp        | 10.0.0.2        |
      | PeeringSubnetMask    | 255.255.255.252 |
    Then the call succeeds
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | <vlan>                              |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | case          | vlan | code                                         |
      | VLAN of a VBR | 100  | VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION |
      | VLAN 0        | 0    | OperationFailed.VbrBindedPconn               |

  Scenario Outline: a hosted connection of the circuit takes its VLAN (<case>)
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | <first>                             |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call succeeds
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | <second>                            |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | case                         | first | second | code                                         |
      | the same VLAN                | 10    | 10     | VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION |
      | VLAN 0 beside it             | 10    | 0      | OperationFailed.VPconnCreated                |
      | any VLAN once VLAN 0 is used | 0     | 5      | OperationFailed.PconnAllocateVlan0           |

  Scenario: a VBR cannot take a VLAN a hosted connection uses
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call succeeds
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | PhysicalConnectionId | {pc}            |
      | VlanId               | 10              |
      | LocalGatewayIp       | 10.0.0.1        |
      | PeerGatewayIp        | 10.0.0.2        |
      | PeeringSubnetMask    | 255.255.255.252 |
    Then the call fails with "InvalidVlanId.Used" and HTTP status 400

  Scenario: a terminated VBR keeps its VLAN from hosted connections; a deleted hosted connection frees its VLAN
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | PhysicalConnectionId | {pc}            |
      | VlanId               | 100             |
      | LocalGatewayIp       | 10.0.0.1        |
      | PeerGatewayIp        | 10.0.0.2        |
      | PeeringSubnetMask    | 255.255.255.252 |
    And I remember "VbrId" as "vbr"
    And I call TerminateVirtualBorderRouter with:
      | RegionId | cn-hangzhou |
      | VbrId    | {vbr}       |
    Then the call succeeds
    When I poll DescribeVirtualBorderRouters every 30 seconds until "VirtualBorderRouterSet.VirtualBorderRouterType.0.Status" is "terminated" with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | VbrId       |
      | Filter.1.Value.1 | {vbr}       |
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 100                                 |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call fails with "VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION" and HTTP status 400
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 200                                 |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call succeeds
    And I remember "VirtualPhysicalConnection" as "h"
    When I call DeletePhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {h}         |
    Then the call succeeds
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 200                                 |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call succeeds

  Scenario: the number of hosted connections on a circuit is limited by the partner's quota
    Given my quota "VpconnCountPerPconn" is 2
    And an Enabled physical connection "second"
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 1                                   |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call succeeds
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 2                                   |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call succeeds
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 3                                   |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call fails with "QuotaExceeded.VPCONN" and HTTP status 400
    And the error message contains "VPCONN_COUNT_PER_PCONN"
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {second}                            |
      | Spec                 | 50M                                 |
      | VlanId               | 3                                   |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call succeeds

  Scenario: the hosted connections of a circuit share its port's line rate
    Given an Enabled physical connection "fast" with:
      | PortType | 100Base-T |
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {fast}                              |
      | Spec                 | 100M                                |
      | VlanId               | 1                                   |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call succeeds
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {fast}                              |
      | Spec                 | 50M                                 |
      | VlanId               | 2                                   |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call fails with "ResourceNotEnough.Bandwidth" and HTTP status 400

  Scenario: Specs above 1G need the entitlement and a port fast enough
    Given my quota "VpconnMaxSpecMbps" is 10000
    And an Enabled physical connection "tengig" with:
      | PortType | 10GBase-LR |
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {tengig}                            |
      | Spec                 | 5G                                  |
      | VlanId               | 1                                   |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call succeeds
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {tengig}                            |
      | Spec                 | 8G                                  |
      | VlanId               | 2                                   |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call fails with "ResourceNotEnough.Bandwidth" and HTTP status 400
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {tengig}                            |
      | Spec                 | 5G                                  |
      | VlanId               | 2                                   |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call succeeds
    # A 1000Base-T port carries 1G at most, whatever the entitlement.
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 2G                                  |
      | VlanId               | 1                                   |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call fails with "ResourceNotEnough.Bandwidth" and HTTP status 400

  Scenario: a dry run answers DRYRUN.SUCCESS after every check and creates nothing
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
      | DryRun               | true                                |
    Then the call fails with "DRYRUN.SUCCESS" and HTTP status 400
    And the error message contains "dryrun request with successful result"
    When I call ListVirtualPhysicalConnections with:
      | RegionId | cn-hangzhou |
    Then "TotalCount" is "0"
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call succeeds
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
      | DryRun               | true                                |
    Then the call fails with "VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION" and HTTP status 400

  Scenario: the same Token creates one hosted connection
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
      | Token                | token-{scenario}                    |
    Then the call succeeds
    And I remember "VirtualPhysicalConnection" as "h"
    When I repeat the last call
    Then the call succeeds
    And "VirtualPhysicalConnection" is "{h}"
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 11                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
      | Token                | other-{scenario}                    |
    Then the call succeeds
    And "VirtualPhysicalConnection" is not "{h}"
    When I call ListVirtualPhysicalConnections with:
      | RegionId | cn-hangzhou |
    Then "TotalCount" is "2"

  Scenario: ListVirtualPhysicalConnections filters and pages
    Given an Enabled physical connection "second"
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 1                                   |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
      | Name                 | h1                                  |
      | Tag.1.Key            | env                                 |
      | Tag.1.Value          | prod                                |
    And I remember "VirtualPhysicalConnection" as "h1"
    And I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 2                                   |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
      | Name                 | h2                                  |
    And I remember "VirtualPhysicalConnection" as "h2"
    And I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {second}                            |
      | Spec                 | 50M                                 |
      | VlanId               | 3                                   |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
      | Name                 | h3                                  |
    And I remember "VirtualPhysicalConnection" as "h3"
    Given I am account "B"
    When I call ConfirmPhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {h3}        |
    Then the call succeeds
    Given I am account "A"
    When I call ListVirtualPhysicalConnections with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {second}    |
    Then "TotalCount" is "1"
    And "VirtualPhysicalConnections.0.PhysicalConnectionId" is "{h3}"
    When I call ListVirtualPhysicalConnections with:
      | RegionId  | cn-hangzhou |
      | VlanIds.1 | 1           |
      | VlanIds.2 | 3           |
    Then "TotalCount" is "2"
    And "VirtualPhysicalConnections.#.PhysicalConnectionId" contains "{h1}"
    And "VirtualPhysicalConnections.#.PhysicalConnectionId" contains "{h3}"
    When I call ListVirtualPhysicalConnections with:
      | RegionId    | cn-hangzhou |
      | IsConfirmed | true        |
    Then "TotalCount" is "1"
    And "VirtualPhysicalConnections.0.PhysicalConnectionId" is "{h3}"
    When I call ListVirtualPhysicalConnections with:
      | RegionId                            | cn-hangzhou |
      | VirtualPhysicalConnectionStatuses.1 | UnConfirmed |
    Then "TotalCount" is "2"
    And "VirtualPhysicalConnections.#.PhysicalConnectionId" does not contain "{h3}"
    When I call ListVirtualPhysicalConnections with:
      | RegionId                       | cn-hangzhou |
      | VirtualPhysicalConnectionIds.1 | {h2}        |
    Then "TotalCount" is "1"
    And "VirtualPhysicalConnections.0.Name" is "h2"
    When I call ListVirtualPhysicalConnections with:
      | RegionId | cn-hangzhou |
      | Name     | h2          |
    Then "VirtualPhysicalConnections.0.PhysicalConnectionId" is "{h2}"
    When I call ListVirtualPhysicalConnections with:
      | RegionId     | cn-hangzhou |
      | Tags.1.Key   | env         |
      | Tags.1.Value | prod        |
    Then "TotalCount" is "1"
    And "VirtualPhysicalConnections.0.PhysicalConnectionId" is "{h1}"
    When I call ListVirtualPhysicalConnections with:
      | RegionId                           | cn-hangzhou |
      | VirtualPhysicalConnectionAliUids.1 | {A.uid}     |
    Then "TotalCount" is "0"
    When I call ListVirtualPhysicalConnections with:
      | RegionId   | cn-hangzhou |
      | MaxResults | 2           |
    Then the answer has:
      | TotalCount | 3 |
      | Count      | 2 |
    And "VirtualPhysicalConnections" has 2 items
    And I remember "NextToken" as "next"
    When I call ListVirtualPhysicalConnections with:
      | RegionId   | cn-hangzhou |
      | MaxResults | 2           |
      | NextToken  | {next}      |
    Then the answer has:
      | TotalCount | 3 |
      | Count      | 1 |
    And "NextToken" is ""
    When I call ListVirtualPhysicalConnections with:
      | RegionId  | cn-hangzhou           |
      | NextToken | not-a-token-of-ecmock |
    Then the call fails with "IllegalParam.NextToken" and HTTP status 400
    # Another region shows none of them.
    When I call ListVirtualPhysicalConnections with:
      | RegionId | cn-shanghai |
    Then "TotalCount" is "0"

  Scenario: the partner changes the VLAN and the expected bandwidth
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    And I remember "VirtualPhysicalConnection" as "h"
    When I call UpdateVirtualPhysicalConnection with:
      | RegionId   | cn-hangzhou |
      | InstanceId | {h}         |
      | VlanId     | 12          |
    Then the call succeeds
    And "Success" is "true"
    # Its own VLAN does not conflict with itself.
    When I call UpdateVirtualPhysicalConnection with:
      | RegionId   | cn-hangzhou |
      | InstanceId | {h}         |
      | VlanId     | 12          |
      | ExpectSpec | 200M        |
    Then the call succeeds
    When I call UpdateVirtualPhysicalConnection with:
      | RegionId   | cn-hangzhou |
      | InstanceId | {h}         |
      | VlanId     | 13          |
      | DryRun     | true        |
    Then the call succeeds
    And "RequestId" exists
    And "Success" does not exist
    When I call ListVirtualPhysicalConnections with:
      | RegionId | cn-hangzhou |
    Then the answer has:
      | VirtualPhysicalConnections.0.VlanId     | 12   |
      | VirtualPhysicalConnections.0.Spec       | 50M  |
      | VirtualPhysicalConnections.0.ExpectSpec | 200M |
    Given I am account "B"
    When I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {h}                  |
    Then "PhysicalConnectionSet.PhysicalConnectionType.0.VlanId" is "12"

  Scenario: the same Token changes the VLAN once
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    And I remember "VirtualPhysicalConnection" as "h"
    When I call UpdateVirtualPhysicalConnection with:
      | RegionId   | cn-hangzhou    |
      | InstanceId | {h}            |
      | VlanId     | 14             |
      | Token      | upd-{scenario} |
    Then the call succeeds
    When I call UpdateVirtualPhysicalConnection with:
      | RegionId   | cn-hangzhou |
      | InstanceId | {h}         |
      | VlanId     | 15          |
    Then the call succeeds
    When I call UpdateVirtualPhysicalConnection with:
      | RegionId   | cn-hangzhou    |
      | InstanceId | {h}            |
      | VlanId     | 14             |
      | Token      | upd-{scenario} |
    Then the call succeeds
    And "Success" is "true"
    When I call ListVirtualPhysicalConnections with:
      | RegionId | cn-hangzhou |
    Then "VirtualPhysicalConnections.0.VlanId" is "15"

  Scenario Outline: UpdateVirtualPhysicalConnection rules (<case>)
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | PhysicalConnectionId | {pc}            |
      | VlanId               | 300             |
      | LocalGatewayIp       | 10.0.0.1        |
      | PeerGatewayIp        | 10.0.0.2        |
      | PeeringSubnetMask    | 255.255.255.252 |
    Then the call succeeds
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 500M                                |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    And I remember "VirtualPhysicalConnection" as "h"
    And I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 200M                                |
      | VlanId               | 11                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    And I remember "VirtualPhysicalConnection" as "other"
    Given I am account "<account>"
    When I call UpdateVirtualPhysicalConnection with:
      | RegionId   | cn-hangzhou |
      | InstanceId | <instance>  |
      | VlanId     | 12          |
      | <param>    | <value>     |
    Then the call fails with "<code>" and HTTP status 400
    Given I am account "A"
    When I call ListVirtualPhysicalConnections with:
      | RegionId                       | cn-hangzhou |
      | VirtualPhysicalConnectionIds.1 | {h}         |
    Then "VirtualPhysicalConnections.0.VlanId" is "10"
    And "VirtualPhysicalConnections.0.ExpectSpec" is ""

    Examples:
      | case                              | account | instance  | param      | value | code                                         |
      | VLAN of another hosted connection | A       | {h}       | VlanId     | 11    | VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION |
      | VLAN of a VBR                     | A       | {h}       | VlanId     | 300   | VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION |
      | VLAN 0 with a VBR                 | A       | {h}       | VlanId     | 0     | OperationFailed.VbrBindedPconn               |
      | VLAN 3000                         | A       | {h}       | VlanId     | 3000  | IllegalParam.VlanId                          |
      | VLAN not a number                 | A       | {h}       | VlanId     | abc   | InvalidVlanId.Malformed                      |
      | no VLAN                           | A       | {h}       | VlanId     |       | MissingParameter                             |
      | no instance                       | A       |           | VlanId     | 12    | MissingParameter                             |
      | unknown instance                  | A       | pc-nosuch | VlanId     | 12    | ResourceNotFound.InstanceId                  |
      | a dedicated circuit               | A       | {pc}      | VlanId     | 12    | ResourceNotFound.InstanceId                  |
      | the tenant                        | B       | {h}       | VlanId     | 12    | ResourceNotFound.InstanceId                  |
      | ExpectSpec 3G                     | A       | {h}       | ExpectSpec | 3G    | IllegalParam.Spec                            |
      | ExpectSpec 5G not enabled         | A       | {h}       | ExpectSpec | 5G    | IllegalParam.Bandwidth                       |
      | ExpectSpec 1G on a shared 1G port | A       | {h}       | ExpectSpec | 1G    | ResourceNotEnough.Bandwidth                  |

  Scenario: VLAN 0 on update needs the port to itself
    Given an Enabled physical connection "bare"
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {bare}                              |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    And I remember "VirtualPhysicalConnection" as "h"
    And I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {bare}                              |
      | Spec                 | 50M                                 |
      | VlanId               | 11                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    And I remember "VirtualPhysicalConnection" as "other"
    When I call UpdateVirtualPhysicalConnection with:
      | RegionId   | cn-hangzhou |
      | InstanceId | {h}         |
      | VlanId     | 0           |
    Then the call fails with "OperationFailed.VPconnCreated" and HTTP status 400
    When I call DeletePhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {other}     |
    Then the call succeeds
    When I call UpdateVirtualPhysicalConnection with:
      | RegionId   | cn-hangzhou |
      | InstanceId | {h}         |
      | VlanId     | 0           |
    Then the call succeeds
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {bare}                              |
      | Spec                 | 50M                                 |
      | VlanId               | 11                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    Then the call fails with "OperationFailed.PconnAllocateVlan0" and HTTP status 400

  Scenario: a hosted connection holding VLAN 0 blocks VLAN changes of the others on its circuit
    # The API never lets a second hosted connection join a VLAN 0 one; this
    # circuit got there before the rule (a fixture of the tenant B).
    When I call CreateVirtualPhysicalConnection with:
      | RegionId             | cn-hangzhou                         |
      | PhysicalConnectionId | {pc}                                |
      | Spec                 | 50M                                 |
      | VlanId               | 10                                  |
      | OrderMode            | PayByVirtualPhysicalConnectionOwner |
      | VpconnAliUid         | {B.uid}                             |
    And I remember "VirtualPhysicalConnection" as "h"
    Given an Enabled physical connection "zero" of account "B" with:
      | ProductType                     | VirtualPhysicalConnection |
      | ParentPhysicalConnectionId      | {pc}                      |
      | ParentOwner                     | {A.uid}                   |
      | VirtualPhysicalConnectionStatus | Confirmed                 |
      | VlanId                          | 0                         |
      | Spec                            | 50M                       |
    When I call UpdateVirtualPhysicalConnection with:
      | RegionId   | cn-hangzhou |
      | InstanceId | {h}         |
      | VlanId     | 5           |
    Then the call fails with "OperationFailed.PconnAllocateVlan0" and HTTP status 400
