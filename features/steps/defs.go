package steps

import (
	"fmt"
	"regexp"
)

// Def is one step of the library: its expression, an example of its use,
// what it does, and the World method that runs it.
type Def struct {
	Group   string
	Expr    string
	Example string
	Doc     string
	fn      func(w *World) any
}

const (
	q      = `"([^"]*)"`
	status = `("[^"]+"|[A-Za-z][\w-]*)`
	units  = `(seconds?|minutes?|hours?|days?|weeks?)`
)

// Defs lists every step of the library in documentation order.
func Defs() []Def {
	noun := nounPattern()
	return []Def{
		// Accounts and target
		{"Accounts and calls", `^I am account ` + q + `$`, `Given I am account "B"`,
			"Following calls are signed with that account's keys (A and B are the two built-in accounts; {uid} becomes its UID, {A.uid} and {B.uid} are always set).",
			func(w *World) any { return w.iAmAccount }},
		{"Accounts and calls", `^the region is ` + q + `$`, `Given the region is "cn-shanghai"`,
			"The client's region (the SDK adds it as RegionId when a call names none); also {region}.",
			func(w *World) any { return w.theRegionIs }},
		{"Accounts and calls", `^I call (\w+)$`, `When I call DescribeExpressConnectRouter`,
			"Calls an action without parameters (the product and version come from the catalogue), signed with the official Go SDK (or the configured Transport).",
			func(w *World) any { return w.iCall }},
		{"Accounts and calls", `^I call (\w+) with:$`, "When I call CreateExpressConnectRouter with:\n  | AlibabaSideAsn | 45104 |\n  | Name           | ecr-{scenario} |",
			"Calls an action with a parameter table (name | value; lists flattened as Tag.1.Key). {name} is replaced by a remembered value; {scenario} is unique per scenario.",
			func(w *World) any { return w.iCallWith }},
		{"Accounts and calls", `^I call (\w+) of (\w+) with:$`, "When I call TagResources of ExpressConnectRouter with:\n  | ResourceType | EXPRESSCONNECTROUTER |\n  | ResourceId.1 | {ecr}                |\n  | Tag.1.Key    | env                  |",
			"Calls an action of a named product (for action names several products serve: TagResources, UntagResources, ListTagResources, MoveResourceGroup; the plain step takes the first product by name).",
			func(w *World) any { return w.iCallOfWith }},
		{"Accounts and calls", `^I call (\w+) (\d+) times with:$`, "When I call ListTransitRouterEcrAttachments 5 times with:\n  | TransitRouterAttachmentId | {attachment} |",
			"Makes the same call n times (to drive `reads` transitions).",
			func(w *World) any { return w.iCallNTimesWith }},
		{"Accounts and calls", `^I call (\w+) (\d+) times$`, `When I call DescribeCens 3 times`,
			"Makes the same call without parameters n times.",
			func(w *World) any { return w.iCallNTimes }},
		{"Accounts and calls", `^I repeat the last call$`, `When I repeat the last call`,
			"Sends the last call again with the same parameters (ClientToken included), as the current account.",
			func(w *World) any { return w.iRepeatTheLastCall }},
		{"Accounts and calls", `^I call (\w+) on version ` + q + `$`, `When I call NoSuchAction on version "2016-04-28"`,
			"Calls any action name under an API version, known or not.",
			func(w *World) any { return w.iCallWithVersion }},
		{"Accounts and calls", `^I poll (\w+) every (\d+) ` + units + ` until ` + q + ` is ` + q + ` with:$`,
			"When I poll DescribePhysicalConnections every 10 seconds until \"PhysicalConnectionSet.PhysicalConnectionType.0.Status\" is \"Allocated\" with:\n  | Filter.1.Key     | PhysicalConnectionId |\n  | Filter.1.Value.1 | {pc}                 |",
			"Calls the action, and until the gjson path has the value advances ecmock's clock by the interval and calls again (at most 200 calls).",
			func(w *World) any { return w.iPollUntil }},
		{"Accounts and calls", `^I send (\w+) as a raw (GET|POST|PUT|DELETE|PATCH) request with:$`,
			"When I send DescribePhysicalConnections as a raw GET request with:\n  | SignatureNonce | nonce-{scenario} |",
			"Sends a hand-signed v1 request: rows override the common parameters, <absent> removes one, a secret row signs with another secret, a body row is sent as a form body, a Signature row is sent as given. For the gateway's own checks.",
			func(w *World) any { return w.iSendRaw }},

		// Remembering
		{"Remembering values", `^I remember ` + q + ` as ` + q + `$`, `And I remember "PhysicalConnectionId" as "pc"`,
			"Remembers a value of the last answer by gjson path; later steps and tables use it as {pc}.",
			func(w *World) any { return w.iRememberAs }},

		// Answers
		{"Checking answers", `^the call succeeds$`, `Then the call succeeds`,
			"The last call was answered 2xx.",
			func(w *World) any { return w.theCallSucceeds }},
		{"Checking answers", `^the call fails with ` + q + `$`, `Then the call fails with "Conflict.Lock"`,
			"The last call was answered with that error code.",
			func(w *World) any { return w.theCallFailsWith }},
		{"Checking answers", `^the call fails with ` + q + ` and HTTP status (\d+)$`, `Then the call fails with "ResourceNotFound.EcrId" and HTTP status 404`,
			"The last call was answered with that error code and HTTP status.",
			func(w *World) any { return w.theCallFailsWithStatus }},
		{"Checking answers", `^the HTTP status is (\d+)$`, `Then the HTTP status is 200`,
			"The last call's HTTP status.",
			func(w *World) any { return w.theHTTPStatusIs }},
		{"Checking answers", `^the error message contains ` + q + `$`, `Then the error message contains "server string to sign is:"`,
			"The last call's error Message contains the text.",
			func(w *World) any { return w.theErrorMessageContains }},
		{"Checking answers", `^the call gets no answer$`, `Then the call gets no answer`,
			"The last call failed on the network (reset, dropped, truncated).",
			func(w *World) any { return w.theCallGetsNoAnswer }},
		{"Checking answers", `^` + q + ` is ` + q + `$`, `Then "EcrList.0.Status" is "ACTIVE"`,
			"A field of the last answer (gjson path) equals the text (numbers and booleans as JSON writes them).",
			func(w *World) any { return w.fieldIs }},
		{"Checking answers", `^` + q + ` is not ` + q + `$`, `Then "Status" is not "Attaching"`,
			"A field of the last answer differs from the text (or is absent).",
			func(w *World) any { return w.fieldIsNot }},
		{"Checking answers", `^` + q + ` matches ` + q + `$`, `Then "EcrId" matches "^ecr-[0-9a-z]+$"`,
			"A field of the last answer matches a regular expression.",
			func(w *World) any { return w.fieldMatches }},
		{"Checking answers", `^` + q + ` exists$`, `Then "RequestId" exists`,
			"A field is present in the last answer.",
			func(w *World) any { return w.fieldExists }},
		{"Checking answers", `^` + q + ` does not exist$`, `Then "NextToken" does not exist`,
			"A field is absent from the last answer.",
			func(w *World) any { return w.fieldDoesNotExist }},
		{"Checking answers", `^` + q + ` has (\d+) items?$`, `Then "EcrList" has 2 items`,
			"A list of the last answer has that many items (an absent list has none).",
			func(w *World) any { return w.fieldHasItems }},
		{"Checking answers", `^` + q + ` contains ` + q + `$`, `Then "EcrList.#.EcrId" contains "{ecr}"`,
			"A list has an item equal to the text, or a string field contains it.",
			func(w *World) any { return w.fieldContains }},
		{"Checking answers", `^` + q + ` does not contain ` + q + `$`, `Then "EcrList.#.EcrId" does not contain "{ecr}"`,
			"A list has no item equal to the text, or a string field does not contain it.",
			func(w *World) any { return w.fieldDoesNotContain }},
		{"Checking answers", `^` + q + ` is at least (-?\d+(?:\.\d+)?)$`, `Then "TotalCount" is at least 1`,
			"A numeric field is at least the number.",
			func(w *World) any { return w.fieldIsAtLeast }},
		{"Checking answers", `^the answer has:$`, "Then the answer has:\n  | Success        | true |\n  | HttpStatusCode | 200  |",
			"Every gjson path of the table has its value.",
			func(w *World) any { return w.theAnswerHas }},
		{"Checking answers", `^the answer includes JSON:$`, "Then the answer includes JSON:\n  \"\"\"\n  {\"Success\": true, \"Code\": \"200\"}\n  \"\"\"",
			"The last answer includes the JSON, compared semantically (objects may have more members).",
			func(w *World) any { return w.theAnswerIncludesJSON }},

		// Faults and scenarios
		{"Faults and scenarios", `^(\w+) fails with ([\w.%]+) for the next (\d+) calls?$`, `Given CreateExpressConnectRouter fails with Conflict.Lock for the next 2 calls`,
			"Adds a fault rule (POST /_ecmock/faults): the next n calls of the action answer the code (a family name such as QuotaExceeded picks the action's code). Tag such scenarios @chaos.",
			func(w *World) any { return w.actionFailsForNextCalls }},
		{"Faults and scenarios", `^(\w+) fails with ([\w.%]+) on call (\d+)$`, `Given DeleteExpressConnectRouter fails with Conflict.Lock on call 1`,
			"The n-th call of the action (counted from now) answers the code.",
			func(w *World) any { return w.actionFailsOnCall }},
		{"Faults and scenarios", `^(\w+) always fails with ([\w.%]+)$`, `Given CreateTransitRouterEcrAttachment always fails with IncorrectStatus.TransitRouter`,
			"Every call of the action answers the code.",
			func(w *World) any { return w.actionAlwaysFails }},
		{"Faults and scenarios", `^(\w+) calls have their connection reset for the next (\d+) calls?$`, `Given CreateExpressConnectRouter calls have their connection reset for the next 1 call`,
			"The next n calls of the action get no answer (connection reset).",
			func(w *World) any { return w.actionConnectionReset }},
		{"Faults and scenarios", `^` + noun + ` stay ` + status + ` for (\d+) reads$`, `Given transit router ECR attachments stay Attaching for 5 reads`,
			"A lifecycle rule: resources of that kind leave the status (to the catalogue's next status) only after n reads.",
			func(w *World) any { return w.stayForReads }},
		{"Faults and scenarios", `^resource ` + q + ` stays ` + status + ` for (\d+) reads$`, `Given resource "{att}" stays Attaching for 3 reads`,
			"A lifecycle rule for one resource, by ID: it leaves the status (to the catalogue's next status) only after n reads; others of its kind are not held.",
			func(w *World) any { return w.resourceStaysForReads }},
		{"Faults and scenarios", `^` + noun + ` stay ` + status + ` for (\d+) ` + units + `$`, `Given physical connections stay Allocating for 3 days`,
			"A lifecycle rule: resources of that kind leave the status after that much ecmock time.",
			func(w *World) any { return w.stayForDuration }},
		{"Faults and scenarios", `^` + noun + ` stay ` + status + ` forever$`, `Given ECR associations stay CREATING forever`,
			"A lifecycle rule: resources of that kind never leave the status on their own.",
			func(w *World) any { return w.stayForever }},
		{"Faults and scenarios", `^` + noun + ` go from ` + status + ` to ` + status + `$`, `Given physical connections go from Initial to Rejected`,
			"A lifecycle diversion: the automatic transition from that status leads elsewhere (Rejected, \"Allocation Failed\").",
			func(w *World) any { return w.goFromTo }},
		{"Faults and scenarios", `^the fault rule:$`, "Given the fault rule:\n  \"\"\"\n  match: {action: DeleteExpressConnectRouter}\n  when: {calls: \"1-3\"}\n  do: {error: Conflict.Lock}\n  \"\"\"",
			"Adds any fault rule (YAML or JSON, scenarios/README.md).",
			func(w *World) any { return w.theFaultRule }},
		{"Faults and scenarios", `^the scenario ` + q + `$`, `Given the scenario "lock-contention"`,
			"Applies a shipped scenario by name (POST /_ecmock/scenarios/{name}).",
			func(w *World) any { return w.theScenarioNamed }},
		{"Faults and scenarios", `^the scenario:$`, "Given the scenario:\n  \"\"\"\n  name: tight-quota\n  accounts:\n    - {accessKeyId: \"{A.key}\", quotas: {EcrCountPerUser: 1}}\n  \"\"\"",
			"Applies a scenario given inline (YAML or JSON, scenarios/README.md).",
			func(w *World) any { return w.theScenario }},
		{"Faults and scenarios", `^fault rules fired (\d+) times?$`, `Then fault rules fired 2 times`,
			"The fault rules added in this scenario fired that often in total (from the journal).",
			func(w *World) any { return w.theFaultRuleFired }},

		// Fixtures, quotas, time
		{"Fixtures, quotas and time", `^an? ` + status + ` ` + noun + ` ` + q + `$`, `Given an Enabled physical connection "pc"`,
			"A resource that exists before the first call (a scenario fixture of the current account and region); its ID is remembered as {pc}.",
			func(w *World) any { return w.aFixture }},
		{"Fixtures, quotas and time", `^an? ` + status + ` ` + noun + ` ` + q + ` with:$`, "Given an Enabled physical connection \"pc\" with:\n  | Bandwidth | 100 |",
			"A fixture with documented attributes.",
			func(w *World) any { return w.aFixtureWith }},
		{"Fixtures, quotas and time", `^an? ` + status + ` ` + noun + ` ` + q + ` of account ` + q + `$`, `Given an Enabled physical connection "pc" of account "B"`,
			"A fixture owned by another account.",
			func(w *World) any { return w.aFixtureOf }},
		{"Fixtures, quotas and time", `^an? ` + status + ` ` + noun + ` ` + q + ` of account ` + q + ` with:$`, "Given an Enabled physical connection \"pc\" of account \"B\" with:\n  | Bandwidth | 100 |",
			"A fixture with attributes owned by another account.",
			func(w *World) any { return w.aFixtureOfWith }},
		{"Fixtures, quotas and time", `^my quota ` + q + ` is (\d+)$`, `Given my quota "EcrCountPerUser" is 1`,
			"Overrides a quota of the current account.",
			func(w *World) any { return w.myQuota }},
		{"Fixtures, quotas and time", `^account ` + q + ` has quota ` + q + ` of (\d+)$`, `Given account "B" has quota "EcrCountPerUser" of 0`,
			"Overrides a quota of an account.",
			func(w *World) any { return w.accountQuota }},
		{"Fixtures, quotas and time", `^account ` + q + ` is not whitelisted for ECR$`, `Given account "A" is not whitelisted for ECR`,
			"The account may not create ECRs (OperationFailed.UserNotInWhiteList).",
			func(w *World) any { return w.accountNotWhitelisted }},
		{"Fixtures, quotas and time", `^account ` + q + ` has the flag ` + q + `$`, `Given account "B" has the flag "transitRouterServiceNotOpen"`,
			"Sets an account flag of the credentials file (see the catalogue notes for the flags each product reads).",
			func(w *World) any { return w.accountHasFlag }},
		{"Fixtures, quotas and time", `^the timing profile is ` + q + `$`, `Given the timing profile is "instant"`,
			"Automatic transitions take no time (instant), about a second (fast, the default) or realistic durations.",
			func(w *World) any { return w.theTimingProfileIs }},
		{"Fixtures, quotas and time", `^the cloud moves ` + q + ` to ` + q + `$`, `When the cloud moves "{pc}" to "Confirmed"`,
			"Forces a cloud-side transition (POST /_ecmock/resources/{id}/status).",
			func(w *World) any { return w.theCloudMoves }},
		{"Fixtures, quotas and time", `^(\d+) ` + units + ` pass(?:es)?$`, `When 7 days pass`,
			"Moves ecmock's clock forward.",
			func(w *World) any { return w.timePasses }},
		{"Fixtures, quotas and time", `^ecmock time moves forward by ` + q + `$`, `When ecmock time moves forward by "90s"`,
			"Moves ecmock's clock by a Go duration.",
			func(w *World) any { return w.timePassesDuration }},

		// Journal
		{"Journal", `^ecmock received (\d+) (\w+) calls?$`, `Then ecmock received 3 CreateExpressConnectRouter calls`,
			"The journal holds that many calls of the action in this scenario (any account, any answer).",
			func(w *World) any { return w.ecmockReceived }},
		{"Journal", `^ecmock received no (\w+) calls?$`, `Then ecmock received no DeleteExpressConnectRouter call`,
			"The journal holds no call of the action in this scenario.",
			func(w *World) any { return w.ecmockReceivedNo }},
		{"Journal", `^ecmock answered (\d+) (\w+) calls? with ([\w.%]+)$`, `Then ecmock answered 2 CreateExpressConnectRouter calls with Conflict.Lock`,
			"That many calls of the action were answered with the code (OK: successes).",
			func(w *World) any { return w.ecmockAnswered }},
		{"Journal", `^the last (\w+) call carried ` + q + ` = ` + q + `$`, `Then the last CreateExpressConnectRouter call carried "AlibabaSideAsn" = "45104"`,
			"The last call of the action carried the parameter with the value.",
			func(w *World) any { return w.theLastCallCarried }},
		{"Journal", `^every (\w+) call carried the same ` + q + `$`, `Then every CreateExpressConnectRouter call carried the same "ClientToken"`,
			"Every call of the action carried the parameter, with one value (retries repeat their idempotency token).",
			func(w *World) any { return w.everyCallCarried }},

		// Client
		{"Your client", `^the client creates an? ` + noun + ` ` + q + `$`, `When the client creates an ECR "ecr"`,
			"The plugged-in Client creates a resource with its defaults; its ID is remembered.",
			func(w *World) any { return w.theClientCreates }},
		{"Your client", `^the client creates an? ` + noun + ` ` + q + ` with:$`, "When the client creates an ECR \"ecr\" with:\n  | AlibabaSideAsn | 45104 |",
			"The plugged-in Client creates a resource from the parameters; its ID is remembered.",
			func(w *World) any { return w.theClientCreatesWith }},
		{"Your client", `^the client waits for ` + noun + ` ` + q + ` to be ` + q + `$`, `When the client waits for transit router ECR attachment "{att}" to be "Attached"`,
			"The client polls until the resource has the status or its deadline passes.",
			func(w *World) any { return w.theClientWaitsFor }},
		{"Your client", `^the client waits for ` + noun + ` ` + q + ` of ` + q + ` to be ` + q + `$`, `When the client waits for ECR association "{assoc}" of "{ecr}" to be "ACTIVE"`,
			"The client polls a resource read through its parent until it has the status (the client must implement steps.ChildWaiter).",
			func(w *World) any { return w.theClientWaitsForChild }},
		{"Your client", `^the client modifies ` + noun + ` ` + q + ` with:$`, "When the client modifies ECR \"{ecr}\" with:\n  | Name | renamed-{scenario} |",
			"The client changes the resource's attributes (the client must implement steps.Modifier).",
			func(w *World) any { return w.theClientModifies }},
		{"Your client", `^the client calls (\w+) with:$`, "When the client calls DescribeCens with:\n  | PageSize | 10 |",
			"The client calls any action through its own stack, retries included (the client must implement steps.Caller).",
			func(w *World) any { return w.theClientCalls }},
		{"Your client", `^the client deletes ` + noun + ` ` + q + `$`, `When the client deletes ECR "{ecr}"`,
			"The client deletes the resource and waits until it is gone.",
			func(w *World) any { return w.theClientDeletes }},
		{"Your client", `^the client succeeds$`, `Then the client succeeds`,
			"The client's last operation returned no error.",
			func(w *World) any { return w.theClientSucceeds }},
		{"Your client", `^the client fails with ` + q + `$`, `Then the client fails with "QuotaExceeded.EcrCount"`,
			"The client's last operation returned an error with that code.",
			func(w *World) any { return w.theClientFailsWith }},
		{"Your client", `^the client's error has HTTP status (\d+)$`, `Then the client's error has HTTP status 404`,
			"The client's last operation failed with an API error of that HTTP status (read by steps.HTTPStatus).",
			func(w *World) any { return w.theClientErrorHasStatus }},
		{"Your client", `^the client gives up$`, `Then the client gives up`,
			"The client's last operation returned an error.",
			func(w *World) any { return w.theClientFails }},
		{"Your client", `^the client's error mentions ` + q + `$`, `Then the client's error mentions "deadline"`,
			"The client's error text says what went wrong.",
			func(w *World) any { return w.theClientErrorMentions }},
		{"Your client", `^the client did not retry (\w+)$`, `Then the client did not retry CreateExpressConnectRouter`,
			"ecmock received exactly one call of the action (no retry).",
			func(w *World) any { return w.theClientDidNotRetry }},
		{"Your client", `^the client retried (\w+) (\d+) times?$`, `Then the client retried CreateExpressConnectRouter 2 times`,
			"ecmock received n+1 calls of the action.",
			func(w *World) any { return w.theClientRetried }},
		{"Your client", `^the client never polled (\w+) more often than every (\d+) ` + units + `$`, `Then the client never polled ListTransitRouterEcrAttachments more often than every 3 seconds`,
			"Consecutive calls of the action are at least that far apart in ecmock time.",
			func(w *World) any { return w.theClientNeverPolledFaster }},
		{"Your client", `^the client slept (\d+) times?$`, `Then the client slept 2 times`,
			"The client asked for that many waits (ClientEnv.Sleep).",
			func(w *World) any { return w.theClientSleptTimes }},
		{"Your client", `^the client slept ((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+(?:,? (?:and )?(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)*)$`, `Then the client slept 1s, 2s, 4s`,
			"The client's waits (ClientEnv.Sleep), exactly and in order: its backoff sequence.",
			func(w *World) any { return w.theClientSleptSequence }},
		{"Your client", `^the client waited at most (\d+) ` + units + ` in total$`, `Then the client waited at most 20 minutes in total`,
			"The client's waits add up to no more than that.",
			func(w *World) any { return w.theClientSleptAtMost }},
	}
}

// Check verifies that every step's example matches its own expression and
// no other step's (ambiguous steps fail strict suites).
func Check(defs []Def) error {
	res := make([]*regexp.Regexp, len(defs))
	for i, d := range defs {
		re, err := regexp.Compile(d.Expr)
		if err != nil {
			return fmt.Errorf("step %q: %v", d.Expr, err)
		}
		res[i] = re
	}
	for i, d := range defs {
		line := firstLine(d.Example)
		text := stripKeyword(line)
		for j, re := range res {
			m := re.MatchString(text)
			if i == j && !m {
				return fmt.Errorf("example %q does not match its step %s", line, d.Expr)
			}
			if i != j && m {
				return fmt.Errorf("example %q matches two steps: %s and %s", line, d.Expr, defs[j].Expr)
			}
		}
	}
	return nil
}

func firstLine(s string) string {
	for i, c := range s {
		if c == '\n' {
			return s[:i]
		}
	}
	return s
}

var keywordRE = regexp.MustCompile(`^(Given|When|Then|And|But) `)

func stripKeyword(s string) string { return keywordRE.ReplaceAllString(s, "") }
