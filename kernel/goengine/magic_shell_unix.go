//go:build unix

package goengine

import (
	"os/exec"
	"syscall"
)

// newProcessGroup puts the command in a process group of its own, so that
// an interrupt reaches everything it started (pipelines, subshells).
func newProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// signalGroup sends SIGINT (kill false) or SIGKILL to the command's group.
func signalGroup(cmd *exec.Cmd, kill bool) {
	sig := syscall.SIGINT
	if kill {
		sig = syscall.SIGKILL
	}
	syscall.Kill(-cmd.Process.Pid, sig)
}
