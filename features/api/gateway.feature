Feature: The RPC gateway: versions, actions, methods and signatures
  One listener serves Vpc (2016-04-28), Cbn (2017-09-12) and
  ExpressConnectRouter (2023-09-01), chosen by Version. Every request is
  signed (v1 HMAC-SHA1) with a known access key; a nonce is used once; the
  timestamp is within 15 minutes. These common errors are answered by any
  action.

  Scenario: an unknown action of a product
    When I call NoSuchAction on version "2016-04-28"
    Then the call fails with "InvalidAction.NotFound" and HTTP status 404

  Scenario: an unknown version
    When I call DescribePhysicalConnections on version "1999-01-01"
    Then the call fails with "InvalidVersion" and HTTP status 400

  Scenario: a request without Version
    When I send DescribePhysicalConnections as a raw GET request with:
      | Version | <absent> |
    Then the call fails with "MissingParameter" and HTTP status 400

  Scenario: a PUT is not served
    When I send DescribePhysicalConnections as a raw PUT request with:
      | RegionId | cn-hangzhou |
    Then the call fails with "UnsupportedHTTPMethod" and HTTP status 400

  Scenario: a GET request signed by hand is served
    When I send DescribePhysicalConnections as a raw GET request with:
      | RegionId | cn-hangzhou |
    Then the call succeeds
    And "RequestId" matches "^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$"

  Scenario: a wrong secret does not match, and the message shows the server's string to sign
    When I send DescribePhysicalConnections as a raw GET request with:
      | secret | not-the-secret |
    Then the call fails with "SignatureDoesNotMatch" and HTTP status 400
    And the error message contains "server string to sign is:GET&%2F&"

  Scenario: an unknown access key
    When I send DescribePhysicalConnections as a raw GET request with:
      | AccessKeyId | LTAI-nobody |
    Then the call fails with "InvalidAccessKeyId.NotFound" and HTTP status 404

  Scenario: a request without a signature
    When I send DescribePhysicalConnections as a raw GET request with:
      | Signature | <absent> |
    Then the call fails with "IncompleteSignature" and HTTP status 400

  Scenario: a nonce is used once
    When I send DescribePhysicalConnections as a raw GET request with:
      | SignatureNonce | nonce-{scenario} |
    Then the call succeeds
    When I send DescribePhysicalConnections as a raw GET request with:
      | SignatureNonce | nonce-{scenario} |
    Then the call fails with "SignatureNonceUsed" and HTTP status 400

  Scenario: a timestamp far from now has expired
    When I send DescribePhysicalConnections as a raw GET request with:
      | Timestamp | 2020-01-01T00:00:00Z |
    Then the call fails with "InvalidTimeStamp.Expired" and HTTP status 400

  Scenario: a timestamp in another format
    When I send DescribePhysicalConnections as a raw GET request with:
      | Timestamp | yesterday |
    Then the call fails with "InvalidTimeStamp.Format" and HTTP status 400

  Scenario: a body that cannot be parsed
    When I send DescribePhysicalConnections as a raw POST request with:
      | body | %zz |
    Then the call fails with "InvalidParameter.Format" and HTTP status 400

  Scenario: a boolean that is not a boolean
    When I call DescribePhysicalConnections with:
      | IncludeReservationData | maybe |
    Then the call fails with "InvalidParameter" and HTTP status 400

  Scenario: XML answers on request
    When I send DescribePhysicalConnections as a raw GET request with:
      | Format | XML |
    Then the call succeeds

  @chaos
  Scenario Outline: transient gateway failures are injected (<code>)
    Given DescribeCens fails with <code> for the next 1 call
    When I call DescribeCens
    Then the call fails with "<code>" and HTTP status <status>
    When I call DescribeCens
    Then the call succeeds

    Examples:
      | code               | status |
      | Throttling.User    | 400    |
      | Throttling         | 400    |
      | InternalError      | 500    |
      | ServiceUnavailable | 503    |

  @chaos
  Scenario: an injected connection reset gives no answer
    Given DescribeCens calls have their connection reset for the next 1 call
    When I call DescribeCens
    Then the call gets no answer
    When I call DescribeCens
    Then the call succeeds
