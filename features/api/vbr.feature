@ecmock
Feature: Virtual border routers (VBRs) and VLAN retention
  A VBR is created on an Enabled physical connection: `active` for the
  caller's own account, `unconfirmed` for another account until its owner
  completes the gateway addresses. Terminate: terminating → terminated;
  recover: recovering → active; delete: deleting → gone. A terminated VBR
  keeps its VLAN for seven days (API reference), on ecmock's clock.

  Background:
    Given an Enabled physical connection "pc"

  Scenario: a VBR of the caller is active; terminate, recover, delete
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou   |
      | PhysicalConnectionId | {pc}          |
      | VlanId               | 100           |
      | LocalGatewayIp       | 10.0.0.1      |
      | PeerGatewayIp        | 10.0.0.2      |
      | PeeringSubnetMask    | 255.255.255.252 |
      | Name                 | vbr-{scenario} |
    Then the call succeeds
    And "VbrId" matches "^vbr-[0-9a-z]+$"
    And I remember "VbrId" as "vbr"
    When I call DescribeVirtualBorderRouters with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | VbrId       |
      | Filter.1.Value.1 | {vbr}       |
    Then the answer has:
      | VirtualBorderRouterSet.VirtualBorderRouterType.0.Status               | active |
      | VirtualBorderRouterSet.VirtualBorderRouterType.0.VlanId               | 100    |
      | VirtualBorderRouterSet.VirtualBorderRouterType.0.PhysicalConnectionId | {pc}   |
    When I call RecoverVirtualBorderRouter with:
      | RegionId | cn-hangzhou |
      | VbrId    | {vbr}       |
    Then the call fails with "InvalidOperation.OperationNotAllowedInState" and HTTP status 400
    When I call TerminateVirtualBorderRouter with:
      | RegionId | cn-hangzhou |
      | VbrId    | {vbr}       |
    Then the call succeeds
    When I call TerminateVirtualBorderRouter with:
      | RegionId | cn-hangzhou |
      | VbrId    | {vbr}       |
    Then the call fails with "InvalidOperation.OperationNotAllowedInState" and HTTP status 400
    When I poll DescribeVirtualBorderRouters every 30 seconds until "VirtualBorderRouterSet.VirtualBorderRouterType.0.Status" is "terminated" with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | VbrId       |
      | Filter.1.Value.1 | {vbr}       |
    When I call RecoverVirtualBorderRouter with:
      | RegionId | cn-hangzhou |
      | VbrId    | {vbr}       |
    Then the call succeeds
    When I poll DescribeVirtualBorderRouters every 30 seconds until "VirtualBorderRouterSet.VirtualBorderRouterType.0.Status" is "active" with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | VbrId       |
      | Filter.1.Value.1 | {vbr}       |
    When I call DeleteVirtualBorderRouter with:
      | RegionId | cn-hangzhou |
      | VbrId    | {vbr}       |
    Then the call succeeds
    When I poll DescribeVirtualBorderRouters every 30 seconds until "TotalCount" is "0" with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | VbrId       |
      | Filter.1.Value.1 | {vbr}       |
    When I call DeleteVirtualBorderRouter with:
      | RegionId | cn-hangzhou |
      | VbrId    | {vbr}       |
    Then the call fails with "InvalidVbrId.NotFound" and HTTP status 404

  Scenario: a terminated VBR keeps its VLAN for exactly seven days
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | PhysicalConnectionId | {pc}            |
      | VlanId               | 200             |
      | LocalGatewayIp       | 10.0.0.1        |
      | PeerGatewayIp        | 10.0.0.2        |
      | PeeringSubnetMask    | 255.255.255.252 |
    And I remember "VbrId" as "old"
    And I call TerminateVirtualBorderRouter with:
      | RegionId | cn-hangzhou |
      | VbrId    | {old}       |
    And I poll DescribeVirtualBorderRouters every 1 second until "VirtualBorderRouterSet.VirtualBorderRouterType.0.Status" is "terminated" with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | VbrId       |
      | Filter.1.Value.1 | {old}       |
    When I call DeleteVirtualBorderRouter with:
      | RegionId | cn-hangzhou |
      | VbrId    | {old}       |
    Then the call succeeds
    When 6 days pass
    And I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | PhysicalConnectionId | {pc}            |
      | VlanId               | 200             |
      | LocalGatewayIp       | 10.0.0.5        |
      | PeerGatewayIp        | 10.0.0.6        |
      | PeeringSubnetMask    | 255.255.255.252 |
    Then the call fails with "InvalidVlanId.Used" and HTTP status 400
    When 1 day passes
    And I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | PhysicalConnectionId | {pc}            |
      | VlanId               | 200             |
      | LocalGatewayIp       | 10.0.0.5        |
      | PeerGatewayIp        | 10.0.0.6        |
      | PeeringSubnetMask    | 255.255.255.252 |
    Then the call succeeds

  Scenario: recovering a VBR whose VLAN was taken meanwhile
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | PhysicalConnectionId | {pc}            |
      | VlanId               | 300             |
      | LocalGatewayIp       | 10.0.0.1        |
      | PeerGatewayIp        | 10.0.0.2        |
      | PeeringSubnetMask    | 255.255.255.252 |
    And I remember "VbrId" as "old"
    And I call TerminateVirtualBorderRouter with:
      | RegionId | cn-hangzhou |
      | VbrId    | {old}       |
    When 8 days pass
    And I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | PhysicalConnectionId | {pc}            |
      | VlanId               | 300             |
      | LocalGatewayIp       | 10.0.0.5        |
      | PeerGatewayIp        | 10.0.0.6        |
      | PeeringSubnetMask    | 255.255.255.252 |
    Then the call succeeds
    When I call RecoverVirtualBorderRouter with:
      | RegionId | cn-hangzhou |
      | VbrId    | {old}       |
    Then the call fails with "OperationFailed.VlanIdAlreadyInUse" and HTTP status 400

  Scenario: a VBR for another account is unconfirmed until its owner completes the addresses
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
      | VlanId               | 400         |
      | VbrOwnerId           | {B.uid}     |
    Then the call succeeds
    And I remember "VbrId" as "vbr"
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
      | VlanId               | 401         |
      | VbrOwnerId           | {B.uid}     |
      | Name                 | mine        |
    Then the call fails with "Forbidden.NameNotAllowedByCaller" and HTTP status 403
    When I call DescribeVirtualBorderRoutersForPhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
    Then "VirtualBorderRouterForPhysicalConnectionSet.VirtualBorderRouterForPhysicalConnectionType.0.Status" is "unconfirmed"
    Given I am account "B"
    When I call DescribeVirtualBorderRouters with:
      | RegionId | cn-hangzhou |
    Then "VirtualBorderRouterSet.VirtualBorderRouterType.0.Status" is "unconfirmed"
    When I call ModifyVirtualBorderRouterAttribute with:
      | RegionId | cn-hangzhou |
      | VbrId    | {vbr}       |
      | VlanId   | 402         |
    Then the call fails with "Forbidden.VlanIdNotAllowedByCaller" and HTTP status 403
    When I call ModifyVirtualBorderRouterAttribute with:
      | RegionId          | cn-hangzhou     |
      | VbrId             | {vbr}           |
      | LocalGatewayIp    | 192.168.0.1     |
      | PeerGatewayIp     | 192.168.1.2     |
      | PeeringSubnetMask | 255.255.255.252 |
    Then the call fails with "InvalidIp.NotSameSubnet" and HTTP status 400
    When I call ModifyVirtualBorderRouterAttribute with:
      | RegionId          | cn-hangzhou     |
      | VbrId             | {vbr}           |
      | LocalGatewayIp    | 192.168.0.1     |
      | PeerGatewayIp     | 192.168.0.2     |
      | PeeringSubnetMask | 255.255.255.252 |
    Then the call succeeds
    When I call DescribeVirtualBorderRouters with:
      | RegionId | cn-hangzhou |
    Then "VirtualBorderRouterSet.VirtualBorderRouterType.0.Status" is "active"
    When I call TerminateVirtualBorderRouter with:
      | RegionId | cn-hangzhou |
      | VbrId    | {vbr}       |
    Then the call fails with "Forbidden.OperationNotAllowedByUser" and HTTP status 403
    Given I am account "A"
    When I call ModifyVirtualBorderRouterAttribute with:
      | RegionId       | cn-hangzhou |
      | VbrId          | {vbr}       |
      | LocalGatewayIp | 192.168.0.9 |
    Then the call fails with "Forbidden.LocalGatewayIpNotAllowedByCaller" and HTTP status 403
    When I call DescribeVirtualBorderRouters with:
      | RegionId               | cn-hangzhou |
      | IncludeCrossAccountVbr | true        |
    Then "VirtualBorderRouterSet.VirtualBorderRouterType.#.VbrId" contains "{vbr}"

  Scenario Outline: CreateVirtualBorderRouter rules (<case>)
    Given an Initial physical connection "notready"
    When I call CreateVirtualBorderRouter with:
      | RegionId             | <region>        |
      | PhysicalConnectionId | <pc>            |
      | VlanId               | <vlan>          |
      | LocalGatewayIp       | <local>         |
      | PeerGatewayIp        | 10.0.0.2        |
      | PeeringSubnetMask    | <mask>          |
      | <param>              | <value>         |
    Then the call fails with "<code>" and HTTP status <status>

    Examples:
      | case            | region      | pc                     | vlan | local    | mask            | param       | value       | code                               | status |
      | region          | Hangzhou    | {pc}                   | 10   | 10.0.0.1 | 255.255.255.252 | Name        | ok-name     | InvalidRegionId.NotFound           | 404    |
      | VLAN            | cn-hangzhou | {pc}                   | 3000 | 10.0.0.1 | 255.255.255.252 | Name        | ok-name     | InvalidVlanId.Malformed            | 400    |
      | circuit code    | cn-hangzhou | {pc}                   | 10   | 10.0.0.1 | 255.255.255.252 | CircuitCode | {long}      | InvalidCircuitCode.Malformed       | 400    |
      | local address   | cn-hangzhou | {pc}                   | 10   | 10.0.0   | 255.255.255.252 | Name        | ok-name     | InvalidLocalGatewayIp.Malformed    | 400    |
      | mask            | cn-hangzhou | {pc}                   | 10   | 10.0.0.1 | 255.0.0.0       | Name        | ok-name     | InvalidPeeringSubnetMask.Malformed | 400    |
      | name            | cn-hangzhou | {pc}                   | 10   | 10.0.0.1 | 255.255.255.252 | Name        | 1-bad       | InvalidName.Malformed              | 400    |
      | description     | cn-hangzhou | {pc}                   | 10   | 10.0.0.1 | 255.255.255.252 | Description | http://spam | InvalidDescription.Malformed       | 400    |
      | subnet          | cn-hangzhou | {pc}                   | 10   | 10.9.0.1 | 255.255.255.252 | Name        | ok-name     | InvalidIp.NotSameSubnet            | 400    |
      | unknown pc      | cn-hangzhou | pc-nothing000000000000 | 10   | 10.0.0.1 | 255.255.255.252 | Name        | ok-name     | InvalidPhysicalConnectionId.NotFound | 400  |
      | pc not enabled  | cn-hangzhou | {notready}             | 10   | 10.0.0.1 | 255.255.255.252 | Name        | ok-name     | InvalidPhysicalConnectionId.NotEnabled | 400 |
      | unknown owner   | cn-hangzhou | {pc}                   | 10   | 10.0.0.1 | 255.255.255.252 | VbrOwnerId  | 42          | InvalidVbrOwnerId.NotFound         | 404    |

  Scenario: the caller's own VBR needs its gateway addresses
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
      | VlanId               | 10          |
    Then the call fails with "MissingParameter" and HTTP status 400

  Scenario Outline: the VBR owner's fields are not the connection owner's to set (<param>)
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
      | VlanId               | 10          |
      | VbrOwnerId           | {B.uid}     |
      | <param>              | <value>     |
    Then the call fails with "<code>" and HTTP status 403

    Examples:
      | param             | value           | code                                        |
      | LocalGatewayIp    | 10.0.0.1        | Forbidden.LocalGatewayIpNotAllowedByCaller  |
      | PeerGatewayIp     | 10.0.0.2        | Forbidden.PeerGatewayIpNotAllowedByCaller   |
      | PeeringSubnetMask | 255.255.255.252 | Forbidden.PeeringSubnetMaskNotAllowedByCaller |
      | Description       | theirs-desc     | Forbidden.DescriptionNotAllowedByCaller     |

  Scenario: a VBR for an account of the other site
    Given account "B" has the flag "international"
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
      | VlanId               | 10          |
      | VbrOwnerId           | {B.uid}     |
    Then the call fails with "CROSS_BID.FORBIDDEN" and HTTP status 404

  Scenario Outline: VBR quotas (<quota>)
    Given my quota "<quota>" is 1
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | PhysicalConnectionId | {pc}            |
      | VlanId               | 10              |
      | LocalGatewayIp       | 10.0.0.1        |
      | PeerGatewayIp        | 10.0.0.2        |
      | PeeringSubnetMask    | 255.255.255.252 |
    And I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | PhysicalConnectionId | {pc}            |
      | VlanId               | 11              |
      | LocalGatewayIp       | 10.0.0.1        |
      | PeerGatewayIp        | 10.0.0.2        |
      | PeeringSubnetMask    | 255.255.255.252 |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | quota                     | code                 |
      | VbrsPerPhysicalConnection | QuotaExceeded.vbrPerpConn |
      | FreeVbrsPerAccount        | QuotaExceeded.freevbr     |

  Scenario: a connection with VBRs cannot be deleted
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
      | VlanId               | 10          |
      | VbrOwnerId           | {B.uid}     |
    When the cloud moves "{pc}" to "Terminated"
    And I call DeletePhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
    Then the call fails with "Forbidden.VBRExists" and HTTP status 400

  Scenario Outline: ModifyVirtualBorderRouterAttribute rules (<case>)
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | PhysicalConnectionId | {pc}            |
      | VlanId               | 10              |
      | LocalGatewayIp       | 10.0.0.1        |
      | PeerGatewayIp        | 10.0.0.2        |
      | PeeringSubnetMask    | 255.255.255.252 |
    And I remember "VbrId" as "vbr"
    And I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | PhysicalConnectionId | {pc}            |
      | VlanId               | 11              |
      | LocalGatewayIp       | 10.0.0.1        |
      | PeerGatewayIp        | 10.0.0.2        |
      | PeeringSubnetMask    | 255.255.255.252 |
    When I call ModifyVirtualBorderRouterAttribute with:
      | RegionId | <region> |
      | VbrId    | <vbr>    |
      | <param>  | <value>  |
    Then the call fails with "<code>" and HTTP status <status>

    Examples:
      | case          | region      | vbr               | param             | value     | code                               | status |
      | region        | Hangzhou    | {vbr}             | Name              | ok-name   | InvalidRegionId.NotFound           | 404    |
      | unknown VBR   | cn-hangzhou | vbr-nothing00000  | Name              | ok-name   | InvalidVbrId.NotFound              | 400    |
      | VLAN used     | cn-hangzhou | {vbr}             | VlanId            | 11        | InvalidVlanId.Used                 | 400    |
      | VLAN range    | cn-hangzhou | {vbr}             | VlanId            | 0         | InvalidVlanId.Malformed            | 400    |
      | circuit code  | cn-hangzhou | {vbr}             | CircuitCode       | {long}    | InvalidCircuitCode.Malformed       | 400    |
      | address       | cn-hangzhou | {vbr}             | PeerGatewayIp     | 10.0.0    | InvalidIp.Malformed                | 400    |
      | mask          | cn-hangzhou | {vbr}             | PeeringSubnetMask | 255.0.0.0 | InvalidPeeringSubnetMask.Malformed | 400    |

  Scenario Outline: the connection owner's fields are not the VBR owner's to set (<param>)
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
      | VlanId               | 10          |
      | VbrOwnerId           | {B.uid}     |
    And I remember "VbrId" as "vbr"
    Given I am account "B"
    When I call ModifyVirtualBorderRouterAttribute with:
      | RegionId | cn-hangzhou |
      | VbrId    | {vbr}       |
      | <param>  | <value>     |
    Then the call fails with "<code>" and HTTP status 403

    Examples:
      | param       | value | code                                |
      | CircuitCode | c-1   | Forbidden.CircuitCodeNotAllowedByCaller |

  Scenario Outline: the VBR owner's fields are not the connection owner's to modify (<param>)
    When I call CreateVirtualBorderRouter with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
      | VlanId               | 10          |
      | VbrOwnerId           | {B.uid}     |
    And I remember "VbrId" as "vbr"
    When I call ModifyVirtualBorderRouterAttribute with:
      | RegionId | cn-hangzhou |
      | VbrId    | {vbr}       |
      | <param>  | <value>     |
    Then the call fails with "<code>" and HTTP status 403

    Examples:
      | param             | value           | code                                          |
      | PeerGatewayIp     | 10.0.0.2        | Forbidden.PeerGatewayIpNotAllowedByCaller     |
      | PeeringSubnetMask | 255.255.255.252 | Forbidden.PeeringSubnetMaskNotAllowedByCaller |
      | Name              | theirs          | Forbidden.NameNotAllowedByCaller              |
      | Description       | theirs-desc     | Forbidden.DescriptionNotAllowedByCaller       |

  Scenario Outline: router-interface state refuses deletion (<case>)
    Given an active VBR "vbr" with:
      | PhysicalConnectionId | {pc}     |
      | VlanId               | 20       |
      | <attr>               | <value>  |
    When I call DeleteVirtualBorderRouter with:
      | RegionId | cn-hangzhou |
      | VbrId    | {vbr}       |
    Then the call fails with "<code>" and HTTP status <status>

    Examples:
      | case                 | attr               | value | code                                      | status |
      | no VLAN interface    | VlanInterfaceCount | 0     | Forbidden.NoRiFound                       | 403    |
      | two VLAN interfaces  | VlanInterfaceCount | 2     | Forbidden.MultiVlanRi                     | 403    |

  Scenario: DescribeVirtualBorderRouters filters
    When I call DescribeVirtualBorderRouters with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | Colour      |
      | Filter.1.Value.1 | red         |
    Then the call fails with "InvalidFilterKey.ValueNotSupported" and HTTP status 404
