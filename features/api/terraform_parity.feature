@ecmock
Feature: Terraform parity — the actions the alicloud provider reaches
  The actions Terraform's alicloud provider calls around Express Connect, ECR
  and CEN resources: tags as shared state (ECR, Cbn and Vpc tag actions), in-
  place updates (ModifyCenAttribute, UpdateTransitRouter, MoveResourceGroup,
  ChangeResourceGroup), the ECR arguments (allowed prefixes, transit modes,
  route entries, VBR child instances), further physical connections of a VBR,
  and the platform calls (Sts, Location, BssOpenApi, DescribeRegions,
  DescribeAccessPoints). Every documented error code of these actions is
  reached here.

  Background:
    Given an ACTIVE ECR "ecr"
    And an ACTIVE ECR association "assoc" with:
      | EcrId               | {ecr}       |
      | VpcId               | vpc-parity    |
      | AssociationRegionId | cn-hangzhou |
    And an Enabled physical connection "pc"
    And an active VBR "vbr" with:
      | PhysicalConnectionId | {pc} |
      | VlanId               | 10   |
    And an active VBR "vbr2" with:
      | PhysicalConnectionId | {pc} |
      | VlanId               | 11   |
    When I call AttachExpressConnectRouterChildInstance with:
      | EcrId                 | {ecr}       |
      | ChildInstanceId       | {vbr2}      |
      | ChildInstanceType     | VBR         |
      | ChildInstanceRegionId | cn-hangzhou |
    Then the call succeeds
    When 2 minutes pass

  Scenario Outline: ECR action <action> names its first missing parameter
    When I call <action> of ExpressConnectRouter with:
      | DryRun | false |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | action | code |
      | MoveResourceGroup | MissingParam.ResourceId |
      | ModifyExpressConnectRouterAssociationAllowedPrefix | MissingParam.EcrId |
      | ModifyExpressConnectRouterInterRegionTransitMode | MissingParam.EcrId |
      | EnableExpressConnectRouterRouteEntries | MissingParam.EcrId |
      | DisableExpressConnectRouterRouteEntries | MissingParam.EcrId |
      | DescribeDisabledExpressConnectRouterRouteEntries | MissingParam.EcrId |
      | AttachExpressConnectRouterChildInstance | MissingParam.EcrId |
      | DetachExpressConnectRouterChildInstance | MissingParam.EcrId |
      | ModifyExpressConnectRouterChildInstance | MissingParam.EcrId |
      | DescribeExpressConnectRouterChildInstance | MissingParam.EcrId |
      | TagResources | MissingParam.ResourceType |
      | UntagResources | MissingParam.ResourceType |
      | ListTagResources | MissingParam.ResourceType |

  Scenario Outline: ECR action <action> refuses a malformed DryRun
    When I call <action> of ExpressConnectRouter with:
      | <k1> | <v1> |
      | <k2> | <v2> |
      | <k3> | <v3> |
      | <k4> | <v4> |
      | DryRun | maybe |
    Then the call fails with "IllegalParamFormat.DryRun" and HTTP status 400

    Examples:
      | action | k1 | v1 | k2 | v2 | k3 | v3 | k4 | v4 |
      | MoveResourceGroup | ResourceId | {ecr} | ResourceType | EXPRESSCONNECTROUTER | NewResourceGroupId | rg-x | ResourceId | {ecr} |
      | ModifyExpressConnectRouterAssociationAllowedPrefix | EcrId | {ecr} | AssociationId | {assoc} | EcrId | {ecr} | EcrId | {ecr} |
      | ModifyExpressConnectRouterInterRegionTransitMode | EcrId | {ecr} | EcrId | {ecr} | EcrId | {ecr} | EcrId | {ecr} |
      | EnableExpressConnectRouterRouteEntries | EcrId | {ecr} | DestinationCidrBlock | 10.0.0.0/24 | NexthopInstanceId | {vbr} | EcrId | {ecr} |
      | DisableExpressConnectRouterRouteEntries | EcrId | {ecr} | DestinationCidrBlock | 10.0.0.0/24 | NexthopInstanceId | {vbr} | EcrId | {ecr} |
      | DescribeDisabledExpressConnectRouterRouteEntries | EcrId | {ecr} | EcrId | {ecr} | EcrId | {ecr} | EcrId | {ecr} |
      | AttachExpressConnectRouterChildInstance | EcrId | {ecr} | ChildInstanceId | {vbr} | ChildInstanceType | VBR | ChildInstanceRegionId | cn-hangzhou |
      | DetachExpressConnectRouterChildInstance | EcrId | {ecr} | ChildInstanceId | {vbr2} | ChildInstanceType | VBR | EcrId | {ecr} |
      | ModifyExpressConnectRouterChildInstance | EcrId | {ecr} | ChildInstanceId | {vbr2} | ChildInstanceType | VBR | EcrId | {ecr} |
      | DescribeExpressConnectRouterChildInstance | EcrId | {ecr} | EcrId | {ecr} | EcrId | {ecr} | EcrId | {ecr} |
      | TagResources | ResourceType | EXPRESSCONNECTROUTER | ResourceId.1 | {ecr} | Tag.1.Key | k | ResourceType | EXPRESSCONNECTROUTER |
      | UntagResources | ResourceType | EXPRESSCONNECTROUTER | ResourceId.1 | {ecr} | ResourceType | EXPRESSCONNECTROUTER | ResourceType | EXPRESSCONNECTROUTER |
      | ListTagResources | ResourceType | EXPRESSCONNECTROUTER | ResourceId.1 | {ecr} | ResourceType | EXPRESSCONNECTROUTER | ResourceType | EXPRESSCONNECTROUTER |

  Scenario Outline: ECR action <action> passes every check in a dry run
    When I call <action> of ExpressConnectRouter with:
      | <k1> | <v1> |
      | <k2> | <v2> |
      | <k3> | <v3> |
      | <k4> | <v4> |
      | DryRun | true |
    Then the call fails with "DryRunOperation" and HTTP status 400

    Examples:
      | action | k1 | v1 | k2 | v2 | k3 | v3 | k4 | v4 |
      | MoveResourceGroup | ResourceId | {ecr} | ResourceType | EXPRESSCONNECTROUTER | NewResourceGroupId | rg-x | ResourceId | {ecr} |
      | ModifyExpressConnectRouterAssociationAllowedPrefix | EcrId | {ecr} | AssociationId | {assoc} | EcrId | {ecr} | EcrId | {ecr} |
      | ModifyExpressConnectRouterInterRegionTransitMode | EcrId | {ecr} | EcrId | {ecr} | EcrId | {ecr} | EcrId | {ecr} |
      | EnableExpressConnectRouterRouteEntries | EcrId | {ecr} | DestinationCidrBlock | 10.0.0.0/24 | NexthopInstanceId | {vbr} | EcrId | {ecr} |
      | DisableExpressConnectRouterRouteEntries | EcrId | {ecr} | DestinationCidrBlock | 10.0.0.0/24 | NexthopInstanceId | {vbr} | EcrId | {ecr} |
      | DescribeDisabledExpressConnectRouterRouteEntries | EcrId | {ecr} | EcrId | {ecr} | EcrId | {ecr} | EcrId | {ecr} |
      | AttachExpressConnectRouterChildInstance | EcrId | {ecr} | ChildInstanceId | {vbr} | ChildInstanceType | VBR | ChildInstanceRegionId | cn-hangzhou |
      | DetachExpressConnectRouterChildInstance | EcrId | {ecr} | ChildInstanceId | {vbr2} | ChildInstanceType | VBR | EcrId | {ecr} |
      | ModifyExpressConnectRouterChildInstance | EcrId | {ecr} | ChildInstanceId | {vbr2} | ChildInstanceType | VBR | EcrId | {ecr} |
      | DescribeExpressConnectRouterChildInstance | EcrId | {ecr} | EcrId | {ecr} | EcrId | {ecr} | EcrId | {ecr} |
      | TagResources | ResourceType | EXPRESSCONNECTROUTER | ResourceId.1 | {ecr} | Tag.1.Key | k | ResourceType | EXPRESSCONNECTROUTER |
      | UntagResources | ResourceType | EXPRESSCONNECTROUTER | ResourceId.1 | {ecr} | ResourceType | EXPRESSCONNECTROUTER | ResourceType | EXPRESSCONNECTROUTER |

  Scenario Outline: ECR action <action> on an unknown ECR
    When I call <action> of ExpressConnectRouter with:
      | <k1> | <v1> |
      | <k2> | <v2> |
      | <k3> | <v3> |
      | <k4> | <v4> |
    Then the call fails with "ResourceNotFound.EcrId" and HTTP status 404

    Examples:
      | action | k1 | v1 | k2 | v2 | k3 | v3 | k4 | v4 |
      | MoveResourceGroup | ResourceId | ecr-unknown | ResourceType | EXPRESSCONNECTROUTER | NewResourceGroupId | rg-x | ResourceId | ecr-unknown |
      | ModifyExpressConnectRouterAssociationAllowedPrefix | EcrId | ecr-unknown | AssociationId | {assoc} | EcrId | ecr-unknown | EcrId | ecr-unknown |
      | ModifyExpressConnectRouterInterRegionTransitMode | EcrId | ecr-unknown | EcrId | ecr-unknown | EcrId | ecr-unknown | EcrId | ecr-unknown |
      | EnableExpressConnectRouterRouteEntries | EcrId | ecr-unknown | DestinationCidrBlock | 10.0.0.0/24 | NexthopInstanceId | {vbr} | EcrId | ecr-unknown |
      | DisableExpressConnectRouterRouteEntries | EcrId | ecr-unknown | DestinationCidrBlock | 10.0.0.0/24 | NexthopInstanceId | {vbr} | EcrId | ecr-unknown |
      | DescribeDisabledExpressConnectRouterRouteEntries | EcrId | ecr-unknown | EcrId | ecr-unknown | EcrId | ecr-unknown | EcrId | ecr-unknown |
      | AttachExpressConnectRouterChildInstance | EcrId | ecr-unknown | ChildInstanceId | {vbr} | ChildInstanceType | VBR | ChildInstanceRegionId | cn-hangzhou |
      | DetachExpressConnectRouterChildInstance | EcrId | ecr-unknown | ChildInstanceId | {vbr2} | ChildInstanceType | VBR | EcrId | ecr-unknown |
      | ModifyExpressConnectRouterChildInstance | EcrId | ecr-unknown | ChildInstanceId | {vbr2} | ChildInstanceType | VBR | EcrId | ecr-unknown |
      | DescribeExpressConnectRouterChildInstance | EcrId | ecr-unknown | EcrId | ecr-unknown | EcrId | ecr-unknown | EcrId | ecr-unknown |
      | TagResources | ResourceType | EXPRESSCONNECTROUTER | ResourceId.1 | ecr-unknown | Tag.1.Key | k | ResourceType | EXPRESSCONNECTROUTER |
      | UntagResources | ResourceType | EXPRESSCONNECTROUTER | ResourceId.1 | ecr-unknown | ResourceType | EXPRESSCONNECTROUTER | ResourceType | EXPRESSCONNECTROUTER |

  Scenario Outline: ECR action <action> waits for the ECR's lock
    Given a CREATING ECR association "busy" with:
      | EcrId               | {ecr}       |
      | VpcId               | vpc-busy    |
      | AssociationRegionId | cn-hangzhou |
    When I call <action> of ExpressConnectRouter with:
      | <k1> | <v1> |
      | <k2> | <v2> |
      | <k3> | <v3> |
      | <k4> | <v4> |
    Then the call fails with "Conflict.Lock" and HTTP status 400

    Examples:
      | action | k1 | v1 | k2 | v2 | k3 | v3 | k4 | v4 |
      | ModifyExpressConnectRouterAssociationAllowedPrefix | EcrId | {ecr} | AssociationId | {assoc} | EcrId | {ecr} | EcrId | {ecr} |
      | ModifyExpressConnectRouterInterRegionTransitMode | EcrId | {ecr} | EcrId | {ecr} | EcrId | {ecr} | EcrId | {ecr} |
      | EnableExpressConnectRouterRouteEntries | EcrId | {ecr} | DestinationCidrBlock | 10.0.0.0/24 | NexthopInstanceId | {vbr} | EcrId | {ecr} |
      | DisableExpressConnectRouterRouteEntries | EcrId | {ecr} | DestinationCidrBlock | 10.0.0.0/24 | NexthopInstanceId | {vbr} | EcrId | {ecr} |
      | AttachExpressConnectRouterChildInstance | EcrId | {ecr} | ChildInstanceId | {vbr} | ChildInstanceType | VBR | ChildInstanceRegionId | cn-hangzhou |
      | DetachExpressConnectRouterChildInstance | EcrId | {ecr} | ChildInstanceId | {vbr2} | ChildInstanceType | VBR | EcrId | {ecr} |

  Scenario: ECR tags are state: shown by DescribeExpressConnectRouter, listed, removed, limited to 20
    When I call TagResources of ExpressConnectRouter with:
      | ResourceType | EXPRESSCONNECTROUTER |
      | ResourceId.1 | {ecr}                |
      | Tag.1.Key   | k01 |
      | Tag.1.Value | v      |
      | Tag.2.Key   | k02 |
      | Tag.2.Value | v      |
      | Tag.3.Key   | k03 |
      | Tag.3.Value | v      |
      | Tag.4.Key   | k04 |
      | Tag.4.Value | v      |
      | Tag.5.Key   | k05 |
      | Tag.5.Value | v      |
      | Tag.6.Key   | k06 |
      | Tag.6.Value | v      |
      | Tag.7.Key   | k07 |
      | Tag.7.Value | v      |
      | Tag.8.Key   | k08 |
      | Tag.8.Value | v      |
      | Tag.9.Key   | k09 |
      | Tag.9.Value | v      |
      | Tag.10.Key   | k10 |
      | Tag.10.Value | v      |
      | Tag.11.Key   | k11 |
      | Tag.11.Value | v      |
      | Tag.12.Key   | k12 |
      | Tag.12.Value | v      |
      | Tag.13.Key   | k13 |
      | Tag.13.Value | v      |
      | Tag.14.Key   | k14 |
      | Tag.14.Value | v      |
      | Tag.15.Key   | k15 |
      | Tag.15.Value | v      |
      | Tag.16.Key   | k16 |
      | Tag.16.Value | v      |
      | Tag.17.Key   | k17 |
      | Tag.17.Value | v      |
      | Tag.18.Key   | k18 |
      | Tag.18.Value | v      |
      | Tag.19.Key   | k19 |
      | Tag.19.Value | v      |
      | Tag.20.Key   | k20 |
      | Tag.20.Value | v      |
    Then the call succeeds
    When I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then "EcrList.0.Tags" has 20 items
    When I call ListTagResources of ExpressConnectRouter with:
      | ResourceType | EXPRESSCONNECTROUTER |
      | ResourceId.1 | {ecr}                |
      | MaxResults   | 15                   |
    Then "TagResources" has 15 items
    And "TotalCount" is "20"
    And I remember "NextToken" as "next"
    When I call ListTagResources of ExpressConnectRouter with:
      | ResourceType | EXPRESSCONNECTROUTER |
      | ResourceId.1 | {ecr}                |
      | NextToken    | {next}               |
    Then "TagResources" has 5 items
    When I call TagResources of ExpressConnectRouter with:
      | ResourceType | EXPRESSCONNECTROUTER |
      | ResourceId.1 | {ecr}                |
      | Tag.1.Key    | one-more             |
    Then the call fails with "SizeLimitExceeded.TagNum" and HTTP status 400
    When I call UntagResources of ExpressConnectRouter with:
      | ResourceType | EXPRESSCONNECTROUTER |
      | ResourceId.1 | {ecr}                |
      | All          | true                 |
    Then the call succeeds
    When I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then "EcrList.0.Tags" has 0 items
    When I call ListTagResources of ExpressConnectRouter with:
      | ResourceType | EXPRESSCONNECTROUTER |
    Then the call fails with "IllegalParamFormat.ResourceId" and HTTP status 400

  Scenario: a VBR child instance is attached, shown, detached; its rules
    When I call DescribeExpressConnectRouterChildInstance with:
      | EcrId | {ecr} |
    Then the answer has:
      | ChildInstanceList.0.ChildInstanceId | {vbr2}  |
      | ChildInstanceList.0.Status          | ACTIVE  |
    When I call DescribeVirtualBorderRouters with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | VbrId       |
      | Filter.1.Value.1 | {vbr2}      |
    Then the answer has:
      | VirtualBorderRouterSet.VirtualBorderRouterType.0.EcrId            | {ecr}   |
      | VirtualBorderRouterSet.VirtualBorderRouterType.0.EcrAttatchStatus | ACTIVE  |
    When I call AttachExpressConnectRouterChildInstance with:
      | EcrId                 | {ecr}       |
      | ChildInstanceId       | {vbr2}      |
      | ChildInstanceType     | VBR         |
      | ChildInstanceRegionId | cn-hangzhou |
    Then the call fails with "ResourceAlreadyExists.ChildInstance" and HTTP status 400
    When I call AttachExpressConnectRouterChildInstance with:
      | EcrId                 | {ecr}       |
      | ChildInstanceId       | vbr-unknown |
      | ChildInstanceType     | VBR         |
      | ChildInstanceRegionId | cn-hangzhou |
    Then the call fails with "ResourceNotFound.ChildInstanceId" and HTTP status 404
    When I call ModifyExpressConnectRouterChildInstance with:
      | EcrId             | {ecr}       |
      | ChildInstanceId   | {vbr}       |
      | ChildInstanceType | VBR         |
    Then the call fails with "ResourceNotFound.ChildInstanceId" and HTTP status 404
    When I call DeleteExpressConnectRouterAssociation with:
      | EcrId         | {ecr}   |
      | AssociationId | {assoc} |
    Then the call succeeds
    When 2 minutes pass
    And I call DeleteExpressConnectRouter with:
      | EcrId | {ecr} |
    Then the call fails with "DependencyViolation.ChildInstance" and HTTP status 400
    When I call AttachExpressConnectRouterChildInstance with:
      | EcrId                 | {ecr}       |
      | ChildInstanceId       | {vbr}       |
      | ChildInstanceType     | VBR         |
      | ChildInstanceRegionId | cn-hangzhou |
    Then the call succeeds
    When I call DetachExpressConnectRouterChildInstance with:
      | EcrId             | {ecr}   |
      | ChildInstanceId   | {vbr}   |
      | ChildInstanceType | VBR     |
    Then the call fails with "IncorrectStatus.ChildInstance" and HTTP status 400
    When I call DetachExpressConnectRouterChildInstance with:
      | EcrId             | {ecr}   |
      | ChildInstanceId   | {vbr2}  |
      | ChildInstanceType | VBR     |
    Then the call succeeds
    When 2 minutes pass
    And I call DetachExpressConnectRouterChildInstance with:
      | EcrId             | {ecr}   |
      | ChildInstanceId   | {vbr2}  |
      | ChildInstanceType | VBR     |
    Then the call fails with "ResourceNotFound.ChildInstanceId" and HTTP status 404

  Scenario Outline: attaching a VBR that is <case>
    Given <given>
    When I call AttachExpressConnectRouterChildInstance with:
      | EcrId                 | {ecr}       |
      | ChildInstanceId       | {other}     |
      | ChildInstanceType     | VBR         |
      | ChildInstanceRegionId | cn-hangzhou |
      | ChildInstanceOwnerId  | <owner>     |
    Then the call fails with "<code>" and HTTP status <status>

    Examples:
      | case                              | given                                        | owner   | code                          | status |
      | not active                        | an unconfirmed VBR "other" of account "A"    | {A.uid} | IncorrectStatus.ChildInstance | 400    |
      | another account's, not granted    | an active VBR "other" of account "B"         | {B.uid} | Forbidden.InstanceNotGranted  | 403    |

  Scenario: allowed prefixes, transit modes and route entries
    When I call ModifyExpressConnectRouterAssociationAllowedPrefix with:
      | EcrId             | {ecr}         |
      | AssociationId     | {assoc}       |
      | AllowedPrefixes.1 | 10.0.0.0/16   |
    Then the call succeeds
    When I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then "EcrList.0.Status" is "UPDATING"
    When I call ModifyExpressConnectRouterAssociationAllowedPrefix with:
      | EcrId         | {ecr}                |
      | AssociationId | ecr-assoc-unknown    |
    Then the call fails with "ResourceNotFound.AssociationId" and HTTP status 404
    When 1 minute passes
    And I call ModifyExpressConnectRouterInterRegionTransitMode with:
      | EcrId                      | {ecr}        |
      | TransitModeList.1.RegionId | cn-hangzhou  |
      | TransitModeList.1.Mode     | NearBy       |
    Then the call succeeds
    When I call DescribeExpressConnectRouterInterRegionTransitMode with:
      | EcrId | {ecr} |
    Then "InterRegionTransitModeList.0.Mode" is "NearBy"
    When I call ModifyExpressConnectRouterInterRegionTransitMode with:
      | EcrId                      | {ecr}         |
      | TransitModeList.1.RegionId | not_a_region  |
      | TransitModeList.1.Mode     | ECMP          |
    Then the call fails with "IllegalParam.RegionId" and HTTP status 400
    When I call DisableExpressConnectRouterRouteEntries with:
      | EcrId                | {ecr}          |
      | DestinationCidrBlock | 192.168.0.0/24 |
      | NexthopInstanceId    | {vbr2}         |
    Then the call succeeds
    When I call DescribeDisabledExpressConnectRouterRouteEntries with:
      | EcrId | {ecr} |
    Then "DisabledRouteEntryList" has 1 item
    When I call EnableExpressConnectRouterRouteEntries with:
      | EcrId                | {ecr}          |
      | DestinationCidrBlock | 192.168.0.0/24 |
      | NexthopInstanceId    | {vbr2}         |
    Then the call succeeds
    When I call DescribeDisabledExpressConnectRouterRouteEntries with:
      | EcrId | {ecr} |
    Then "DisabledRouteEntryList" has 0 items

  Scenario: an ECR still attached to a transit router (a fixture without its association) is not deleted
    Given an ACTIVE ECR "lonely"
    And an Attached ECR attachment "att" with:
      | EcrId           | {lonely}    |
      | TransitRouterId | tr-fixture  |
    When I call DeleteExpressConnectRouter with:
      | EcrId | {lonely} |
    Then the call fails with "DependencyViolation.Attachment" and HTTP status 400

  Scenario: CEN and transit-router updates, resource group and tags
    Given an Active CEN "cen"
    And a Creating CEN "young"
    And an Active transit router "tr" with:
      | CenId | {cen} |
    And a Creating transit router "newtr" with:
      | CenId | {cen} |
    When I call ModifyCenAttribute with:
      | CenId | {cen}    |
      | Name  | renamed  |
    Then the call succeeds
    When I call DescribeCens with:
      | Filter.1.Key     | CenId |
      | Filter.1.Value.1 | {cen} |
    Then "Cens.Cen.0.Name" is "renamed"
    When I call ModifyCenAttribute with:
      | CenId | {young} |
      | Name  | early   |
    Then the call fails with "InvalidOperation.CenInstanceStatus" and HTTP status 400
    When I call ModifyCenAttribute with:
      | CenId | cen-unknown |
    Then the call fails with "InvalidCenId.NotFound" and HTTP status 400
    When I call ModifyCenAttribute with:
      | CenId           | {cen} |
      | ProtectionLevel | FULL  |
    Then the call fails with "InvalidParameter" and HTTP status 400
    When I call MoveResourceGroup of Cbn with:
      | ResourceId         | {cen}   |
      | ResourceType       | cen     |
      | NewResourceGroupId | rg-new  |
    Then the call succeeds
    When I call MoveResourceGroup of Cbn with:
      | ResourceId         | {cen}   |
      | ResourceType       | cen     |
      | NewResourceGroupId | rg-new  |
      | DryRun             | true    |
    Then the call fails with "DryRunOperation" and HTTP status 400
    When I call MoveResourceGroup of Cbn with:
      | ResourceId         | cen-unknown |
      | ResourceType       | cen         |
      | NewResourceGroupId | rg-new      |
    Then the call fails with "InvalidCenId.NotFound" and HTTP status 400
    When I call MoveResourceGroup of Cbn with:
      | ResourceId         | {cen}            |
      | ResourceType       | bandwidthpackage |
      | NewResourceGroupId | rg-new           |
    Then the call fails with "InvalidParameter" and HTTP status 400
    When I call UpdateTransitRouter with:
      | TransitRouterId   | {tr}     |
      | TransitRouterName | tr-new   |
    Then the call succeeds
    When I call UpdateTransitRouter with:
      | TransitRouterId   | {tr}     |
      | DryRun            | true     |
    Then the call fails with "DryRunOperation" and HTTP status 400
    When I call UpdateTransitRouter with:
      | TransitRouterId   | {newtr}  |
    Then the call fails with "IncorrectStatus.TransitRouter" and HTTP status 400
    When I call UpdateTransitRouter with:
      | TransitRouterId   | tr-unknown |
    Then the call fails with "InvalidTransitRouterId.NotFound" and HTTP status 400
    When I call UpdateTransitRouter with:
      | TransitRouterId   | {tr}       |
      | TransitRouterName | http://x   |
    Then the call fails with "InvalidParameter" and HTTP status 400
    When I call TagResources of Cbn with:
      | ResourceType | cen   |
      | ResourceId.1 | {cen} |
      | Tag.1.Key   | k01 |
      | Tag.1.Value | v      |
      | Tag.2.Key   | k02 |
      | Tag.2.Value | v      |
      | Tag.3.Key   | k03 |
      | Tag.3.Value | v      |
      | Tag.4.Key   | k04 |
      | Tag.4.Value | v      |
      | Tag.5.Key   | k05 |
      | Tag.5.Value | v      |
      | Tag.6.Key   | k06 |
      | Tag.6.Value | v      |
      | Tag.7.Key   | k07 |
      | Tag.7.Value | v      |
      | Tag.8.Key   | k08 |
      | Tag.8.Value | v      |
      | Tag.9.Key   | k09 |
      | Tag.9.Value | v      |
      | Tag.10.Key   | k10 |
      | Tag.10.Value | v      |
      | Tag.11.Key   | k11 |
      | Tag.11.Value | v      |
      | Tag.12.Key   | k12 |
      | Tag.12.Value | v      |
      | Tag.13.Key   | k13 |
      | Tag.13.Value | v      |
      | Tag.14.Key   | k14 |
      | Tag.14.Value | v      |
      | Tag.15.Key   | k15 |
      | Tag.15.Value | v      |
      | Tag.16.Key   | k16 |
      | Tag.16.Value | v      |
      | Tag.17.Key   | k17 |
      | Tag.17.Value | v      |
      | Tag.18.Key   | k18 |
      | Tag.18.Value | v      |
      | Tag.19.Key   | k19 |
      | Tag.19.Value | v      |
      | Tag.20.Key   | k20 |
      | Tag.20.Value | v      |
    Then the call succeeds
    When I call DescribeCens with:
      | Tag.1.Key | k01 |
    Then "Cens.Cen" has 1 item
    When I call TagResources of Cbn with:
      | ResourceType | cen      |
      | ResourceId.1 | {cen}    |
      | Tag.1.Key    | one-more |
    Then the call fails with "SizeLimitExceeded.TagNum" and HTTP status 400
    When I call TagResources of Cbn with:
      | ResourceType | cen         |
      | ResourceId.1 | cen-unknown |
      | Tag.1.Key    | k           |
    Then the call fails with "InvalidResourceId.NotFound" and HTTP status 400
    When I call TagResources of Cbn with:
      | ResourceType | cen       |
      | ResourceId.1 | {cen}     |
      | Tag.1.Key    | aliyun-k  |
    Then the call fails with "InvalidParameter" and HTTP status 400
    When I call UntagResources of Cbn with:
      | ResourceType | cen   |
      | ResourceId.1 | {cen} |
      | TagKey.1     | k01   |
    Then the call succeeds
    When I call ListTagResources of Cbn with:
      | ResourceType | cen   |
      | ResourceId.1 | {cen} |
    Then "TagResources.TagResource" has 19 items
    When I call UntagResources of Cbn with:
      | ResourceType | cen         |
      | ResourceId.1 | cen-unknown |
    Then the call fails with "InvalidResourceId.NotFound" and HTTP status 400
    When I call UntagResources of Cbn with:
      | ResourceType | vpc   |
      | ResourceId.1 | {cen} |
    Then the call fails with "InvalidParameter" and HTTP status 400
    When I call ListTagResources of Cbn with:
      | ResourceType | cen |
    Then the call fails with "InvalidParameter" and HTTP status 400

  Scenario: Express Connect tags: physical connections and VBRs
    When I call TagResourcesForExpressConnect with:
      | RegionId     | cn-hangzhou        |
      | ResourceType | PHYSICALCONNECTION |
      | ResourceId.1 | {pc}               |
      | Tag.1.Key   | k01 |
      | Tag.1.Value | v      |
      | Tag.2.Key   | k02 |
      | Tag.2.Value | v      |
      | Tag.3.Key   | k03 |
      | Tag.3.Value | v      |
      | Tag.4.Key   | k04 |
      | Tag.4.Value | v      |
      | Tag.5.Key   | k05 |
      | Tag.5.Value | v      |
      | Tag.6.Key   | k06 |
      | Tag.6.Value | v      |
      | Tag.7.Key   | k07 |
      | Tag.7.Value | v      |
      | Tag.8.Key   | k08 |
      | Tag.8.Value | v      |
      | Tag.9.Key   | k09 |
      | Tag.9.Value | v      |
      | Tag.10.Key   | k10 |
      | Tag.10.Value | v      |
      | Tag.11.Key   | k11 |
      | Tag.11.Value | v      |
      | Tag.12.Key   | k12 |
      | Tag.12.Value | v      |
      | Tag.13.Key   | k13 |
      | Tag.13.Value | v      |
      | Tag.14.Key   | k14 |
      | Tag.14.Value | v      |
      | Tag.15.Key   | k15 |
      | Tag.15.Value | v      |
      | Tag.16.Key   | k16 |
      | Tag.16.Value | v      |
      | Tag.17.Key   | k17 |
      | Tag.17.Value | v      |
      | Tag.18.Key   | k18 |
      | Tag.18.Value | v      |
      | Tag.19.Key   | k19 |
      | Tag.19.Value | v      |
      | Tag.20.Key   | k20 |
      | Tag.20.Value | v      |
    Then the call succeeds
    When I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {pc}                 |
    Then "PhysicalConnectionSet.PhysicalConnectionType.0.Tags.tags" has 20 items
    When I call TagResourcesForExpressConnect with:
      | RegionId     | cn-hangzhou        |
      | ResourceType | PHYSICALCONNECTION |
      | ResourceId.1 | {pc}               |
      | Tag.1.Key    | one-more           |
    Then the call fails with "SizeLimitExceeded.TagNum" and HTTP status 400
    When I call TagResourcesForExpressConnect with:
      | RegionId     | cn-hangzhou        |
      | ResourceType | PHYSICALCONNECTION |
      | ResourceId.1 | pc-unknown         |
      | Tag.1.Key    | k                  |
    Then the call fails with "InvalidInstanceIds.NotFound" and HTTP status 404
    When I call TagResourcesForExpressConnect with:
      | RegionId     | cn-hangzhou         |
      | ResourceType | VIRTUALBORDERROUTER |
      | ResourceId.1 | {vbr}               |
      | Tag.1.Key    | acs:k               |
    Then the call fails with "InvalidParameter" and HTTP status 400
    When I call TagResourcesForExpressConnect with:
      | RegionId     | cn-hangzhou         |
      | ResourceType | VIRTUALBORDERROUTER |
      | ResourceId.1 | {vbr}               |
      | Tag.1.Key    | role                |
      | Tag.1.Value  | edge                |
    Then the call succeeds
    When I call DescribeVirtualBorderRouters with:
      | RegionId     | cn-hangzhou |
      | Tags.1.Key   | role        |
      | Tags.1.Value | edge        |
    Then the answer has:
      | VirtualBorderRouterSet.VirtualBorderRouterType.0.VbrId            | {vbr} |
      | VirtualBorderRouterSet.VirtualBorderRouterType.0.Tags.Tags.0.Key  | role  |
    When I call ListTagResourcesForExpressConnect with:
      | RegionId     | cn-hangzhou         |
      | ResourceType | VIRTUALBORDERROUTER |
      | Tag.1.Key    | role                |
    Then "TagResources.TagResource.0.ResourceId" is "{vbr}"
    When I call ListTagResourcesForExpressConnect with:
      | RegionId     | cn-hangzhou         |
      | ResourceType | VIRTUALBORDERROUTER |
    Then the call fails with "InvalidParameter" and HTTP status 400
    When I call ListTagResources of Vpc with:
      | RegionId     | cn-hangzhou         |
      | ResourceType | VIRTUALBORDERROUTER |
    Then the call fails with "InvalidParameter" and HTTP status 400
    When I call UntagResourcesForExpressConnect with:
      | RegionId     | cn-hangzhou         |
      | ResourceType | VIRTUALBORDERROUTER |
      | ResourceId.1 | {vbr}               |
      | TagKey.1     | role                |
    Then the call succeeds
    When I call UntagResourcesForExpressConnect with:
      | RegionId     | cn-hangzhou         |
      | ResourceType | VIRTUALBORDERROUTER |
      | ResourceId.1 | vbr-unknown         |
    Then the call fails with "InvalidInstanceIds.NotFound" and HTTP status 404
    When I call UntagResourcesForExpressConnect with:
      | RegionId     | cn-hangzhou |
      | ResourceType | VPC         |
      | ResourceId.1 | {vbr}       |
    Then the call fails with "InvalidParameter" and HTTP status 400
    When I call UnTagResources with:
      | RegionId     | cn-hangzhou        |
      | ResourceType | PHYSICALCONNECTION |
      | ResourceId.1 | {pc}               |
      | All          | true               |
    Then the call succeeds
    When I call UnTagResources with:
      | RegionId     | cn-hangzhou        |
      | ResourceType | PHYSICALCONNECTION |
      | ResourceId.1 | pc-unknown         |
    Then the call fails with "InvalidInstanceIds.NotFound" and HTTP status 404
    When I call UnTagResources with:
      | RegionId     | cn-hangzhou |
      | ResourceType | EIP         |
      | ResourceId.1 | {pc}        |
    Then the call fails with "InvalidParameter" and HTTP status 400

  Scenario Outline: associating a further physical connection with a VBR (<case>)
    Given an Enabled physical connection "pc2"
    And an Initial physical connection "young"
    When I call AssociatePhysicalConnectionToVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | VbrId                | <vbr>           |
      | PhysicalConnectionId | <pc>            |
      | VlanId               | <vlan>          |
      | LocalGatewayIp       | 10.9.0.1        |
      | PeerGatewayIp        | <peer>          |
      | PeeringSubnetMask    | 255.255.255.252 |
      | CircuitCode          | <circuit>       |
    Then the call fails with "<code>" and HTTP status <status>

    Examples:
      | case                 | vbr         | pc          | vlan | peer      | circuit | code                                          | status |
      | unknown VBR          | vbr-unknown | {pc2}       | 20   | 10.9.0.2  | c1      | InvalidVbrId.NotFound                         | 404    |
      | unknown connection   | {vbr}       | pc-unknown  | 20   | 10.9.0.2  | c1      | InvalidPhysicalConnectionId.NotFound          | 400    |
      | connection not ready | {vbr}       | {young}     | 20   | 10.9.0.2  | c1      | InvalidPhysicalConnectionId.NotEnabled        | 400    |
      | its own connection   | {vbr}       | {pc}        | 20   | 10.9.0.2  | c1      | InvalidPhysicalConnectionId.AlreadyAssociated | 400    |
      | gateways apart       | {vbr}       | {pc2}       | 20   | 10.8.0.2  | c1      | InvalidIp.NotSameSubnet                       | 400    |
      | VLAN out of range    | {vbr}       | {pc2}       | 3000 | 10.9.0.2  | c1      | InvalidVlanId.Malformed                       | 400    |
      | circuit code too long| {vbr}       | {pc2}       | 20   | 10.9.0.2  | {long}  | InvalidCircuitCode.Malformed                  | 400    |

  Scenario: a further physical connection is associated, shown, holds its VLAN, and is unassociated
    Given an Enabled physical connection "pc2"
    When I call AssociatePhysicalConnectionToVirtualBorderRouter with:
      | RegionId             | cn-hangzhou     |
      | VbrId                | {vbr}           |
      | PhysicalConnectionId | {pc2}           |
      | VlanId               | 30              |
      | LocalGatewayIp       | 10.9.0.1        |
      | PeerGatewayIp        | 10.9.0.2        |
      | PeeringSubnetMask    | 255.255.255.252 |
    Then the call succeeds
    When I call DescribeVirtualBorderRouters with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | VbrId       |
      | Filter.1.Value.1 | {vbr}       |
    Then the answer has:
      | VirtualBorderRouterSet.VirtualBorderRouterType.0.AssociatedPhysicalConnections.AssociatedPhysicalConnection.0.PhysicalConnectionId | {pc2}       |
      | VirtualBorderRouterSet.VirtualBorderRouterType.0.AssociatedPhysicalConnections.AssociatedPhysicalConnection.0.Status               | Associated  |
    When I call AssociatePhysicalConnectionToVirtualBorderRouter with:
      | RegionId             | cn-hangzhou |
      | VbrId                | {vbr2}      |
      | PhysicalConnectionId | {pc2}       |
      | VlanId               | 30          |
    Then the call fails with "InvalidVlanId.Used" and HTTP status 400
    When I call UnassociatePhysicalConnectionFromVirtualBorderRouter with:
      | RegionId             | cn-hangzhou |
      | VbrId                | {vbr}       |
      | PhysicalConnectionId | {pc2}       |
    Then the call succeeds
    When I call UnassociatePhysicalConnectionFromVirtualBorderRouter with:
      | RegionId             | cn-hangzhou |
      | VbrId                | {vbr}       |
      | PhysicalConnectionId | {pc2}       |
    Then the call fails with "InvalidPhysicalConnectionId.NotFound" and HTTP status 400
    When I call UnassociatePhysicalConnectionFromVirtualBorderRouter with:
      | RegionId             | cn-hangzhou |
      | VbrId                | vbr-unknown |
      | PhysicalConnectionId | {pc2}       |
    Then the call fails with "InvalidVbrId.NotFound" and HTTP status 404
    When I call ChangeResourceGroup with:
      | RegionId           | cn-hangzhou         |
      | ResourceId         | {vbr}               |
      | ResourceType       | VIRTUALBORDERROUTER |
      | NewResourceGroupId | rg-moved            |
    Then the call succeeds
    When I call ChangeResourceGroup with:
      | RegionId           | cn-hangzhou         |
      | ResourceId         | vbr-unknown         |
      | ResourceType       | VIRTUALBORDERROUTER |
      | NewResourceGroupId | rg-moved            |
    Then the call fails with "ResourceNotFound" and HTTP status 404

  Scenario: the platform calls answer the caller, ecmock itself, and an empty bill
    When I call GetCallerIdentity with:
      | RegionId | cn-hangzhou |
    Then the answer has:
      | AccountId    | {A.uid}  |
      | IdentityType | Account  |
    When I call DescribeEndpoints with:
      | Id          | cn-hangzhou          |
      | ServiceCode | expressconnectrouter |
      | Type        | openAPI              |
    Then "Endpoints.Endpoint" has 1 item
    When I call QueryAvailableInstances with:
      | ProductCode | vipcloudfw |
    Then "Data.TotalCount" is "0"
    When I call QueryAvailableInstances with:
      | SubscriptionType | Monthly |
    Then the call fails with "InvalidParameter" and HTTP status 400
    When I call DescribeRegions with:
      | RegionId | cn-hangzhou |
    Then "Regions.Region" has 32 items
    When I call DescribeAccessPoints with:
      | RegionId | cn-hangzhou |
    Then "AccessPointSet.AccessPointType" has 2 items
    When I call DescribeAccessPoints with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | Colour      |
      | Filter.1.Value.1 | red         |
    Then the call fails with "InvalidFilterKey.ValueNotSupported" and HTTP status 404
