Feature: Express Connect Router (ECR)
  CreateExpressConnectRouter creates an ECR that is ACTIVE at once (the API reference).
  ExpressConnectRouter answers carry the envelope Success, Code "200",
  Message "OK", HttpStatusCode. Parameters are checked first
  (MissingParam.%s, IllegalParamFormat.%s), then the whitelist, existence,
  status and lock, then quotas.

  Scenario: an ECR is created ACTIVE and listed with the envelope
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104          |
      | Name           | ecr-{scenario} |
      | Description    | first router   |
    Then the call succeeds
    And "EcrId" matches "^ecr-[0-9a-z]+$"
    And the answer has:
      | Success        | true |
      | Code           | 200  |
      | Message        | OK   |
      | HttpStatusCode | 200  |
    And I remember "EcrId" as "ecr"
    When I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then the call succeeds
    And "EcrList" has 1 item
    And the answer has:
      | EcrList.0.EcrId          | {ecr}          |
      | EcrList.0.Status         | ACTIVE         |
      | EcrList.0.Name           | ecr-{scenario} |
      | EcrList.0.Description    | first router   |
      | EcrList.0.AlibabaSideAsn | 45104          |
      | EcrList.0.OwnerId        | {A.uid}        |
      | EcrList.0.BizStatus      | Normal         |

  Scenario: a dry run validates without creating
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
      | DryRun         | true  |
    Then the call fails with "DryRunOperation" and HTTP status 400
    And "Success" is "false"
    When I call DescribeExpressConnectRouter
    Then "EcrList" has 0 items

  Scenario Outline: parameters are checked before anything else (<case>)
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | <asn>  |
      | Name           | <name> |
    Then the call fails with "<code>" and HTTP status 400
    And the error message contains "<message>"

    Examples:
      | case               | asn   | name          | code                          | message                              |
      | name is a URL      | 45104 | http://x.com  | IllegalParamFormat.Name       | The param format of Name is illegal. |
      | name is a URL too  | 45104 | https://a.b   | IllegalParamFormat.Name       | Name                                 |
      | ASN out of range   | 100   | ok-name       | IllegalParam.AlibabaSideAsn   | The entered Bgp Asn is incorrect.    |
      | ASN not a number   | abc   | ok-name       | IllegalParamFormat.AlibabaSideAsn | AlibabaSideAsn                   |

  Scenario: AlibabaSideAsn is required
    When I call CreateExpressConnectRouter with:
      | Name | ok-name |
    Then the call fails with "MissingParam.AlibabaSideAsn" and HTTP status 400
    And the error message contains "The param of AlibabaSideAsn is missing."
    And "DynamicCode" exists

  Scenario: a private ASN is used by one ECR of an account only
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 64512 |
    Then the call succeeds
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 64512 |
    Then the call fails with "Conflict.ASNOfECR"
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    Then the call succeeds
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    Then the call succeeds

  Scenario: another account may use the same private ASN
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 64600 |
    Then the call succeeds
    Given I am account "B"
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 64600 |
    Then the call succeeds

  @ecmock
  Scenario: the ECR quota counts the account's ECRs
    Given my quota "EcrCountPerUser" is 1
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    Then the call succeeds
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    Then the call fails with "QuotaExceeded.EcrCountPerUser" and HTTP status 400
    Given I am account "B"
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    Then the call succeeds

  @ecmock
  Scenario: an account not on the whitelist cannot create ECRs
    Given account "A" is not whitelisted for ECR
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    Then the call fails with "OperationFailed.UserNotInWhiteList" and HTTP status 400

  Scenario: the same ClientToken creates one ECR
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104            |
      | ClientToken    | tok-{scenario}   |
    Then the call succeeds
    And I remember "EcrId" as "first"
    When I repeat the last call
    Then the call succeeds
    And "EcrId" is "{first}"
    When I call DescribeExpressConnectRouter
    Then "EcrList" has 1 item
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104              |
      | ClientToken    | other-{scenario}   |
    Then "EcrId" is not "{first}"

  Scenario: a ClientToken belongs to its account
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104          |
      | ClientToken    | tok-{scenario} |
    Then I remember "EcrId" as "mine"
    Given I am account "B"
    When I repeat the last call
    Then the call succeeds
    And "EcrId" is not "{mine}"

  Scenario: an account does not see or change another account's ECR
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    And I remember "EcrId" as "ecr"
    Given I am account "B"
    When I call DescribeExpressConnectRouter
    Then "EcrList" has 0 items
    When I call ModifyExpressConnectRouter with:
      | EcrId | {ecr}    |
      | Name  | stolen-x |
    Then the call fails with "ResourceNotFound.EcrId" and HTTP status 404
    When I call DeleteExpressConnectRouter with:
      | EcrId | {ecr} |
    Then the call fails with "ResourceNotFound.EcrId" and HTTP status 404

  Scenario: ModifyExpressConnectRouter changes the name and description
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104    |
      | Name           | old-name |
    And I remember "EcrId" as "ecr"
    When I call ModifyExpressConnectRouter with:
      | EcrId       | {ecr}       |
      | Name        | new-name    |
      | Description | renamed     |
    Then the call succeeds
    When I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then "EcrList.0.Name" is "new-name"
    And "EcrList.0.Description" is "renamed"

  Scenario Outline: ECR actions need an existing ECR (<action>)
    When I call <action> with:
      | EcrId | ecr-doesnotexist0000000 |
    Then the call fails with "ResourceNotFound.EcrId" and HTTP status 404

    Examples:
      | action                                             |
      | ModifyExpressConnectRouter                         |
      | DeleteExpressConnectRouter                         |
      | DescribeExpressConnectRouterAssociation            |
      | DescribeExpressConnectRouterRegion                 |
      | DescribeExpressConnectRouterInterRegionTransitMode |
      | DescribeInstanceGrantedToExpressConnectRouter      |

  Scenario Outline: ECR actions need EcrId (<action>)
    When I call <action>
    Then the call fails with "MissingParam.EcrId" and HTTP status 400

    Examples:
      | action                                             |
      | ModifyExpressConnectRouter                         |
      | DeleteExpressConnectRouter                         |
      | DescribeExpressConnectRouterAssociation            |
      | DescribeExpressConnectRouterRegion                 |
      | DescribeExpressConnectRouterInterRegionTransitMode |
      | DescribeInstanceGrantedToExpressConnectRouter      |
      | CreateExpressConnectRouterAssociation              |
      | DeleteExpressConnectRouterAssociation              |
      | GrantInstanceToExpressConnectRouter                |
      | RevokeInstanceFromExpressConnectRouter             |

  Scenario Outline: a dry run of <action> answers DryRunOperation
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    And I remember "EcrId" as "ecr"
    When I call <action> with:
      | EcrId  | {ecr} |
      | DryRun | true  |
    Then the call fails with "DryRunOperation" and HTTP status 400

    Examples:
      | action                                             |
      | ModifyExpressConnectRouter                         |
      | DeleteExpressConnectRouter                         |
      | DescribeExpressConnectRouter                       |
      | DescribeExpressConnectRouterAssociation            |
      | DescribeExpressConnectRouterRegion                 |
      | DescribeExpressConnectRouterInterRegionTransitMode |
      | DescribeInstanceGrantedToExpressConnectRouter      |

  Scenario: DescribeExpressConnectRouter pages with MaxResults and NextToken
    When I call CreateExpressConnectRouter 3 times with:
      | AlibabaSideAsn | 45104 |
    When I call DescribeExpressConnectRouter with:
      | MaxResults | 2 |
    Then "EcrList" has 2 items
    And "TotalCount" is "3"
    And "NextToken" exists
    And I remember "NextToken" as "next"
    When I call DescribeExpressConnectRouter with:
      | MaxResults | 2      |
      | NextToken  | {next} |
    Then "EcrList" has 1 item
    When I call DescribeExpressConnectRouter with:
      | NextToken | not-a-token |
    Then the call fails with "IllegalParamFormat.NextToken" and HTTP status 400

  Scenario: DescribeExpressConnectRouter filters by name and tag
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104    |
      | Name           | alpha    |
      | Tag.1.Key      | env      |
      | Tag.1.Value    | prod     |
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104    |
      | Name           | beta     |
      | Tag.1.Key      | env      |
      | Tag.1.Value    | test     |
    When I call DescribeExpressConnectRouter with:
      | Name | alpha |
    Then "EcrList" has 1 item
    And "EcrList.0.Name" is "alpha"
    When I call DescribeExpressConnectRouter with:
      | Tag.1.Key   | env  |
      | Tag.1.Value | test |
    Then "EcrList" has 1 item
    And "EcrList.0.Name" is "beta"
    When I call DescribeExpressConnectRouter with:
      | Tag.1.Key | env |
    Then "EcrList" has 2 items

  @ecmock
  Scenario: a deleted ECR is DELETING, then gone
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    And I remember "EcrId" as "ecr"
    When I call DeleteExpressConnectRouter with:
      | EcrId | {ecr} |
    Then the call succeeds
    When I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then "EcrList.0.Status" is "DELETING"
    When I call DeleteExpressConnectRouter with:
      | EcrId | {ecr} |
    Then the call fails with "Conflict.Lock"
    When 1 minute passes
    And I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then "EcrList" has 0 items
    When I call DeleteExpressConnectRouter with:
      | EcrId | {ecr} |
    Then the call fails with "ResourceNotFound.EcrId" and HTTP status 404

  @chaos
  Scenario: an injected Conflict.Lock is answered for the next calls only
    Given CreateExpressConnectRouter fails with Conflict.Lock for the next 2 calls
    When I call CreateExpressConnectRouter 3 times with:
      | AlibabaSideAsn | 45104 |
    Then the call succeeds
    And ecmock received 3 CreateExpressConnectRouter calls
    And ecmock answered 2 CreateExpressConnectRouter calls with Conflict.Lock
    And fault rules fired 2 times

  @chaos
  Scenario: the shipped lock-contention scenario locks the second and third creates
    Given the scenario "lock-contention"
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    Then the call succeeds
    When I call CreateExpressConnectRouter 2 times with:
      | AlibabaSideAsn | 45104 |
    Then the call fails with "Conflict.Lock" and HTTP status 400
    When I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    Then the call succeeds
    And ecmock answered 2 CreateExpressConnectRouter calls with Conflict.Lock

  @ecmock
  Scenario: a fixture ECR is served like a created one
    Given an ACTIVE ECR "ecr"
    When I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then "EcrList.0.EcrId" is "{ecr}"
    And "EcrList.0.Status" is "ACTIVE"
    And "EcrList.0.OwnerId" is "{A.uid}"
