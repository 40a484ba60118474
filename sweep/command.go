package sweep

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// NewCommand prepares a sweep of a command: each run starts argv with the
// run's Env added to the sweep's own environment, and kills it (with its
// process group) at the run's timeout.
func NewCommand(o Options, argv []string) (*Sweeper, error) {
	if len(argv) == 0 {
		return nil, errors.New("no command to sweep: give it after --")
	}
	return newSweeper(o, func(env Env) result { return runCommand(argv, env) })
}

func runCommand(argv []string, env Env) result {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env.Environ()...)
	out := &tailBuffer{max: 16 << 10}
	cmd.Stdout, cmd.Stderr = out, out
	setGroup(cmd)
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		return result{exit: 127, output: "ecmock sweep: " + err.Error()}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return result{exit: exitCode(cmd, err), output: out.String()}
	case <-env.Context.Done():
		killGroup(cmd)
		<-done
		return result{exit: -1, hung: true, output: out.String() + "\n[ecmock sweep: killed at the run's timeout]\n"}
	}
}

func exitCode(cmd *exec.Cmd, err error) int {
	if err == nil {
		return 0
	}
	if cmd.ProcessState != nil && cmd.ProcessState.ExitCode() >= 0 {
		return cmd.ProcessState.ExitCode()
	}
	return 1
}

// tailBuffer keeps the last max bytes written.
type tailBuffer struct {
	mu   sync.Mutex
	max  int
	buf  []byte
	drop bool
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-t.max:]...)
		t.drop = true
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := string(t.buf)
	if t.drop {
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = s[i+1:]
		}
		s = "[...]\n" + s
	}
	return s
}
