// Package doccheck holds the tests that keep the repository's documents
// self-contained: every relative link points at a file in the repository,
// and no document or source cites reference material a reader cannot find.
package doccheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ecmock/ecmock/internal/catalog"
)

// root is the repository's top directory.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s", dir)
	}
	return dir
}

// files lists the repository's files with one of the suffixes (git's view
// when available, else a walk that skips hidden and ignored folders).
func files(t *testing.T, dir string, suffixes ...string) []string {
	t.Helper()
	var all []string
	if out, err := exec.Command("git", "-C", dir, "ls-files", "--cached", "--others", "--exclude-standard").Output(); err == nil {
		all = strings.Fields(string(out))
	} else {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() && p != dir && (strings.HasPrefix(name, ".") || name == "bin" || name == "reports" || name == "node_modules") {
				return filepath.SkipDir
			}
			if !d.IsDir() {
				rel, _ := filepath.Rel(dir, p)
				all = append(all, rel)
			}
			return nil
		})
	}
	var out []string
	for _, f := range all {
		for _, s := range suffixes {
			if strings.HasSuffix(f, s) {
				if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
					out = append(out, f)
				}
				break
			}
		}
	}
	return out
}

var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestDocLinksPointAtFiles fails on a Markdown link to a file or folder that
// is not in the repository.
func TestDocLinksPointAtFiles(t *testing.T) {
	dir := root(t)
	docs := files(t, dir, ".md")
	if len(docs) < 5 {
		t.Fatalf("found %d Markdown files; want the repository's documents", len(docs))
	}
	for _, doc := range docs {
		b, err := os.ReadFile(filepath.Join(dir, doc))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mdLink.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "#") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			target, _, _ = strings.Cut(target, "#")
			p := filepath.Join(dir, filepath.Dir(doc), target)
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s links to %s, which is not in the repository", doc, m[1])
			}
		}
	}
}

// private are phrases that cite material outside the repository.
var private = regexp.MustCompile(`seed 00\d|\b00\d_[0-9a-f]{16}\.txt|SPEC §|SPEC\.md|CLIENTS\.md|\.\./shared/(?:seeds|hooks|SPEC|CLIENTS|STYLE)|STYLE\.md`)

// TestNoPrivateReferences fails when a document, source or catalogue entry
// cites a file that is not in the repository instead of public material.
func TestNoPrivateReferences(t *testing.T) {
	dir := root(t)
	for _, f := range files(t, dir, ".md", ".go", ".yaml", ".yml", ".feature", ".json", "Makefile", ".mk") {
		if strings.HasPrefix(f, "internal/doccheck/") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if loc := private.FindString(line); loc != "" {
				t.Errorf("%s:%d cites %q, which a reader of the repository cannot find: cite the public API reference, the SDK version or a decision in the catalogue", f, i+1, loc)
			}
		}
	}
}

// sources is the catalogue's vocabulary of where an entry comes from.
var sources = regexp.MustCompile(`^(api-reference|sdk|decided|docs|terraform|gateway)\b`)

// TestCatalogueSourcesArePublic checks that every action, parameter, response
// field, error and quota of the catalogue names a known kind of source.
func TestCatalogueSourcesArePublic(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	check := func(where, src string) {
		if src == "" {
			return // api-reference by default
		}
		if !sources.MatchString(src) {
			t.Errorf("%s: source %q; want api-reference, sdk, decided, docs, terraform or gateway", where, src)
		}
	}
	var field func(where string, f *catalog.Field)
	field = func(where string, f *catalog.Field) {
		check(where+"."+f.Name, f.Source)
		for _, sub := range f.Fields {
			field(where+"."+f.Name, sub)
		}
	}
	n := 0
	for _, pn := range cat.ProductNames() {
		p := cat.Products[pn]
		for an, a := range p.Actions {
			n++
			where := pn + " " + an
			check(where, a.Source)
			for _, prm := range a.Params {
				check(where+" parameter "+prm.Name, prm.Source)
			}
			for _, f := range a.Response {
				field(where+" response", f)
			}
			for _, e := range a.Errors {
				check(where+" error "+e.Code, e.Source)
			}
		}
		for _, q := range p.Quotas {
			check(pn+" quota "+q.Name, q.Source)
		}
	}
	if n < 40 {
		t.Errorf("checked %d actions; want the whole catalogue", n)
	}
}

// TestReadmeListsEveryAction fails when the README's table of what is served
// omits an action the catalogue describes (and the server therefore serves).
func TestReadmeListsEveryAction(t *testing.T) {
	dir := root(t)
	b, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "## What is served")
	if !ok {
		t.Fatal(`README.md has no "## What is served" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	words := map[string]bool{}
	for _, w := range regexp.MustCompile(`[A-Za-z]+`).FindAllString(section, -1) {
		words[w] = true
	}
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, pn := range cat.ProductNames() {
		for an := range cat.Products[pn].Actions {
			if !words[an] {
				t.Errorf("README.md \"What is served\" does not name %s %s", pn, an)
			}
		}
	}
}

// TestSnippetsComeFromTheExample fails when a document's copy of the example
// module's code (between "// snippet:NAME-begin" and "-end") differs from the
// code, which make test builds and runs.
func TestSnippetsComeFromTheExample(t *testing.T) {
	dir := root(t)
	src, err := os.ReadFile(filepath.Join(dir, "examples/netteam/features_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(src), "// snippet:steps-begin\n")
	snippet, _, ok2 := strings.Cut(rest, "// snippet:steps-end")
	if !ok || !ok2 {
		t.Fatal("examples/netteam/features_test.go has no snippet:steps markers")
	}
	snippet = strings.TrimRight(snippet, "\n") + "\n"
	for _, doc := range []string{"features/README.md"} {
		b, err := os.ReadFile(filepath.Join(dir, doc))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "```go\n"+snippet+"```") {
			t.Errorf("%s does not show examples/netteam/features_test.go's snippet verbatim; copy it again:\n%s", doc, snippet)
		}
	}
}
