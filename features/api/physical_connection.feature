Feature: Physical connections (Vpc 2016-04-28, the API reference)
  A physical connection is applied for (Initial), reviewed (Approved),
  allocated a port (Allocating, then Allocated) on ecmock's clock, confirmed
  (ConfirmPhysicalConnection → Confirmed), enabled (EnablePhysicalConnection
  or an occupancy order → Enabled), terminated (Terminating → Terminated),
  canceled (Canceled) and deleted. Calls in the wrong state answer
  Forbidden.NotAllowedInState; unknown or foreign connections
  InvalidPhysicalConnectionId.NotFound (404).

  Background:
    Given the region is "cn-hangzhou"

  @ecmock
  Scenario: the whole life of a physical connection
    When I call CreatePhysicalConnection with:
      | RegionId      | cn-hangzhou         |
      | AccessPointId | ap-cn-hangzhou-yh-B |
      | LineOperator  | CT                  |
      | PeerLocation  | Hangzhou DC1        |
      | Name          | pc-{scenario}       |
    Then the call succeeds
    And "PhysicalConnectionId" matches "^pc-[0-9a-z]+$"
    And I remember "PhysicalConnectionId" as "pc"
    When I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {pc}                 |
    Then the answer has:
      | PhysicalConnectionSet.PhysicalConnectionType.0.Status        | Initial             |
      | PhysicalConnectionSet.PhysicalConnectionType.0.AccessPointId | ap-cn-hangzhou-yh-B |
      | PhysicalConnectionSet.PhysicalConnectionType.0.Name          | pc-{scenario}       |
      | TotalCount                                                   | 1                   |
    When I call ConfirmPhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
    Then the call fails with "Forbidden.NotAllowedInState" and HTTP status 400
    When I call TerminatePhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
    Then the call fails with "Forbidden.NotAllowedInState"
    When I poll DescribePhysicalConnections every 1 second until "PhysicalConnectionSet.PhysicalConnectionType.0.Status" is "Allocated" with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {pc}                 |
    Then "PhysicalConnectionSet.PhysicalConnectionType.0.PortNumber" exists
    When I call EnablePhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
    Then the call fails with "Forbidden.NotAllowedInState"
    When I call ConfirmPhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
    Then the call succeeds
    When I call EnablePhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
    Then the call succeeds
    When I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {pc}                 |
    Then "PhysicalConnectionSet.PhysicalConnectionType.0.Status" is "Enabled"
    And "PhysicalConnectionSet.PhysicalConnectionType.0.EnabledTime" exists
    When I call DeletePhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
    Then the call fails with "Forbidden.NotAllowedInState"
    When I call TerminatePhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
    Then the call succeeds
    When I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {pc}                 |
    Then "PhysicalConnectionSet.PhysicalConnectionType.0.Status" is "Terminating"
    When 10 seconds pass
    And I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {pc}                 |
    Then "PhysicalConnectionSet.PhysicalConnectionType.0.Status" is "Terminated"
    When I call DeletePhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
    Then the call succeeds
    When I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {pc}                 |
    Then "TotalCount" is "0"

  @ecmock
  Scenario: an occupancy order enables a Confirmed connection; a canceled one cannot be enabled
    Given a Confirmed physical connection "pc"
    When I call CreatePhysicalConnectionOccupancyOrder with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
    Then the call succeeds
    When I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {pc}                 |
    Then "PhysicalConnectionSet.PhysicalConnectionType.0.Status" is "Enabled"
    When I call CreatePhysicalConnectionOccupancyOrder with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
    Then the call fails with "Forbidden.NotAllowedInState" and HTTP status 400
    Given an Initial physical connection "other"
    When I call CancelPhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {other}     |
    Then the call succeeds
    When I call CancelPhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {other}     |
    Then the call fails with "Forbidden.NotAllowedInState" and HTTP status 400
    When I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {other}              |
    Then "PhysicalConnectionSet.PhysicalConnectionType.0.Status" is "Canceled"

  @chaos
  Scenario: a rejected application
    Given physical connections go from Initial to Rejected
    When I call CreatePhysicalConnection with:
      | RegionId      | cn-hangzhou         |
      | AccessPointId | ap-cn-hangzhou-yh-B |
      | LineOperator  | CT                  |
      | PeerLocation  | Hangzhou DC1        |
    And I remember "PhysicalConnectionId" as "pc"
    When 1 minute passes
    And I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {pc}                 |
    Then "PhysicalConnectionSet.PhysicalConnectionType.0.Status" is "Rejected"

  @chaos
  Scenario: the shipped application-rejected scenario
    Given the scenario "application-rejected"
    When I call CreatePhysicalConnection with:
      | RegionId      | cn-hangzhou         |
      | AccessPointId | ap-cn-hangzhou-yh-B |
      | LineOperator  | CT                  |
      | PeerLocation  | Hangzhou DC1        |
    And I remember "PhysicalConnectionId" as "pc"
    When I poll DescribePhysicalConnections every 10 seconds until "PhysicalConnectionSet.PhysicalConnectionType.0.Status" is "Rejected" with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {pc}                 |

  @chaos
  Scenario: an allocation that fails
    Given physical connections go from Allocating to "Allocation Failed"
    And the timing profile is "instant"
    When I call CreatePhysicalConnection with:
      | RegionId      | cn-hangzhou         |
      | AccessPointId | ap-cn-hangzhou-yh-B |
      | LineOperator  | CT                  |
      | PeerLocation  | Hangzhou DC1        |
    And I remember "PhysicalConnectionId" as "pc"
    And I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou          |
      | Filter.1.Key     | PhysicalConnectionId |
      | Filter.1.Value.1 | {pc}                 |
    Then "PhysicalConnectionSet.PhysicalConnectionType.0.Status" is "Allocation Failed"

  Scenario Outline: CreatePhysicalConnection rules (<case>)
    When I call CreatePhysicalConnection with:
      | RegionId      | cn-hangzhou         |
      | AccessPointId | <ap>                |
      | LineOperator  | <operator>          |
      | PeerLocation  | Hangzhou DC1        |
      | <param>       | <value>             |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | case                | ap                  | operator | param                         | value                  | code                                         |
      | access point        | somewhere           | CT       | Name                          | ok-name                | InvalidAccessPointId.NotEnabled              |
      | line operator       | ap-cn-hangzhou-yh-B | ACME     | Name                          | ok-name                | InvalidLineOperator.Malformd                 |
      | port type           | ap-cn-hangzhou-yh-B | CT       | PortType                      | 1GBase-Z               | InvalidPortType.Malformd                     |
      | type                | ap-cn-hangzhou-yh-B | CT       | Type                          | VBR                    | InvalidType.Malformd                         |
      | name                | ap-cn-hangzhou-yh-B | CT       | Name                          | 1-bad                  | InvalidName.Malformed                        |
      | description         | ap-cn-hangzhou-yh-B | CT       | Description                   | http://spam            | InvalidDescription.Malformed                 |
      | bandwidth           | ap-cn-hangzhou-yh-B | CT       | bandwidth                     | 1                      | InvalidBandwidth                             |
      | circuit code        | ap-cn-hangzhou-yh-B | CT       | CircuitCode                   | {long}                 | InvalidCircuitCode.Malformed                 |
      | peer location       | ap-cn-hangzhou-yh-B | CT       | PeerLocation                  | {long}{long}           | InvalidPeerLocation.Malformd                 |
      | redundant not found | ap-cn-hangzhou-yh-B | CT       | RedundantPhysicalConnectionId | pc-nothing000000000000 | InvalidRedundantPhysicalConnectionId.NotFound |

  @ecmock
  Scenario Outline: a redundant connection must be the caller's and in service (<status>)
    Given a <status> physical connection "red" of account "<owner>"
    When I call CreatePhysicalConnection with:
      | RegionId                      | cn-hangzhou         |
      | AccessPointId                 | ap-cn-hangzhou-yh-B |
      | LineOperator                  | CT                  |
      | PeerLocation                  | Hangzhou DC1        |
      | RedundantPhysicalConnectionId | {red}               |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | status   | owner | code                                          |
      | Initial  | A     | InvalidRedundantPhysicalConnectionStatus      |
      | Enabled  | B     | InvalidRedundantPhysicalConnection            |

  @ecmock
  Scenario: no more than PhysicalConnectionsNotEnabled connections in progress
    Given my quota "PhysicalConnectionsNotEnabled" is 1
    When I call CreatePhysicalConnection 2 times with:
      | RegionId      | cn-hangzhou         |
      | AccessPointId | ap-cn-hangzhou-yh-B |
      | LineOperator  | CT                  |
      | PeerLocation  | Hangzhou DC1        |
    Then the call fails with "QuotaExceeded.freePconnPerAP" and HTTP status 400

  @ecmock
  Scenario: no more than PhysicalConnectionsPerAccessPoint connections at an access point
    Given my quota "PhysicalConnectionsPerAccessPoint" is 1
    When I call CreatePhysicalConnection 2 times with:
      | RegionId      | cn-hangzhou         |
      | AccessPointId | ap-cn-hangzhou-yh-B |
      | LineOperator  | CT                  |
      | PeerLocation  | Hangzhou DC1        |
    Then the call fails with "QuotaExceeded.pConnPerAP" and HTTP status 400

  @ecmock
  Scenario: an account with a financially locked connection cannot apply for more
    Given an Enabled physical connection "locked" with:
      | BusinessStatus | FinancialLocked |
    When I call CreatePhysicalConnection with:
      | RegionId      | cn-hangzhou         |
      | AccessPointId | ap-cn-hangzhou-yh-B |
      | LineOperator  | CT                  |
      | PeerLocation  | Hangzhou DC1        |
    Then the call fails with "Forbidden.FinancialLocked" and HTTP status 400
    When I call CreatePhysicalConnectionSetupOrder with:
      | RegionId      | cn-hangzhou         |
      | AccessPointId | ap-cn-hangzhou-yh-B |
      | LineOperator  | CT                  |
    Then the call fails with "Forbidden.FinancialLocked" and HTTP status 400

  Scenario: the same ClientToken applies once
    When I call CreatePhysicalConnection with:
      | RegionId      | cn-hangzhou         |
      | AccessPointId | ap-cn-hangzhou-yh-B |
      | LineOperator  | CT                  |
      | PeerLocation  | Hangzhou DC1        |
      | ClientToken   | tok-{scenario}      |
    And I remember "PhysicalConnectionId" as "pc"
    When I repeat the last call
    Then "PhysicalConnectionId" is "{pc}"
    When I call DescribePhysicalConnections with:
      | RegionId | cn-hangzhou |
    Then "TotalCount" is "1"

  @ecmock
  Scenario Outline: every connection action needs a connection of the caller (<action>)
    Given an Enabled physical connection "theirs" of account "B"
    When I call <action> with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {theirs}    |
      | InstanceId           | {theirs}    |
      | CompanyName          | ACME        |
      | ConstructionTime     | 2026-02-01T00:00Z |
      | LineType             | FIBRE       |
      | PeerLocation         | Hangzhou    |
      | Si                   | ACME Lines  |
      | LineCode             | L1          |
      | LineLabel            | LL1         |
    Then the call fails with "InvalidPhysicalConnectionId.NotFound" and HTTP status 404

    Examples:
      | action                                            |
      | ApplyPhysicalConnectionLOA                        |
      | CancelPhysicalConnection                          |
      | CompletePhysicalConnectionLOA                     |
      | ConfirmPhysicalConnection                         |
      | CreatePhysicalConnectionOccupancyOrder            |
      | DeletePhysicalConnection                          |
      | DescribePhysicalConnectionLOA                     |
      | DescribeVirtualBorderRoutersForPhysicalConnection |
      | EnablePhysicalConnection                          |
      | ModifyPhysicalConnectionAttribute                 |
      | TerminatePhysicalConnection                       |

  Scenario: a connection ID that is not a pc- ID does not match
    When I call DeletePhysicalConnection with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | vbr-abc     |
    Then the call fails with "InvalidPhysicalConnectionId.NotMatched" and HTTP status 400

  @ecmock
  Scenario: the LOA is applied for, issued, and completed
    Given an Allocated physical connection "pc"
    When I call ApplyPhysicalConnectionLOA with:
      | RegionId         | cn-hangzhou       |
      | InstanceId       | {pc}              |
      | CompanyName      | ACME              |
      | ConstructionTime | 2026-02-01T00:00Z |
      | LineType         | FIBRE             |
      | PeerLocation     | Hangzhou          |
      | Si               | ACME Lines        |
    Then the call succeeds
    When I call DescribePhysicalConnectionLOA with:
      | RegionId   | cn-hangzhou |
      | InstanceId | {pc}        |
    Then the call succeeds
    And "PhysicalConnectionLOAType.Status" is "Applying"
    When 10 seconds pass
    And I call DescribePhysicalConnectionLOA with:
      | RegionId   | cn-hangzhou |
      | InstanceId | {pc}        |
    Then "PhysicalConnectionLOAType.Status" is "Available"
    When I call CompletePhysicalConnectionLOA with:
      | RegionId   | cn-hangzhou |
      | InstanceId | {pc}        |
      | LineCode   | L1          |
      | LineLabel  | LL1         |
    Then the call succeeds

  @ecmock
  Scenario: LOA actions in the wrong state
    Given an Initial physical connection "pc"
    When I call ApplyPhysicalConnectionLOA with:
      | RegionId         | cn-hangzhou       |
      | InstanceId       | {pc}              |
      | CompanyName      | ACME              |
      | ConstructionTime | 2026-02-01T00:00Z |
      | LineType         | FIBRE             |
      | PeerLocation     | Hangzhou          |
      | Si               | ACME Lines        |
    Then the call fails with "Forbidden.NotAllowedInState" and HTTP status 400
    When I call CompletePhysicalConnectionLOA with:
      | RegionId   | cn-hangzhou |
      | InstanceId | {pc}        |
      | LineCode   | L1          |
      | LineLabel  | LL1         |
    Then the call fails with "Forbidden.NotAllowedInState" and HTTP status 400

  @ecmock
  Scenario Outline: ModifyPhysicalConnectionAttribute rules (<case>)
    Given an <status> physical connection "pc"
    And an Enabled physical connection "other" of account "<owner>"
    When I call ModifyPhysicalConnectionAttribute with:
      | RegionId             | cn-hangzhou |
      | PhysicalConnectionId | {pc}        |
      | <param>              | <value>     |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | case           | status    | owner | param                         | value       | code                                     |
      | line operator  | Enabled   | A     | LineOperator                  | ACME        | InvalidLineOperator.Malformd             |
      | peer location  | Enabled   | A     | PeerLocation                  | {long}{long} | InvalidPeerLocation.Malformd            |
      | port type      | Enabled   | A     | PortType                      | 1GBase-Z    | InvalidPortType.Malformd                 |
      | description    | Enabled   | A     | Description                   | http://spam | InvalidDescription.Malformed             |
      | name           | Enabled   | A     | Name                          | 1-bad       | InvalidName.Malformed                    |
      | bandwidth      | Enabled   | A     | bandwidth                     | 1           | InvalidBandwidth                         |
      | circuit code   | Enabled   | A     | CircuitCode                   | {long}      | InvalidCircuitCode.Malformed             |
      | terminated     | Terminated | A    | Name                          | new-name    | InvalidStatus                            |
      | enabled config | Enabled   | A     | PeerLocation                  | elsewhere   | InvalidStatus                            |
      | foreign peer   | Enabled   | B     | RedundantPhysicalConnectionId | {other}     | InvalidRedundantPhysicalConnection       |

  @ecmock
  Scenario: only Initial or Rejected connections are modified; a redundant connection must be in service
    Given an Initial physical connection "pc"
    And an Initial physical connection "other"
    When I call ModifyPhysicalConnectionAttribute with:
      | RegionId                      | cn-hangzhou |
      | PhysicalConnectionId          | {pc}        |
      | RedundantPhysicalConnectionId | {other}     |
    Then the call fails with "InvalidRedundantPhysicalConnectionStatus" and HTTP status 400

  @ecmock
  Scenario: DescribePhysicalConnections pages and filters
    Given an Enabled physical connection "p1"
    And an Enabled physical connection "p2"
    And an Initial physical connection "p3"
    When I call DescribePhysicalConnections with:
      | RegionId | cn-hangzhou |
      | PageSize | 2           |
    Then "PhysicalConnectionSet.PhysicalConnectionType" has 2 items
    And "TotalCount" is "3"
    And "PageSize" is "2"
    When I call DescribePhysicalConnections with:
      | RegionId   | cn-hangzhou |
      | PageSize   | 2           |
      | PageNumber | 2           |
    Then "PhysicalConnectionSet.PhysicalConnectionType" has 1 item
    When I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | Status      |
      | Filter.1.Value.1 | Enabled     |
    Then "TotalCount" is "2"
    When I call DescribePhysicalConnections with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | Colour      |
      | Filter.1.Value.1 | red         |
    Then the call fails with "InvalidFilterKey.ValueNotSupported" and HTTP status 404
    Given I am account "B"
    When I call DescribePhysicalConnections with:
      | RegionId | cn-hangzhou |
    Then "TotalCount" is "0"

  Scenario Outline: CreatePhysicalConnectionSetupOrder rules (<case>)
    When I call CreatePhysicalConnectionSetupOrder with:
      | RegionId      | cn-hangzhou |
      | AccessPointId | <ap>        |
      | LineOperator  | <operator>  |
      | <param>       | <value>     |
    Then the call fails with "<code>" and HTTP status 400

    Examples:
      | case                | ap                  | operator | param                         | value                  | code                                          |
      | access point        | somewhere           | CT       | AutoPay                       | true                   | InvalidAccessPointId.NotEnabled               |
      | line operator       | ap-cn-hangzhou-yh-B | ACME     | AutoPay                       | true                   | InvalidLineOperator.Malformd                  |
      | port type           | ap-cn-hangzhou-yh-B | CT       | PortType                      | 1GBase-Z               | InvalidPortType.Malformd                      |
      | redundant not found | ap-cn-hangzhou-yh-B | CT       | RedundantPhysicalConnectionId | pc-nothing000000000000 | InvalidRedundantPhysicalConnectionId.NotFound |

  @ecmock
  Scenario: a setup order applies for a connection, under the same rules and quotas
    When I call CreatePhysicalConnectionSetupOrder with:
      | RegionId      | cn-hangzhou         |
      | AccessPointId | ap-cn-hangzhou-yh-B |
      | LineOperator  | CT                  |
    Then the call succeeds
    And "PhysicalConnectionId" matches "^pc-"
    And "OrderId" exists
    Given an Initial physical connection "notready"
    And an Enabled physical connection "foreign" of account "B"
    When I call CreatePhysicalConnectionSetupOrder with:
      | RegionId                      | cn-hangzhou         |
      | AccessPointId                 | ap-cn-hangzhou-yh-B |
      | LineOperator                  | CT                  |
      | RedundantPhysicalConnectionId | {notready}          |
    Then the call fails with "InvalidRedundantPhysicalConnectionStatus"
    When I call CreatePhysicalConnectionSetupOrder with:
      | RegionId                      | cn-hangzhou         |
      | AccessPointId                 | ap-cn-hangzhou-yh-B |
      | LineOperator                  | CT                  |
      | RedundantPhysicalConnectionId | {foreign}           |
    Then the call fails with "InvalidRedundantPhysicalConnection"
    Given my quota "PhysicalConnectionsPerAccessPoint" is 1
    When I call CreatePhysicalConnectionSetupOrder with:
      | RegionId      | cn-hangzhou         |
      | AccessPointId | ap-cn-hangzhou-yh-B |
      | LineOperator  | CT                  |
    Then the call fails with "QuotaExceeded.pConnPerAP"
    Given my quota "PhysicalConnectionsPerAccessPoint" is 10
    And my quota "PhysicalConnectionsNotEnabled" is 1
    When I call CreatePhysicalConnectionSetupOrder with:
      | RegionId      | cn-hangzhou         |
      | AccessPointId | ap-cn-hangzhou-yh-B |
      | LineOperator  | CT                  |
    Then the call fails with "QuotaExceeded.freePconnPerAP"
