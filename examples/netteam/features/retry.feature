Feature: netteam's client retries Conflict.Lock with one ClientToken
  The API answers Conflict.Lock while another operation holds the ECR; our
  client must retry with the same ClientToken, backing off 1s, 2s, 4s.

  Scenario: two locks, then success
    Given CreateExpressConnectRouter fails with Conflict.Lock for the next 2 calls
    When the client creates an ECR "ecr"
    Then the client succeeds
    And the client retried CreateExpressConnectRouter 2 times
    And every CreateExpressConnectRouter call carried the same "ClientToken"
    And the client slept 1s, 2s

  Scenario: a lock that never goes away ends in an error after five tries
    Given CreateExpressConnectRouter always fails with Conflict.Lock
    When the client creates an ECR "ecr"
    Then the client fails with "Conflict.Lock"
    And ecmock received 5 CreateExpressConnectRouter calls
    And the client slept 1s, 2s, 4s, 8s
