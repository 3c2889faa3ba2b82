//go:build unix

package gobuild

import (
	"os/exec"
	"syscall"
)

// newProcessGroup puts the program in a process group of its own, so that
// an interrupt reaches the commands it started too.
func newProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// signalGroup sends SIGINT (kill false) or SIGKILL to the program's group.
func signalGroup(cmd *exec.Cmd, kill bool) {
	sig := syscall.SIGINT
	if kill {
		sig = syscall.SIGKILL
	}
	syscall.Kill(-cmd.Process.Pid, sig)
}
