Feature: netteam's client creates, waits for and deletes ECRs
  Our client is plugged into ecmock's step library; ecmock answers as the
  ExpressConnectRouter API does.

  Scenario: create, wait until ACTIVE, delete
    When the client creates an ECR "ecr" with:
      | Name           | edge-{scenario} |
      | AlibabaSideAsn | 64512           |
    Then the client succeeds
    When the client waits for ECR "{ecr}" to be "ACTIVE"
    Then the client succeeds
    When I call DescribeExpressConnectRouter with:
      | EcrId | {ecr} |
    Then the answer has:
      | EcrList.0.Name           | edge-{scenario} |
      | EcrList.0.AlibabaSideAsn | 64512           |
    When the client deletes ECR "{ecr}"
    Then the client succeeds
    And ecmock received 1 DeleteExpressConnectRouter call

  Scenario: a quota error is not retried and keeps its code and status
    Given my quota "EcrCountPerUser" is 0
    When the client creates an ECR "ecr"
    Then the client fails with "QuotaExceeded.EcrCountPerUser"
    And the client's error has HTTP status 400
    And the client did not retry CreateExpressConnectRouter
