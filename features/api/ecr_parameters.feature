Feature: ECR parameters, dry runs and locks of every ExpressConnectRouter action
  Every ExpressConnectRouter action checks its parameters first: a missing
  required parameter answers MissingParam.<name>, a malformed one
  IllegalParamFormat.<name> (HTTP 400, the message names the parameter). A
  dry run runs every check and answers DryRunOperation. While an operation
  holds an ECR's lock, every mutating call on it answers Conflict.Lock.

  Background:
    Given I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    And I remember "EcrId" as "ecr"

  Scenario Outline: a ClientToken longer than 64 characters is malformed (<action>)
    When I call <action> with:
      | EcrId               | {ecr}                                                             |
      | AssociationRegionId | cn-hangzhou                                                       |
      | VpcId               | vpc-{scenario}                                                    |
      | AssociationId       | ecr-assoc-nothing                                                 |
      | EcrOwnerAliUid      | {A.uid}                                                           |
      | InstanceId          | vpc-{scenario}                                                    |
      | InstanceRegionId    | cn-hangzhou                                                       |
      | InstanceType        | VPC                                                               |
      | ClientToken         | 12345678901234567890123456789012345678901234567890123456789012345 |
    Then the call fails with "IllegalParamFormat.ClientToken" and HTTP status 400
    And the error message contains "The param format of ClientToken is illegal."

    Examples:
      | action                                             |
      | CreateExpressConnectRouterAssociation              |
      | DeleteExpressConnectRouter                         |
      | DeleteExpressConnectRouterAssociation              |
      | DescribeExpressConnectRouter                       |
      | DescribeExpressConnectRouterAssociation            |
      | DescribeExpressConnectRouterInterRegionTransitMode |
      | DescribeExpressConnectRouterRegion                 |
      | DescribeInstanceGrantedToExpressConnectRouter      |
      | GrantInstanceToExpressConnectRouter                |
      | ModifyExpressConnectRouter                         |
      | RevokeInstanceFromExpressConnectRouter             |

  Scenario: a tag value without a key is a missing parameter
    When I call DescribeExpressConnectRouter with:
      | Tag.1.Value | prod |
    Then the call fails with "MissingParam.Tag.1.Key" and HTTP status 400

  Scenario: deleting an association of an unknown ECR
    When I call DeleteExpressConnectRouterAssociation with:
      | EcrId         | ecr-nothing000000000  |
      | AssociationId | ecr-assoc-nothing0000 |
    Then the call fails with "ResourceNotFound.EcrId" and HTTP status 404

  Scenario Outline: dry runs of the mutating association and grant actions (<action>)
    When I call <action> with:
      | EcrId               | {ecr}                  |
      | AssociationRegionId | cn-hangzhou            |
      | VpcId               | vpc-{scenario}         |
      | DryRun              | true                   |
      | EcrOwnerAliUid      | {A.uid}                |
      | InstanceId          | vpc-{scenario}         |
      | InstanceRegionId    | cn-hangzhou            |
      | InstanceType        | VPC                    |
      | AssociationId       | <association>          |
    Then the call fails with "DryRunOperation" and HTTP status 400

    Examples:
      | action                                 | association        |
      | CreateExpressConnectRouterAssociation  | none               |
      | GrantInstanceToExpressConnectRouter    | none               |

  @ecmock
  Scenario: dry runs of deleting an association and revoking a grant
    Given the timing profile is "instant"
    When I call GrantInstanceToExpressConnectRouter with:
      | EcrId            | {ecr}          |
      | EcrOwnerAliUid   | {A.uid}        |
      | InstanceId       | vpc-{scenario} |
      | InstanceRegionId | cn-hangzhou    |
      | InstanceType     | VPC            |
    Then the call succeeds
    When I call RevokeInstanceFromExpressConnectRouter with:
      | EcrId            | {ecr}          |
      | EcrOwnerAliUid   | {A.uid}        |
      | InstanceId       | vpc-{scenario} |
      | InstanceRegionId | cn-hangzhou    |
      | InstanceType     | VPC            |
      | DryRun           | true           |
    Then the call fails with "DryRunOperation" and HTTP status 400
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}          |
      | AssociationRegionId | cn-hangzhou    |
      | VpcId               | vpc-{scenario} |
    And I remember "AssociationId" as "assoc"
    When I call DeleteExpressConnectRouterAssociation with:
      | EcrId         | {ecr}   |
      | AssociationId | {assoc} |
      | DryRun        | true    |
    Then the call fails with "DryRunOperation" and HTTP status 400
    When I call DescribeExpressConnectRouterAssociation with:
      | EcrId | {ecr} |
    Then "AssociationList" has 1 item

  @ecmock
  Scenario: grants and revokes meet the lock of an ECR whose association is CREATING
    When I call GrantInstanceToExpressConnectRouter with:
      | EcrId            | {ecr}       |
      | EcrOwnerAliUid   | {A.uid}     |
      | InstanceId       | vpc-granted |
      | InstanceRegionId | cn-hangzhou |
      | InstanceType     | VPC         |
    Then the call succeeds
    When I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}          |
      | AssociationRegionId | cn-hangzhou    |
      | VpcId               | vpc-{scenario} |
    Then the call succeeds
    When I call GrantInstanceToExpressConnectRouter with:
      | EcrId            | {ecr}       |
      | EcrOwnerAliUid   | {A.uid}     |
      | InstanceId       | vpc-another |
      | InstanceRegionId | cn-hangzhou |
      | InstanceType     | VPC         |
    Then the call fails with "Conflict.Lock" and HTTP status 400
    When I call RevokeInstanceFromExpressConnectRouter with:
      | EcrId            | {ecr}       |
      | EcrOwnerAliUid   | {A.uid}     |
      | InstanceId       | vpc-granted |
      | InstanceRegionId | cn-hangzhou |
      | InstanceType     | VPC         |
    Then the call fails with "Conflict.Lock" and HTTP status 400
