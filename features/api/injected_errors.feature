@chaos
Feature: Documented codes that no natural scenario produces yet, answered by injection
  These codes are documented for the action but are not produced by a
  natural scenario in this suite (TaskConflict is never produced by state).
  A fault rule makes the action answer the code, and the answer must
  carry the documented HTTP status and the RPC error envelope. Move a row out
  of this table when a natural scenario covers it (make coverage-errors shows
  which rows are natural).

  Scenario Outline: <action> answers <code> with HTTP <status>
    Given <action> fails with <code> for the next 1 call
    When I call <action>
    Then the call fails with "<code>" and HTTP status <status>
    And "RequestId" exists
    And "Recommend" exists
    And fault rules fired 1 time

    Examples:
      | action | code | status |
      | CreateVirtualBorderRouter | TaskConflict | 400 |
      | DeleteVirtualBorderRouter | InvalidOperation.RouterInterfaceNotDeleted | 400 |
      | DeleteVirtualBorderRouter | InvalidOperation.OperationNotAllowedInState | 400 |
      | DeleteVirtualBorderRouter | Forbidden.OperationNotAllowedByUser | 403 |
      | DeleteVirtualBorderRouter | InvalidStatus.NotAllowed | 400 |
      | RecoverVirtualBorderRouter | InvalidVbrId.NotFound | 404 |
      | RecoverVirtualBorderRouter | Forbidden.OperationNotAllowedByUser | 403 |
      | TerminateVirtualBorderRouter | InvalidVbrId.NotFound | 404 |
