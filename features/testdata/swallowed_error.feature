Feature: a client that reports success over a failed call (used by TestClientThatSwallowsErrorsIsShownTheJournal)

  Scenario: the delete of a missing ECR must fail
    When the client calls DeleteExpressConnectRouter with:
      | EcrId       | ecr-doesnotexist000000001 |
      | ClientToken | delete-{scenario}         |
    Then the client fails with "ResourceNotFound.EcrId"
