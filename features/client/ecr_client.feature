@client
Feature: A client of the ECR API retries what is retryable and nothing else
  Real automation (Terraform's alicloud provider) retries Conflict.Lock on
  ECR creates and deletes, with one ClientToken for every retry, and never
  retries QuotaExceeded or validation errors; it treats ResourceNotFound on
  delete as done. The plugged-in client (the reference client by default) is
  checked against that.

  @chaos
  Scenario: Conflict.Lock on create is retried with the same ClientToken
    Given CreateExpressConnectRouter fails with Conflict.Lock for the next 2 calls
    When the client creates an ECR "ecr" with:
      | AlibabaSideAsn | 45104 |
    Then the client succeeds
    And the client retried CreateExpressConnectRouter 2 times
    And every CreateExpressConnectRouter call carried the same "ClientToken"
    And the client slept 2 times
    When I call DescribeExpressConnectRouter
    Then "EcrList" has 1 item
    And "EcrList.0.EcrId" is "{ecr}"

  @chaos
  Scenario: the shipped lock-contention scenario
    Given the scenario "lock-contention"
    When the client creates an ECR "first"
    Then the client succeeds
    When the client creates an ECR "second"
    Then the client succeeds
    And the client retried CreateExpressConnectRouter 3 times
    When the client deletes ECR "{first}"
    Then the client succeeds
    And the client retried DeleteExpressConnectRouter 1 time

  @ecmock
  Scenario: QuotaExceeded is not retried
    Given my quota "EcrCountPerUser" is 0
    When the client creates an ECR "ecr"
    Then the client fails with "QuotaExceeded.EcrCountPerUser"
    And the client did not retry CreateExpressConnectRouter

  Scenario: a validation error is not retried
    When the client creates an ECR "ecr" with:
      | AlibabaSideAsn | 100 |
    Then the client fails with "IllegalParam.AlibabaSideAsn"
    And the client did not retry CreateExpressConnectRouter

  @chaos
  Scenario: a lock that is never released makes the client give up with a clear error
    Given CreateExpressConnectRouter always fails with Conflict.Lock
    When the client creates an ECR "ecr"
    Then the client gives up
    And the client's error mentions "Conflict.Lock"
    And the client's error mentions "10 attempts"
    And ecmock received 10 CreateExpressConnectRouter calls

  @chaos
  Scenario: throttling and a reset connection are retried
    Given CreateExpressConnectRouter fails with Throttling.User for the next 1 call
    And CreateExpressConnectRouter calls have their connection reset for the next 1 call
    When the client creates an ECR "ecr"
    Then the client succeeds
    And ecmock answered 1 CreateExpressConnectRouter call with OK

  Scenario: deleting an ECR that is already gone is done
    When the client deletes ECR "ecr-gone00000000000000"
    Then the client succeeds
    And the client did not retry DeleteExpressConnectRouter
