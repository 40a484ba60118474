@ecmock
Feature: Transit-router ECR attachments
  An ECR associated with an Active Enterprise transit router (association
  ACTIVE) is attached with CreateTransitRouterEcrAttachment: Attaching, then
  Attached; while Attaching the ECR shows LOCKED_ATTACHING. Deleting is
  Detaching, then gone. Checks: parameters, then the CEN, the router, the ECR
  and their statuses, grants across accounts, then quotas.

  Background:
    Given the timing profile is "instant"
    And an Active CEN "cen"
    And an Active transit router "tr" with:
      | CenId | {cen} |
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    And I remember "EcrId" as "ecr"
    And I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}       |
      | AssociationRegionId | cn-hangzhou |
      | TransitRouterId     | {tr}        |
      | CenId               | {cen}       |
    And I remember "AssociationId" as "assoc"
    And I call DescribeExpressConnectRouterAssociation with:
      | EcrId | {ecr} |
    Then "AssociationList.0.Status" is "ACTIVE"

  Scenario: an attachment is Attaching, locks the ECR, then is Attached
    Given the timing profile is "fast"
    When I call CreateTransitRouterEcrAttachment with:
      | CenId                       | {cen}          |
      | TransitRouterId             | {tr}           |
      | EcrId                       | {ecr}          |
      | TransitRouterAttachmentName | att-{scenario} |
    Then the call succeeds
    And "TransitRouterAttachmentId" matches "^tr-attach-[0-9a-z]+$"
    And I remember "TransitRouterAttachmentId" as "att"
    When I call ListTransitRouterEcrAttachments with:
      | TransitRouterAttachmentId | {att} |
    Then the answer has:
      | TransitRouterAttachments.0.Status          | Attaching |
      | TransitRouterAttachments.0.EcrId           | {ecr}     |
      | TransitRouterAttachments.0.TransitRouterId | {tr}      |
      | TransitRouterAttachments.0.ResourceType    | ECR       |
    When I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then "EcrList.0.Status" is "LOCKED_ATTACHING"
    When I call ModifyExpressConnectRouter with:
      | EcrId | {ecr}    |
      | Name  | new-name |
    Then the call fails with "Conflict.Lock"
    When I call UpdateTransitRouterEcrAttachmentAttribute with:
      | TransitRouterAttachmentId   | {att}    |
      | TransitRouterAttachmentName | new-name |
    Then the call fails with "InvalidStatus.ResourceStatus" and HTTP status 400
    When I call DeleteTransitRouterEcrAttachment with:
      | TransitRouterAttachmentId | {att} |
    Then the call fails with "InvalidStatus.ResourceStatus" and HTTP status 400
    When I poll ListTransitRouterEcrAttachments every 3 seconds until "TransitRouterAttachments.0.Status" is "Attached" with:
      | TransitRouterAttachmentId | {att} |
    And I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then "EcrList.0.Status" is "ACTIVE"
    When I call UpdateTransitRouterEcrAttachmentAttribute with:
      | TransitRouterAttachmentId   | {att}    |
      | TransitRouterAttachmentName | new-name |
    Then the call succeeds
    When I call DeleteTransitRouter with:
      | TransitRouterId | {tr} |
    Then the call fails with "OperationFailed.DeleteTransitRouterWithAttachment"
    When I call DeleteExpressConnectRouter with:
      | EcrId | {ecr} |
    Then the call fails with "DependencyViolation.Association" and HTTP status 400
    When I call DeleteExpressConnectRouterAssociation with:
      | EcrId         | {ecr}   |
      | AssociationId | {assoc} |
    Then the call fails with "DependencyViolation.Attachment" and HTTP status 400
    When I call DeleteTransitRouterEcrAttachment with:
      | TransitRouterAttachmentId | {att} |
    Then the call succeeds
    When I call ListTransitRouterEcrAttachments with:
      | TransitRouterAttachmentId | {att} |
    Then "TransitRouterAttachments.0.Status" is "Detaching"
    When 5 seconds pass
    And I call ListTransitRouterEcrAttachments with:
      | TransitRouterAttachmentId | {att} |
    Then "TransitRouterAttachments" has 0 items
    When I call DeleteTransitRouterEcrAttachment with:
      | TransitRouterAttachmentId | {att} |
    Then the call fails with "InvalidTransitRouterAttachmentId.NotFound" and HTTP status 400
    When I call UpdateTransitRouterEcrAttachmentAttribute with:
      | TransitRouterAttachmentId | {att} |
    Then the call fails with "InvalidTransitRouterAttachmentId.NotFound" and HTTP status 400
    When I call DeleteExpressConnectRouterAssociation with:
      | EcrId         | {ecr}   |
      | AssociationId | {assoc} |
    Then the call succeeds
    When 2 minutes pass
    And I call DescribeExpressConnectRouterAssociation with:
      | EcrId | {ecr} |
    Then "AssociationList" has 0 items

  @chaos
  Scenario: an attachment held Attaching for 5 reads
    Given transit router ECR attachments stay Attaching for 5 reads
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    And I remember "TransitRouterAttachmentId" as "att"
    And I call ListTransitRouterEcrAttachments 5 times with:
      | TransitRouterAttachmentId | {att} |
    Then "TransitRouterAttachments.0.Status" is "Attaching"
    When I call ListTransitRouterEcrAttachments with:
      | TransitRouterAttachmentId | {att} |
    Then "TransitRouterAttachments.0.Status" is "Attached"

  Scenario: the same ECR is attached to a router once
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    Then the call succeeds
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    Then the call fails with "InvalidStatus.ResourceStatus" and HTTP status 400

  Scenario: the same ClientToken attaches once
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}           |
      | EcrId           | {ecr}          |
      | ClientToken     | tok-{scenario} |
    And I remember "TransitRouterAttachmentId" as "att"
    When I repeat the last call
    Then the call succeeds
    And "TransitRouterAttachmentId" is "{att}"
    When I call ListTransitRouterEcrAttachments with:
      | TransitRouterId | {tr} |
    Then "TransitRouterAttachments" has 1 item

  Scenario: an ECR whose association is changing cannot be attached or detached
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    And I remember "TransitRouterAttachmentId" as "att"
    And I call ListTransitRouterEcrAttachments with:
      | TransitRouterAttachmentId | {att} |
    Then "TransitRouterAttachments.0.Status" is "Attached"
    Given the timing profile is "fast"
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}          |
      | AssociationRegionId | cn-hangzhou    |
      | VpcId               | vpc-{scenario} |
    Then the call succeeds
    When I call DeleteTransitRouterEcrAttachment with:
      | TransitRouterAttachmentId | {att} |
    Then the call fails with "IncorrectStatus.EcrResource" and HTTP status 400

  Scenario: an ECR that is not ACTIVE cannot be attached
    Given the timing profile is "fast"
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}          |
      | AssociationRegionId | cn-hangzhou    |
      | VpcId               | vpc-{scenario} |
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    Then the call fails with "IncorrectStatus.EcrResource" and HTTP status 400

  Scenario: an ECR without an association with the router is not found for it
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    And I remember "EcrId" as "lonely"
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}     |
      | EcrId           | {lonely} |
    Then the call fails with "ResourceNotFound" and HTTP status 400
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}                 |
      | EcrId           | ecr-nothing000000000 |
    Then the call fails with "ResourceNotFound"

  Scenario Outline: CreateTransitRouterEcrAttachment parameter rules (<case>)
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | <router> |
      | CenId           | <cen>    |
      | RegionId        | <region> |
      | EcrId           | {ecr}    |
      | <param>         | <value>  |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | case                     | router              | cen                  | region        | param                       | value            | code                                      |
      | bad route table          | {tr}                | {cen}                | cn-hangzhou   | AssociateRouteTableId       | rtb-1            | IllegalParam.AssociateRouteTableId        |
      | unknown bandwidth type   | {tr}                | {cen}                | cn-hangzhou   | BandwidthType               | Free             | IllegalParam.BandwidthType                |
      | bandwidth package        | {tr}                | {cen}                | cn-hangzhou   | BandwidthType               | BandwidthPackage | OperationUnsupported.BandwidthType        |
      | URL as name              | {tr}                | {cen}                | cn-hangzhou   | TransitRouterAttachmentName | http://x.y       | InvalidParameter                          |
      | unknown region           | {tr}                | {cen}                | xx-nowhere-1  | DryRun                      | false            | IllegalParam.RegionId                     |
      | unsupported region       | {tr}                | {cen}                | cn-nanjing    | DryRun                      | false            | OperationUnsupported.TransitRouterRegionId |
      | unknown CEN              | {tr}                | cen-nothing000000000 | cn-hangzhou   | DryRun                      | false            | InvalidCenId.NotFound                     |
      | unknown router           | tr-nothing000000000 | {cen}                | cn-hangzhou   | DryRun                      | false            | InvalidTransitRouterId.NotFound           |
      | dry run                  | {tr}                | {cen}                | cn-hangzhou   | DryRun                      | true             | DryRunOperation                           |

  Scenario: without a router, CenId and RegionId are both needed
    When I call CreateTransitRouterEcrAttachment with:
      | EcrId    | {ecr} |
      | RegionId |       |
    Then the call fails with "MissingParam.CenIdOrRegionId" and HTTP status 400

  Scenario: attachments per router are limited by a quota
    Given my quota "CenQuotaEcrAttachPerTransitRouter" is 0
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    Then the call fails with "QuotaExceeded.CenQuotaEcrAttachPerTransitRouter" and HTTP status 400

  Scenario: an ECR is attached to one CEN only
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    Then the call succeeds
    Given an Active CEN "cen2"
    And an Active transit router "tr2" with:
      | CenId | {cen2} |
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}       |
      | AssociationRegionId | cn-hangzhou |
      | TransitRouterId     | {tr2}       |
    Then the call succeeds
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr2} |
      | EcrId           | {ecr} |
    Then the call fails with "QuotaFull.ChildInstanceRelatedCen" and HTTP status 400

  Scenario Outline: account flags refuse attachments (<flag>)
    Given account "A" has the flag "<flag>"
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | flag                        | code                                      |
      | cenServiceLinkedRoleDenied  | NoPermission.AliyunServiceRolePolicyForCEN |
      | transitRouterServiceNotOpen | Forbbiden.TransitRouterServiceNotOpen     |

  Scenario: an account not whitelisted for ECR cannot attach
    Given account "A" is not whitelisted for ECR
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    Then the call fails with "OperationUnsupported.ECRAttachment" and HTTP status 400

  Scenario Outline: router and CEN kinds refuse attachments (<case>)
    Given an Active CEN "c" with:
      | ProtectionLevel | <level> |
    And an Active transit router "r" with:
      | CenId | {c}    |
      | Type  | <type> |
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {r}   |
      | CenId           | {c}   |
      | EcrId           | {ecr} |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | case           | level   | type       | code                                   |
      | full-level CEN | FULL    | Enterprise | OperationUnsupported.CenFullLevel      |
      | Basic router   | REDUCED | Basic      | OperationUnsupported.TransitRouterType |

  Scenario Outline: router and CEN states refuse attachments (<case>)
    Given an Active CEN "c"
    And an Active transit router "r" with:
      | CenId       | {c}       |
      | NeedUpgrade | <upgrade> |
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}       |
      | AssociationRegionId | cn-hangzhou |
      | TransitRouterId     | {r}         |
    And I call DescribeExpressConnectRouterAssociation with:
      | EcrId           | {ecr} |
      | TransitRouterId | {r}   |
    Then "AssociationList.0.Status" is "ACTIVE"
    Given the timing profile is "fast"
    When the cloud moves "{<target>}" to "<status>"
    And I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {r}   |
      | CenId           | {c}   |
      | EcrId           | {ecr} |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | case            | upgrade | target | status   | code                                 |
      | CEN Creating    | false   | c      | Creating | InvalidOperation.CenInstanceStatus   |
      | router Creating | false   | r      | Creating | IncorrectStatus.TransitRouter        |
      | router upgrade  | true    | r      | Active   | InvalidTransitRouterMode.NeedUpgrade |

  Scenario: an ECR of another account needs the router granted to it
    Given I am account "B"
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    And I remember "EcrId" as "becr"
    Given I am account "A"
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}    |
      | EcrId           | {becr}  |
      | EcrOwnerId      | {B.uid} |
    Then the call fails with "Unauthorized" and HTTP status 400

  Scenario Outline: an ECR of another account, granted the router, is attached unless an account flag refuses it (<flag>)
    Given I am account "B"
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    And I remember "EcrId" as "becr"
    Given I am account "A"
    When I call GrantInstanceToExpressConnectRouter with:
      | EcrId            | {becr}      |
      | EcrOwnerAliUid   | {B.uid}     |
      | InstanceId       | {tr}        |
      | InstanceRegionId | cn-hangzhou |
      | InstanceType     | TR          |
    Then the call succeeds
    Given I am account "B"
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId                | {becr}      |
      | AssociationRegionId  | cn-hangzhou |
      | TransitRouterId      | {tr}        |
      | TransitRouterOwnerId | {A.uid}     |
    Then the call succeeds
    Given account "<account>" has the flag "<flag>"
    And I am account "A"
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}    |
      | EcrId           | {becr}  |
      | EcrOwnerId      | {B.uid} |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | account | flag                        | code                                               |
      | B       | transitRouterServiceNotOpen | Forbidden.ResourceOwnerTransitRouterServiceNotOpen |
      | B       | internationalSite           | Forbbiden.AttachChildInstanceAcrossBid             |

  Scenario: ListTransitRouterEcrAttachments pages with tokens it issued
    When I call ListTransitRouterEcrAttachments with:
      | NextToken | forged |
    Then the call fails with "InvalidParameter" and HTTP status 400

  Scenario Outline: attachment updates and deletes check their parameters (<action>)
    When I call <action> with:
      | TransitRouterAttachmentId | tr-attach-x |
      | ResourceType              | VPC         |
    Then the call fails with "InvalidParameter" and HTTP status 400

    Examples:
      | action                                    |
      | UpdateTransitRouterEcrAttachmentAttribute |
      | DeleteTransitRouterEcrAttachment          |

  Scenario Outline: dry runs of attachment updates and deletes (<action>)
    When I call CreateTransitRouterEcrAttachment with:
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    And I remember "TransitRouterAttachmentId" as "att"
    When I call <action> with:
      | TransitRouterAttachmentId | {att} |
      | DryRun                    | true  |
    Then the call fails with "DryRunOperation" and HTTP status 400

    Examples:
      | action                                    |
      | UpdateTransitRouterEcrAttachmentAttribute |
      | DeleteTransitRouterEcrAttachment          |
