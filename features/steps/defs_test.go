package steps

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestDefsExamples checks that every example matches its own step and no
// other (godog's strict mode fails ambiguous steps).
func TestDefsExamples(t *testing.T) {
	if err := Check(Defs()); err != nil {
		t.Fatal(err)
	}
}

// TestStepsMarkdownIsCurrent checks features/STEPS.md against the steps.
func TestStepsMarkdownIsCurrent(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("../STEPS.md")
	if err != nil {
		t.Fatalf("features/STEPS.md: %v (generate it: go run ./features/cmd/steplist > features/STEPS.md)", err)
	}
	if !bytes.Equal(have, b.Bytes()) {
		t.Fatal("features/STEPS.md is not current: go run ./features/cmd/steplist > features/STEPS.md")
	}
}

// Every step that moves ecmock's clock or changes what other accounts see is
// classed global (run alone on a shared server): a step whose World method
// calls control.advance, the timing profile or fault rules must be listed.
func TestGlobalStepsIncludeEveryClockMover(t *testing.T) {
	for _, example := range []string{
		`When 7 days pass`,
		`When ecmock time moves forward by "90s"`,
		`Given the timing profile is "instant"`,
		`When I poll DescribePhysicalConnections every 10 seconds until "PhysicalConnectionSet.PhysicalConnectionType.0.Status" is "Allocated" with:`,
		`When the client creates an ECR "ecr"`,
		`Given CreateExpressConnectRouter fails with Conflict.Lock for the next 2 calls`,
	} {
		text := strings.SplitN(strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(example, "When "), "Given "), "Then "), "\n", 2)[0]
		found := false
		for _, re := range globalSteps() {
			if re.MatchString(text) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q is not classed global", text)
		}
	}
	for _, text := range []string{`I call DescribeCens`, `"TotalCount" is "3"`} {
		for _, re := range globalSteps() {
			if re.MatchString(text) {
				t.Errorf("%q is classed global; it touches only the scenario's accounts", text)
			}
		}
	}
}
