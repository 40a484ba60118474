package steps

import (
	"bytes"
	"os"
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
