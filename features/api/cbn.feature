Feature: CEN instances and transit routers (Cbn 2017-09-12)
  A CEN is Creating, then Active; a transit router (Enterprise Edition) too.
  A CEN holds at most TransitRoutersPerCenRegion routers per region. Deleting
  goes Deleting, then gone; a CEN with routers, or a router with ECR
  attachments, cannot be deleted.

  @ecmock
  Scenario: a CEN is Creating, then Active; a router needs an Active CEN
    When I call CreateCen with:
      | Name | cen-{scenario} |
    Then the call succeeds
    And "CenId" matches "^cen-[0-9a-z]+$"
    And I remember "CenId" as "cen"
    When I call DescribeCens with:
      | Filter.1.Key     | CenId |
      | Filter.1.Value.1 | {cen} |
    Then "Cens.Cen.0.Status" is "Creating"
    When I call CreateTransitRouter with:
      | CenId    | {cen}       |
      | RegionId | cn-hangzhou |
    Then the call fails with "InvalidOperation.CenInstanceStatus" and HTTP status 400
    When I call DeleteCen with:
      | CenId | {cen} |
    Then the call fails with "InvalidOperation.CenInstanceStatus" and HTTP status 400
    When I poll DescribeCens every 1 second until "Cens.Cen.0.Status" is "Active" with:
      | Filter.1.Key     | CenId |
      | Filter.1.Value.1 | {cen} |
    When I call CreateTransitRouter with:
      | CenId             | {cen}         |
      | RegionId          | cn-hangzhou   |
      | TransitRouterName | tr-{scenario} |
    Then the call succeeds
    And I remember "TransitRouterId" as "tr"
    When I call ListTransitRouters with:
      | CenId    | {cen}       |
      | RegionId | cn-hangzhou |
    Then "TransitRouters" has 1 item
    And the answer has:
      | TransitRouters.0.TransitRouterId | {tr}       |
      | TransitRouters.0.Status          | Creating   |
      | TransitRouters.0.Type            | Enterprise |
    When I call DeleteTransitRouter with:
      | TransitRouterId | {tr} |
    Then the call fails with "IncorrectStatus.TransitRouter" and HTTP status 400
    When 2 seconds pass
    And I call ListTransitRouters with:
      | TransitRouterId | {tr} |
    Then "TransitRouters.0.Status" is "Active"
    When I call CreateTransitRouter with:
      | CenId    | {cen}       |
      | RegionId | cn-hangzhou |
    Then the call fails with "QuotaExceeded.TransitRouter" and HTTP status 400
    When I call DeleteCen with:
      | CenId | {cen} |
    Then the call fails with "OperationFailed.DeleteCenWithTransitRouter" and HTTP status 400
    When I call DeleteTransitRouter with:
      | TransitRouterId | {tr} |
      | DryRun          | true |
    Then the call fails with "DryRunOperation"
    When I call DeleteTransitRouter with:
      | TransitRouterId | {tr} |
    Then the call succeeds
    When I call ListTransitRouters with:
      | TransitRouterId | {tr} |
    Then "TransitRouters.0.Status" is "Deleting"
    When 5 seconds pass
    And I call ListTransitRouters with:
      | TransitRouterId | {tr} |
    Then "TransitRouters" has 0 items
    When I call DeleteCen with:
      | CenId | {cen} |
    Then the call succeeds

  Scenario: CreateCen checks its parameters
    When I call CreateCen with:
      | ProtectionLevel | FULL |
    Then the call fails with "InvalidParameter" and HTTP status 400

  Scenario: unknown CENs and routers
    When I call CreateTransitRouter with:
      | CenId    | cen-nothing000000000 |
      | RegionId | cn-hangzhou          |
    Then the call fails with "InvalidCenId.NotFound" and HTTP status 400
    When I call DeleteCen with:
      | CenId | cen-nothing000000000 |
    Then the call fails with "InvalidCenId.NotFound" and HTTP status 400
    When I call DeleteTransitRouter with:
      | TransitRouterId | tr-nothing000000000 |
    Then the call fails with "InvalidTransitRouterId.NotFound" and HTTP status 400

  @ecmock
  Scenario Outline: CreateTransitRouter rules (<case>)
    Given an Active CEN "cen" with:
      | ProtectionLevel | <level> |
    When I call CreateTransitRouter with:
      | CenId    | {cen}    |
      | RegionId | <region> |
      | Type     | <type>   |
      | DryRun   | <dryrun> |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | case              | level   | region        | type       | dryrun | code                              |
      | unknown region    | REDUCED | xx-nowhere-1  | Enterprise | false  | IllegalParam.RegionId             |
      | Basic edition     | REDUCED | cn-hangzhou   | Basic      | false  | InvalidParameter                  |
      | full-level CEN    | FULL    | cn-hangzhou   | Enterprise | false  | OperationUnsupported.CenFullLevel |
      | dry run           | REDUCED | cn-hangzhou   | Enterprise | true   | DryRunOperation                   |

  @ecmock
  Scenario: a Basic Edition router is not deleted with DeleteTransitRouter
    Given an Active CEN "cen"
    And an Active transit router "tr" with:
      | CenId | {cen} |
      | Type  | Basic |
    When I call DeleteTransitRouter with:
      | TransitRouterId | {tr} |
    Then the call fails with "OperationUnsupported.TransitRouterType" and HTTP status 400

  Scenario: DeleteTransitRouter checks its parameters
    When I call DeleteTransitRouter with:
      | TransitRouterId | tr-x                                                              |
      | ClientToken     | 12345678901234567890123456789012345678901234567890123456789012345 |
    Then the call fails with "InvalidParameter" and HTTP status 400

  @ecmock
  Scenario: DescribeCens pages and filters
    Given an Active CEN "c1"
    And an Active CEN "c2"
    And an Active CEN "c3"
    When I call DescribeCens with:
      | PageSize   | 2 |
      | PageNumber | 1 |
    Then "Cens.Cen" has 2 items
    And "TotalCount" is "3"
    When I call DescribeCens with:
      | PageSize   | 2 |
      | PageNumber | 2 |
    Then "Cens.Cen" has 1 item
    When I call DescribeCens with:
      | Filter.1.Key     | CenId |
      | Filter.1.Value.1 | {c2}  |
    Then "Cens.Cen" has 1 item
    And "Cens.Cen.0.CenId" is "{c2}"
    When I call DescribeCens with:
      | Filter.1.Key     | Color |
      | Filter.1.Value.1 | blue  |
    Then the call fails with "InvalidFilterKey.ValueNotSupported" and HTTP status 400
    When I call DescribeCens with:
      | PageSize | 51 |
    Then the call fails with "InvalidParameter" and HTTP status 400
    Given I am account "B"
    When I call DescribeCens
    Then "TotalCount" is "0"

  Scenario: ListTransitRouters checks its parameters
    When I call ListTransitRouters with:
      | Status | Sleeping |
    Then the call fails with "InvalidParameter" and HTTP status 400

  Scenario: CreateCen is idempotent with a ClientToken
    When I call CreateCen with:
      | ClientToken | tok-{scenario} |
    And I remember "CenId" as "cen"
    When I repeat the last call
    Then "CenId" is "{cen}"
    When I call DescribeCens
    Then "TotalCount" is "1"
