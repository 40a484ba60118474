Feature: Express Cloud Connect (Vpc 2016-04-28, the API reference)
  CreateExpressCloudConnection applies for an ECC line (ecc-) of the caller
  in the request's region. The application moves on ecmock's clock like a
  physical connection's: Initial → Approved → Allocating → Allocated, and
  ApplicationStatus follows Status. DescribeExpressCloudConnections lists the
  caller's ECCs of the region, filtered by eccid, bandwidth, Status or Name
  and paged by PageNumber/PageSize. The action has no client token: every
  successful call creates an ECC.

  Background:
    Given the region is "cn-hangzhou"

  @ecmock
  Scenario: an application is created, listed and allocated on ecmock's clock
    When I call CreateExpressCloudConnection with:
      | RegionId     | cn-hangzhou                    |
      | Bandwidth    | 100                            |
      | IdcSP        | CU                             |
      | PeerLocation | 5/F, Building 1, Xihu District |
      | PeerCity     | Hangzhou                       |
      | Name         | ecc-{scenario}                 |
      | Description  | office line                    |
      | ContactMail  | ops@example.com                |
    Then the call succeeds
    And "EccId" matches "^ecc-[0-9a-z]{20}$"
    And I remember "EccId" as "ecc"
    When I call DescribeExpressCloudConnections with:
      | RegionId | cn-hangzhou |
    Then the answer has:
      | TotalCount                                                                  | 1                              |
      | PageNumber                                                                  | 1                              |
      | PageSize                                                                    | 10                             |
      | ExpressCloudConnectionSet.ExpressCloudConnectionType.0.InstanceId           | {ecc}                          |
      | ExpressCloudConnectionSet.ExpressCloudConnectionType.0.Status               | Initial                        |
      | ExpressCloudConnectionSet.ExpressCloudConnectionType.0.ApplicationStatus    | Initial                        |
      | ExpressCloudConnectionSet.ExpressCloudConnectionType.0.ApplicationType      | Create                         |
      | ExpressCloudConnectionSet.ExpressCloudConnectionType.0.Bandwidth            | 100                            |
      | ExpressCloudConnectionSet.ExpressCloudConnectionType.0.ApplicationBandwidth | 100                            |
      | ExpressCloudConnectionSet.ExpressCloudConnectionType.0.PortType             | 1000Base-T                     |
      | ExpressCloudConnectionSet.ExpressCloudConnectionType.0.IdcSP                | CU                             |
      | ExpressCloudConnectionSet.ExpressCloudConnectionType.0.PeerLocation         | 5/F, Building 1, Xihu District |
      | ExpressCloudConnectionSet.ExpressCloudConnectionType.0.Name                 | ecc-{scenario}                 |
      | ExpressCloudConnectionSet.ExpressCloudConnectionType.0.RedundantEccId       |                                |
    And "ExpressCloudConnectionSet.ExpressCloudConnectionType.0.ApplicationId" matches "^[1-9][0-9]{18}$"
    And "ExpressCloudConnectionSet.ExpressCloudConnectionType.0.GmtCreate" matches "^\d{4}-\d\d-\d\dT\d\d:\d\dZ$"
    And "ExpressCloudConnectionSet.ExpressCloudConnectionType.0.VirtualBorderRouterModels.VirtualBorderRouterModel" has 0 items
    When I poll DescribeExpressCloudConnections every 1 second until "ExpressCloudConnectionSet.ExpressCloudConnectionType.0.Status" is "Allocated" with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | eccid       |
      | Filter.1.Value.1 | {ecc}       |
    Then "ExpressCloudConnectionSet.ExpressCloudConnectionType.0.ApplicationStatus" is "Allocated"
    # Another account and another region see none of it.
    Given I am account "B"
    When I call DescribeExpressCloudConnections with:
      | RegionId | cn-hangzhou |
    Then "TotalCount" is "0"
    Given I am account "A"
    When I call DescribeExpressCloudConnections with:
      | RegionId | cn-shanghai |
    Then "TotalCount" is "0"

  Scenario: there is no client token: the same call twice applies twice
    When I call CreateExpressCloudConnection 2 times with:
      | RegionId     | cn-hangzhou |
      | Bandwidth    | 10          |
      | IdcSP        | CT          |
      | PeerLocation | Hangzhou    |
    Then the call succeeds
    When I call DescribeExpressCloudConnections with:
      | RegionId | cn-hangzhou |
    Then "TotalCount" is "2"

  Scenario Outline: CreateExpressCloudConnection checks its parameters (<case>)
    When I call CreateExpressCloudConnection with:
      | RegionId     | cn-hangzhou |
      | Bandwidth    | 100         |
      | IdcSP        | CU          |
      | PeerLocation | Hangzhou    |
      | <param>      | <value>     |
    Then the call fails with "<code>" and HTTP status 400
    And the error message contains "<message>"
    When I call DescribeExpressCloudConnections with:
      | RegionId | cn-hangzhou |
    Then "TotalCount" is "0"

    Examples:
      | case                   | param          | value                    | code                           | message                                    |
      | no bandwidth           | Bandwidth      |                          | MissingParameter               | 'Bandwidth' that is mandatory              |
      | no IDC provider        | IdcSP          |                          | MissingParameter               | 'IdcSP' that is mandatory                  |
      | no peer location       | PeerLocation   |                          | MissingParameter               | 'PeerLocation' that is mandatory           |
      | bandwidth 3            | Bandwidth      | 3                        | InvalidParameter               | The specified parameter 'Bandwidth'        |
      | bandwidth not a number | Bandwidth      | x                        | InvalidParameter               | 'Bandwidth' is not valid                   |
      | port type              | PortType       | 40GBase-LR               | InvalidParameter               | The specified parameter 'PortType'         |
      | IDC provider too long  | IdcSP          | {long}                   | InvalidParameter               | 'IdcSP' is not valid                       |
      | name as a URL          | Name           | https://x                | InvalidName.Malformed          | The specified Name is not valid.           |
      | name starting with _   | Name           | _x                       | InvalidName.Malformed          | The specified Name is not valid.           |
      | description too short  | Description    | d                        | InvalidDescription.Malformed   | The specified Description is not valid.    |
      | description as a URL   | Description    | http://spam              | InvalidDescription.Malformed   | The specified Description is not valid.    |
      | unknown redundant ECC  | RedundantEccId | ecc-nothing0000000000000 | InvalidRedundantEccId.NotFound | The specified RedundantEccId is not found. |

  @ecmock
  Scenario Outline: a redundant ECC must be the caller's, in the region (<case>)
    Given the region is "<region>"
    And an Allocated Express Cloud Connection "red" of account "<owner>"
    And the region is "cn-hangzhou"
    When I call CreateExpressCloudConnection with:
      | RegionId       | cn-hangzhou |
      | Bandwidth      | 100         |
      | IdcSP          | CU          |
      | PeerLocation   | Hangzhou    |
      | RedundantEccId | {red}       |
    Then the call <result>

    Examples:
      | case            | region      | owner | result                                                          |
      | its own         | cn-hangzhou | A     | succeeds                                                        |
      | another account | cn-hangzhou | B     | fails with "InvalidRedundantEccId.NotFound" and HTTP status 400 |
      | another region  | cn-shanghai | A     | fails with "InvalidRedundantEccId.NotFound" and HTTP status 400 |

  Scenario: a redundant application names the first one
    When I call CreateExpressCloudConnection with:
      | RegionId     | cn-hangzhou |
      | Bandwidth    | 100         |
      | IdcSP        | CU          |
      | PeerLocation | Hangzhou    |
    And I remember "EccId" as "first"
    And I call CreateExpressCloudConnection with:
      | RegionId       | cn-hangzhou |
      | Bandwidth      | 100         |
      | IdcSP          | CU          |
      | PeerLocation   | Hangzhou    |
      | PortType       | 10GBase-LR  |
      | RedundantEccId | {first}     |
    Then the call succeeds
    And I remember "EccId" as "second"
    When I call DescribeExpressCloudConnections with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | eccid       |
      | Filter.1.Value.1 | {second}    |
    Then the answer has:
      | ExpressCloudConnectionSet.ExpressCloudConnectionType.0.RedundantEccId | {first}    |
      | ExpressCloudConnectionSet.ExpressCloudConnectionType.0.PortType       | 10GBase-LR |

  Scenario: DescribeExpressCloudConnections filters and pages
    When I call CreateExpressCloudConnection with:
      | RegionId     | cn-hangzhou |
      | Bandwidth    | 2           |
      | IdcSP        | CU          |
      | PeerLocation | Hangzhou    |
      | Name         | ecc-a       |
    And I remember "EccId" as "a"
    And I call CreateExpressCloudConnection with:
      | RegionId     | cn-hangzhou |
      | Bandwidth    | 10          |
      | IdcSP        | CU          |
      | PeerLocation | Hangzhou    |
      | Name         | ecc-b       |
    And I remember "EccId" as "b"
    And I call CreateExpressCloudConnection with:
      | RegionId     | cn-hangzhou |
      | Bandwidth    | 10          |
      | IdcSP        | CU          |
      | PeerLocation | Hangzhou    |
      | Name         | ecc-c       |
    And I remember "EccId" as "c"
    When I call DescribeExpressCloudConnections with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | eccid       |
      | Filter.1.Value.1 | {a}         |
      | Filter.1.Value.2 | {c}         |
    Then "TotalCount" is "2"
    And "ExpressCloudConnectionSet.ExpressCloudConnectionType.#.InstanceId" contains "{a}"
    And "ExpressCloudConnectionSet.ExpressCloudConnectionType.#.InstanceId" contains "{c}"
    When I call DescribeExpressCloudConnections with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | bandwidth   |
      | Filter.1.Value.1 | 10          |
      | Filter.2.Key     | Name        |
      | Filter.2.Value.1 | ecc-c       |
    Then "TotalCount" is "1"
    And "ExpressCloudConnectionSet.ExpressCloudConnectionType.0.InstanceId" is "{c}"
    When I call DescribeExpressCloudConnections with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | Status      |
      | Filter.1.Value.1 | Initial     |
    Then "TotalCount" is "3"
    When I call DescribeExpressCloudConnections with:
      | RegionId   | cn-hangzhou |
      | PageNumber | 2           |
      | PageSize   | 2           |
    Then the answer has:
      | TotalCount | 3 |
      | PageNumber | 2 |
      | PageSize   | 2 |
    And "ExpressCloudConnectionSet.ExpressCloudConnectionType" has 1 item
    When I call DescribeExpressCloudConnections with:
      | RegionId         | cn-hangzhou |
      | Filter.1.Key     | PortType    |
      | Filter.1.Value.1 | 1000Base-T  |
    Then the call fails with "InvalidFilterKey.ValueNotSupported" and HTTP status 404
    And the error message contains "Specified filter key is not supported"
    When I call DescribeExpressCloudConnections with:
      | RegionId | cn-hangzhou |
      | PageSize | 51          |
    Then the call fails with "InvalidParameter" and HTTP status 400
