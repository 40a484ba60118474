package sweep

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"
)

// Workflow is a client's workflow written as a test body: it fails the run
// with t.Error / t.Fatal (or a panic), as a command fails with a non-zero
// exit. It gets its own testing.TB, so a failure is judged by the sweep (a
// clean failure is fine) instead of failing the enclosing test.
type Workflow func(t testing.TB, env Env)

// Run sweeps a workflow from a Go test with the default options: the
// baseline and every variant run as subtests ("baseline", "variants/CALL
// FAULT") against in-process servers, and a variant whose outcome is in
// DefaultFailOn fails its subtest, naming the fault and what was left.
func Run(t *testing.T, workflow Workflow) *Report {
	t.Helper()
	return RunWith(t, Options{}, workflow)
}

// RunWith is Run with options (Options.Parallel runs variants as parallel
// subtests; FailOn changes which outcomes fail).
func RunWith(t *testing.T, o Options, workflow Workflow) *Report {
	t.Helper()
	s, err := newSweeper(o, goRunner(workflow))
	if err != nil {
		t.Fatalf("sweep: %v", err)
	}
	start := time.Now()
	rep := &Report{Command: t.Name(), FailOn: s.opts.FailOn}
	var b *Baseline
	t.Run("baseline", func(t *testing.T) {
		b, err = s.Baseline()
		if err != nil {
			out := ""
			if b != nil {
				out = b.Output
			}
			t.Fatalf("sweep: %v\n%s", err, out)
		}
		t.Logf("%d calls; final state %v; transitional statuses %v", len(b.Trace), b.State, b.Transitional)
	})
	rep.Baseline = b
	if err != nil || b == nil {
		return rep
	}
	rep.Variants = s.Plan(b)
	sem := make(chan struct{}, s.opts.Parallel)
	t.Run("variants", func(t *testing.T) {
		for _, v := range rep.Variants {
			t.Run(v.Name, func(t *testing.T) {
				if v.Skipped != "" {
					t.Skip(v.Skipped)
				}
				if s.opts.Parallel > 1 {
					t.Parallel()
				}
				sem <- struct{}{}
				defer func() { <-sem }()
				if err := s.RunVariant(v, b); err != nil {
					t.Fatalf("sweep: %v", err)
				}
				if v.Skipped != "" {
					t.Skip(v.Skipped)
				}
				if in(s.opts.FailOn, v.Outcome) {
					t.Errorf("%s\n%s", Describe(v), indent(v.Output))
				} else {
					t.Log(Describe(v))
				}
			})
		}
	})
	rep.tally()
	rep.Duration = time.Since(start)
	t.Logf("sweep: %s", Summary(rep))
	return rep
}

// Sweep runs a whole sweep of a workflow outside the testing framework's
// subtests and returns the report (for tests that assert on outcomes, and
// for programs). The error says why the sweep could not be judged.
func Sweep(o Options, workflow Workflow) (*Report, error) {
	s, err := newSweeper(o, goRunner(workflow))
	if err != nil {
		return nil, err
	}
	return s.All("go workflow")
}

func indent(s string) string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return ""
	}
	return "    | " + strings.ReplaceAll(s, "\n", "\n    | ")
}

// goRunner runs a workflow in its own goroutine with a runT. A run still
// going at the timeout is abandoned (its Context is done; a Go function
// cannot be killed) and reported hung.
func goRunner(w Workflow) runner {
	return func(env Env) result {
		rt := &runT{name: env.Variant, ctx: env.Context, out: &tailBuffer{max: 16 << 10}}
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer rt.runCleanups()
			defer func() {
				if p := recover(); p != nil {
					rt.Errorf("panic: %v\n%s", p, debug.Stack())
				}
			}()
			w(rt, env)
		}()
		select {
		case <-done:
			if rt.Failed() {
				return result{exit: 1, output: rt.out.String()}
			}
			return result{exit: 0, output: rt.out.String()}
		case <-env.Context.Done():
			return result{exit: -1, hung: true, output: rt.out.String() + "\n[ecmock sweep: abandoned at the run's timeout]\n"}
		}
	}
}

// runT is the testing.TB a workflow run gets. The embedded TB is nil: every
// method is implemented here.
type runT struct {
	testing.TB
	name string
	ctx  context.Context
	out  *tailBuffer

	mu       sync.Mutex
	failed   bool
	skipped  bool
	cleanups []func()
}

func (r *runT) Name() string                    { return r.name }
func (r *runT) Context() context.Context        { return r.ctx }
func (r *runT) Output() io.Writer               { return r.out }
func (r *runT) Helper()                         {}
func (r *runT) Attr(string, string)             {}
func (r *runT) Log(args ...any)                 { r.logLine(fmt.Sprintln(args...)) }
func (r *runT) Logf(format string, args ...any) { r.logLine(fmt.Sprintf(format, args...)) }
func (r *runT) logLine(s string) {
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	_, _ = r.out.Write([]byte(s))
}
func (r *runT) Fail() {
	r.mu.Lock()
	r.failed = true
	r.mu.Unlock()
}
func (r *runT) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed
}
func (r *runT) FailNow()                          { r.Fail(); runtime.Goexit() }
func (r *runT) Error(args ...any)                 { r.Log(args...); r.Fail() }
func (r *runT) Errorf(format string, args ...any) { r.Logf(format, args...); r.Fail() }
func (r *runT) Fatal(args ...any)                 { r.Log(args...); r.FailNow() }
func (r *runT) Fatalf(format string, args ...any) { r.Logf(format, args...); r.FailNow() }
func (r *runT) SkipNow() {
	r.mu.Lock()
	r.skipped = true
	r.mu.Unlock()
	runtime.Goexit()
}
func (r *runT) Skip(args ...any)                 { r.Log(args...); r.SkipNow() }
func (r *runT) Skipf(format string, args ...any) { r.Logf(format, args...); r.SkipNow() }
func (r *runT) Skipped() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.skipped
}
func (r *runT) Setenv(string, string) {
	r.Fatal("sweep: Setenv is not available in a swept workflow (variants may run in parallel)")
}
func (r *runT) Chdir(string) {
	r.Fatal("sweep: Chdir is not available in a swept workflow (variants may run in parallel)")
}
func (r *runT) Cleanup(f func()) {
	r.mu.Lock()
	r.cleanups = append(r.cleanups, f)
	r.mu.Unlock()
}
func (r *runT) TempDir() string {
	d, err := os.MkdirTemp("", "ecmock-sweep-")
	if err != nil {
		r.Fatalf("TempDir: %v", err)
	}
	r.Cleanup(func() { _ = os.RemoveAll(d) })
	return d
}
func (r *runT) ArtifactDir() string { return r.TempDir() }

// runCleanups runs the workflow's cleanups, last added first (before the
// sweep reads the final state).
func (r *runT) runCleanups() {
	for {
		r.mu.Lock()
		n := len(r.cleanups)
		if n == 0 {
			r.mu.Unlock()
			return
		}
		f := r.cleanups[n-1]
		r.cleanups = r.cleanups[:n-1]
		r.mu.Unlock()
		func() {
			defer func() {
				if p := recover(); p != nil {
					r.Errorf("panic in cleanup: %v", p)
				}
			}()
			f()
		}()
	}
}
