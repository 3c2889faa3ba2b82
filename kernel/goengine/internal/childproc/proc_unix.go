//go:build unix

package childproc

import (
	"os/exec"
	"syscall"
)

// signalGroup sends SIGINT (kill false) or SIGKILL to the child's group.
func signalGroup(cmd *exec.Cmd, group int, kill bool) error {
	sig := syscall.SIGINT
	if kill {
		sig = syscall.SIGKILL
	}
	return syscall.Kill(-group, sig)
}

// terminateGroup sends group SIGTERM (kill false) or SIGKILL.
func terminateGroup(group int, kill bool) {
	sig := syscall.SIGTERM
	if kill {
		sig = syscall.SIGKILL
	}
	syscall.Kill(-group, sig)
}
