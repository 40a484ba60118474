@client @ecmock
Feature: A client waits for ECR attachments without polling too fast
  Attaching an ECR to a transit router takes time (Attaching → Attached). A
  client waits with polling (the reference client: a first delay of 3s, then
  3s, 6s, every 10s) and a deadline (20 minutes), retries
  IncorrectStatus.TransitRouter, IncorrectStatus.EcrResource,
  Operation.Blocking and InvalidStatus.ResourceStatus, and gives up with a
  clear error when the attachment never completes.

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
    And I call DescribeExpressConnectRouterAssociation with:
      | EcrId | {ecr} |
    Then "AssociationList.0.Status" is "ACTIVE"

  @chaos
  Scenario: an attachment held Attaching for 5 reads is waited for
    Given transit router ECR attachments stay Attaching for 5 reads
    When the client creates a transit router ECR attachment "att" with:
      | CenId           | {cen} |
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    Then the client succeeds
    And the client never polled ListTransitRouterEcrAttachments more often than every 3 seconds
    When I call ListTransitRouterEcrAttachments with:
      | TransitRouterAttachmentId | {att} |
    Then "TransitRouterAttachments.0.Status" is "Attached"

  @chaos
  Scenario: an attachment stuck Attaching makes the client give up at its deadline
    Given the scenario "stuck-attaching"
    When the client creates a transit router ECR attachment "att" with:
      | CenId           | {cen} |
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    Then the client gives up
    And the client's error mentions "Attaching"
    And the client never polled ListTransitRouterEcrAttachments more often than every 3 seconds
    And the client waited at most 21 minutes in total
    And the client did not retry CreateTransitRouterEcrAttachment

  @chaos
  Scenario: a transit router that is not ready yet is retried
    Given CreateTransitRouterEcrAttachment fails with IncorrectStatus.TransitRouter for the next 2 calls
    When the client creates a transit router ECR attachment "att" with:
      | CenId           | {cen} |
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    Then the client succeeds
    And the client retried CreateTransitRouterEcrAttachment 2 times
    And every CreateTransitRouterEcrAttachment call carried the same "ClientToken"

  Scenario: the attachment quota is not retried
    Given my quota "CenQuotaEcrAttachPerTransitRouter" is 0
    When the client creates a transit router ECR attachment "att" with:
      | CenId           | {cen} |
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    Then the client fails with "QuotaExceeded.CenQuotaEcrAttachPerTransitRouter"
    And the client did not retry CreateTransitRouterEcrAttachment

  @chaos
  Scenario: a delete that meets a busy ECR is retried until the attachment is gone
    When the client creates a transit router ECR attachment "att" with:
      | CenId           | {cen} |
      | TransitRouterId | {tr}  |
      | EcrId           | {ecr} |
    Then the client succeeds
    Given DeleteTransitRouterEcrAttachment fails with IncorrectStatus.EcrResource for the next 1 call
    When the client deletes transit router ECR attachment "{att}"
    Then the client succeeds
    And the client retried DeleteTransitRouterEcrAttachment 1 time
    When I call ListTransitRouterEcrAttachments with:
      | TransitRouterAttachmentId | {att} |
    Then "TransitRouterAttachments" has 0 items
