@client
Feature: The richer client hook: updates, children, any call, backoff and HTTP status
  A plugged-in client may implement steps.Modifier, steps.ChildWaiter and
  steps.Caller besides Create/WaitFor/Delete; the steps check its backoff
  sequence, the HTTP status of its errors, and hold one resource by ID.

  @chaos
  Scenario: the backoff sequence of Conflict.Lock retries is 1s, 2s, 4s
    Given CreateExpressConnectRouter fails with Conflict.Lock for the next 3 calls
    When the client creates an ECR "ecr"
    Then the client succeeds
    And the client retried CreateExpressConnectRouter 3 times
    And the client slept 1s, 2s, 4s

  Scenario: the client renames an ECR
    When the client creates an ECR "ecr"
    Then the client succeeds
    When the client modifies ECR "{ecr}" with:
      | Name | renamed-{scenario} |
    Then the client succeeds
    When I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then "EcrList.0.Name" is "renamed-{scenario}"

  Scenario: a call to a missing ECR fails with its documented code and HTTP status
    When the client calls DeleteExpressConnectRouter with:
      | EcrId       | ecr-doesnotexist000000001 |
      | ClientToken | delete-{scenario}         |
    Then the client fails with "ResourceNotFound.EcrId"
    And the client's error has HTTP status 404
    And the client did not retry DeleteExpressConnectRouter

  @chaos
  Scenario: one association held in CREATING by ID is waited for through its ECR
    Given I call CreateExpressConnectRouter with:
      | AlibabaSideAsn | 45104 |
    And I remember "EcrId" as "ecr"
    And I call CreateExpressConnectRouterAssociation with:
      | EcrId               | {ecr}          |
      | AssociationRegionId | cn-hangzhou    |
      | VpcId               | vpc-{scenario} |
    And I remember "AssociationId" as "assoc"
    And resource "{assoc}" stays CREATING for 3 reads
    When the client waits for ECR association "{assoc}" of "{ecr}" to be "ACTIVE"
    Then the client succeeds
    And ecmock received 4 DescribeExpressConnectRouterAssociation calls
