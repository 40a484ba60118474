Feature: ECR associations and grants
  An ECR is associated with VPCs and transit routers. An association is
  CREATING, then ACTIVE; deleting it is DELETING, then gone. While an
  association is changing, the ECR shows the operation (ASSOCIATING,
  DISSOCIATING) and holds a lock: other mutating calls on it answer
  Conflict.Lock. Instances of another account are associated only after
  their owner granted them to the ECR.

  Background:
    Given I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    And I remember "EcrId" as "ecr"

  @ecmock
  Scenario: a VPC association is CREATING, locks the ECR, then is ACTIVE
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}                  |
      | AssociationRegionId | cn-hangzhou            |
      | VpcId               | vpc-{scenario}         |
      | AllowedPrefixes.1   | 10.0.0.0/16            |
    Then the call succeeds
    And I remember "AssociationId" as "assoc"
    When I call DescribeExpressConnectRouterAssociation with:
      | EcrId         | {ecr}   |
      | AssociationId | {assoc} |
    Then "AssociationList" has 1 item
    And the answer has:
      | AssociationList.0.Status              | CREATING       |
      | AssociationList.0.AssociationNodeType | VPC            |
      | AssociationList.0.VpcId               | vpc-{scenario} |
      | AssociationList.0.AssociationRegionId | cn-hangzhou    |
    When I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then "EcrList.0.Status" is "ASSOCIATING"
    When I call ModifyExpressConnectRouter with:
      | EcrId | {ecr}    |
      | Name  | new-name |
    Then the call fails with "Conflict.Lock" and HTTP status 400
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}            |
      | AssociationRegionId | cn-hangzhou      |
      | VpcId               | vpc-other        |
    Then the call fails with "Conflict.Lock"
    When I call DeleteExpressConnectRouterAssociation with:
      | EcrId         | {ecr}   |
      | AssociationId | {assoc} |
    Then the call fails with "Conflict.Lock"
    When I call GrantInstanceToExpressConnectRouter with:
      | EcrId            | {ecr}                |
      | EcrOwnerAliUid   | {A.uid}              |
      | InstanceId       | vbr-nothing000000000 |
      | InstanceRegionId | cn-hangzhou          |
      | InstanceType     | VBR                  |
    Then the call fails with "ResourceNotFound.InstanceId"
    When I poll DescribeExpressConnectRouterAssociation every 10 seconds until "AssociationList.0.Status" is "ACTIVE" with:
      | EcrId         | {ecr}   |
      | AssociationId | {assoc} |
    And I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then "EcrList.0.Status" is "ACTIVE"

  @chaos
  Scenario: an association held CREATING for 3 reads keeps the ECR locked until then
    Given ECR associations stay CREATING for 3 reads
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}          |
      | AssociationRegionId | cn-hangzhou    |
      | VpcId               | vpc-{scenario} |
    And I remember "AssociationId" as "assoc"
    And I call DescribeExpressConnectRouterAssociation 3 times with:
      | EcrId | {ecr} |
    Then "AssociationList.0.Status" is "CREATING"
    When I call DescribeExpressConnectRouterAssociation with:
      | EcrId | {ecr} |
    Then "AssociationList.0.Status" is "ACTIVE"
    When I call ModifyExpressConnectRouter with:
      | EcrId | {ecr}    |
      | Name  | new-name |
    Then the call succeeds

  @ecmock
  Scenario: an ECR with an association cannot be deleted; the association can
    Given the timing profile is "instant"
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}          |
      | AssociationRegionId | cn-hangzhou    |
      | VpcId               | vpc-{scenario} |
    And I remember "AssociationId" as "assoc"
    When I call DeleteExpressConnectRouter with:
      | EcrId | {ecr} |
    Then the call fails with "DependencyViolation.Association" and HTTP status 400
    When I call DeleteExpressConnectRouterAssociation with:
      | EcrId         | {ecr}   |
      | AssociationId | {assoc} |
    Then the call succeeds
    When I call DescribeExpressConnectRouterAssociation with:
      | EcrId | {ecr} |
    Then "AssociationList" has 0 items
    When I call DeleteExpressConnectRouterAssociation with:
      | EcrId         | {ecr}   |
      | AssociationId | {assoc} |
    Then the call fails with "ResourceNotFound.AssociationId" and HTTP status 404
    When I call DeleteExpressConnectRouter with:
      | EcrId | {ecr} |
    Then the call succeeds

  @ecmock
  Scenario: a deleted association is DELETING and locks the ECR until gone
    Given the timing profile is "instant"
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}          |
      | AssociationRegionId | cn-hangzhou    |
      | VpcId               | vpc-{scenario} |
    And I remember "AssociationId" as "assoc"
    And I call DescribeExpressConnectRouterAssociation with:
      | EcrId | {ecr} |
    Then "AssociationList.0.Status" is "ACTIVE"
    Given the timing profile is "fast"
    When I call DeleteExpressConnectRouterAssociation with:
      | EcrId         | {ecr}   |
      | AssociationId | {assoc} |
    Then the call succeeds
    When I call DescribeExpressConnectRouterAssociation with:
      | EcrId | {ecr} |
    Then "AssociationList.0.Status" is "DELETING"
    When I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then "EcrList.0.Status" is "DISSOCIATING"
    When 5 seconds pass
    And I call DescribeExpressConnectRouterAssociation with:
      | EcrId | {ecr} |
    Then "AssociationList" has 0 items

  Scenario Outline: association parameters are checked (<case>)
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}      |
      | AssociationRegionId | <region>   |
      | AssociationNodeType | <nodetype> |
      | VpcId               | <vpc>      |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | case                 | region      | nodetype | vpc     | code                                   |
      | bad VPC ID           | cn-hangzhou | VPC      | notavpc | IllegalParamFormat.VpcId               |
      | bad region           | Hangzhou    | VPC      | vpc-abc | IllegalParamFormat.AssociationRegionId |
      | unknown node type    | cn-hangzhou | VBR      | vpc-abc | IllegalParamFormat.AssociationNodeType |

  Scenario: a VPC association with a TR node type is illegal
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}       |
      | AssociationRegionId | cn-hangzhou |
      | AssociationNodeType | TR          |
      | VpcId               | vpc-abc     |
    Then the call fails with "IllegalParam.AssociationNodeType" and HTTP status 400

  Scenario: AssociationRegionId is required
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId | {ecr}   |
      | VpcId | vpc-abc |
    Then the call fails with "MissingParam.AssociationRegionId" and HTTP status 400

  Scenario: an association of an unknown ECR
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | ecr-nothing000000000 |
      | AssociationRegionId | cn-hangzhou          |
      | VpcId               | vpc-abc              |
    Then the call fails with "ResourceNotFound.EcrId" and HTTP status 404

  Scenario: a VPC of another account needs a grant
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}       |
      | AssociationRegionId | cn-hangzhou |
      | VpcId               | vpc-abc     |
      | VpcOwnerId          | {B.uid}     |
    Then the call fails with "Forbidden.InstanceNotGranted" and HTTP status 403

  @ecmock
  Scenario: the same VPC is associated once
    Given the timing profile is "instant"
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}       |
      | AssociationRegionId | cn-hangzhou |
      | VpcId               | vpc-abc     |
    Then the call succeeds
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}       |
      | AssociationRegionId | cn-hangzhou |
      | VpcId               | vpc-abc     |
    Then the call fails with "ResourceAlreadyExists.Association" and HTTP status 400

  @ecmock
  Scenario: a transit router association needs an Active Enterprise router of the CEN
    Given the timing profile is "instant"
    When I call CreateCen
    And I remember "CenId" as "cen"
    And I call CreateTransitRouter with:
      | CenId    | {cen}       |
      | RegionId | cn-hangzhou |
    And I remember "TransitRouterId" as "tr"
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}               |
      | AssociationRegionId | cn-hangzhou         |
      | TransitRouterId     | tr-nothing000000000 |
    Then the call fails with "ResourceNotFound.TransitRouterId" and HTTP status 404
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}               |
      | AssociationRegionId | cn-hangzhou         |
      | TransitRouterId     | {tr}                |
      | CenId               | cen-other0000000000 |
    Then the call fails with "IllegalParam.CenId" and HTTP status 400
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}       |
      | AssociationRegionId | cn-hangzhou |
      | TransitRouterId     | {tr}        |
      | CenId               | {cen}       |
    Then the call succeeds
    And I remember "AssociationId" as "assoc"
    When I call DescribeExpressConnectRouterAssociation with:
      | EcrId               | {ecr} |
      | AssociationNodeType | TR    |
    Then "AssociationList" has 1 item
    And the answer has:
      | AssociationList.0.TransitRouterId     | {tr}  |
      | AssociationList.0.CenId               | {cen} |
      | AssociationList.0.AssociationNodeType | TR    |
    When I call DescribeExpressConnectRouterRegion with:
      | EcrId | {ecr} |
    Then "RegionIdList" contains "cn-hangzhou"
    When I call DescribeExpressConnectRouterInterRegionTransitMode with:
      | EcrId | {ecr} |
    Then the call succeeds
    And "InterRegionTransitModeList" exists

  @chaos
  Scenario: a transit router still Creating cannot be associated
    Given transit routers stay Creating forever
    And an Active CEN "cen"
    When I call CreateTransitRouter with:
      | CenId    | {cen}       |
      | RegionId | cn-hangzhou |
    And I remember "TransitRouterId" as "tr"
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}       |
      | AssociationRegionId | cn-hangzhou |
      | TransitRouterId     | {tr}        |
    Then the call fails with "IncorrectStatus.TransitRouter" and HTTP status 400

  @ecmock
  Scenario: a Basic Edition transit router cannot be associated
    Given an Active CEN "cen"
    And an Active transit router "tr" with:
      | CenId | {cen} |
      | Type  | Basic |
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}       |
      | AssociationRegionId | cn-hangzhou |
      | TransitRouterId     | {tr}        |
    Then the call fails with "OperationUnsupported.TransitRouterType" and HTTP status 400

  @ecmock
  Scenario: a transit router of another account is associated after its owner grants it
    Given the timing profile is "instant"
    And I am account "B"
    When I call CreateCen
    And I remember "CenId" as "cen"
    And I call CreateTransitRouter with:
      | CenId    | {cen}       |
      | RegionId | cn-hangzhou |
    And I remember "TransitRouterId" as "tr"
    Given I am account "A"
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId                | {ecr}       |
      | AssociationRegionId  | cn-hangzhou |
      | TransitRouterId      | {tr}        |
      | TransitRouterOwnerId | {B.uid}     |
    Then the call fails with "Forbidden.InstanceNotGranted" and HTTP status 403
    Given I am account "B"
    When I call GrantInstanceToExpressConnectRouter with:
      | EcrId            | {ecr}       |
      | EcrOwnerAliUid   | {A.uid}     |
      | InstanceId       | {tr}        |
      | InstanceRegionId | cn-hangzhou |
      | InstanceType     | TR          |
    Then the call succeeds
    Given I am account "A"
    When I call DescribeInstanceGrantedToExpressConnectRouter with:
      | EcrId | {ecr} |
    Then "EcrGrantedInstanceList.#.NodeId" contains "{tr}"
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId                | {ecr}       |
      | AssociationRegionId  | cn-hangzhou |
      | TransitRouterId      | {tr}        |
      | TransitRouterOwnerId | {B.uid}     |
    Then the call succeeds

  Scenario: grants name an existing ECR of the given owner and an instance of the caller
    When I call GrantInstanceToExpressConnectRouter with:
      | EcrId            | {ecr}                |
      | EcrOwnerAliUid   | {B.uid}              |
      | InstanceId       | vbr-nothing000000000 |
      | InstanceRegionId | cn-hangzhou          |
      | InstanceType     | VBR                  |
    Then the call fails with "ResourceNotFound.EcrId" and HTTP status 404
    When I call GrantInstanceToExpressConnectRouter with:
      | EcrId            | {ecr}                |
      | EcrOwnerAliUid   | {A.uid}              |
      | InstanceId       | vbr-nothing000000000 |
      | InstanceRegionId | cn-hangzhou          |
      | InstanceType     | VBR                  |
    Then the call fails with "ResourceNotFound.InstanceId" and HTTP status 404
    When I call RevokeInstanceFromExpressConnectRouter with:
      | EcrId            | {ecr}                |
      | EcrOwnerAliUid   | {A.uid}              |
      | InstanceId       | vbr-nothing000000000 |
      | InstanceRegionId | cn-hangzhou          |
      | InstanceType     | VBR                  |
    Then the call fails with "ResourceNotFound.InstanceId" and HTTP status 404

  Scenario: a grant needs InstanceType
    When I call GrantInstanceToExpressConnectRouter with:
      | EcrId            | {ecr}                |
      | EcrOwnerAliUid   | {A.uid}              |
      | InstanceId       | vbr-nothing000000000 |
      | InstanceRegionId | cn-hangzhou          |
    Then the call fails with "MissingParam.InstanceType" and HTTP status 400

  @ecmock
  Scenario: a VPC grant by account B lets the ECR of A associate B's VPC, and revoking withdraws it
    Given the timing profile is "instant"
    And I am account "B"
    When I call GrantInstanceToExpressConnectRouter with:
      | EcrId            | {ecr}       |
      | EcrOwnerAliUid   | {A.uid}     |
      | InstanceId       | vpc-shared1 |
      | InstanceRegionId | cn-hangzhou |
      | InstanceType     | VPC         |
    Then the call succeeds
    Given I am account "A"
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}       |
      | AssociationRegionId | cn-hangzhou |
      | VpcId               | vpc-shared1 |
      | VpcOwnerId          | {B.uid}     |
    Then the call succeeds
    Given I am account "B"
    When I call RevokeInstanceFromExpressConnectRouter with:
      | EcrId            | {ecr}       |
      | EcrOwnerAliUid   | {A.uid}     |
      | InstanceId       | vpc-shared1 |
      | InstanceRegionId | cn-hangzhou |
      | InstanceType     | VPC         |
    Then the call succeeds
    When I call DescribeInstanceGrantedToExpressConnectRouter with:
      | EcrId      | {ecr} |
      | CallerType | OTHER |
    Then the call succeeds
