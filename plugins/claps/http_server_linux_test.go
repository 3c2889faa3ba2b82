package claps

import (
	"os/exec"
	"syscall"
)

// The server dies with the test binary, even when a test timeout's panic
// skips the cleanups that would kill it.
func init() {
	serverProcAttr = func(cmd *exec.Cmd) {
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	}
}
