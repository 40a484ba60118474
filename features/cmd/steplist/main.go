// Command steplist prints the ecmock step library's steps as Markdown:
//
//	go run ./features/cmd/steplist > features/STEPS.md
package main

import (
	"fmt"
	"os"

	"github.com/ecmock/ecmock/features/steps"
)

func main() {
	if err := steps.WriteMarkdown(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "steplist:", err)
		os.Exit(1)
	}
}
