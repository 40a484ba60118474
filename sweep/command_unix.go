//go:build unix

package sweep

import (
	"os/exec"
	"syscall"
)

// setGroup starts the command in its own process group, so that a hung run
// is killed with everything it started.
func setGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
