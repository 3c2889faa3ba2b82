//go:build linux

package childproc

import (
	"os/exec"
	"syscall"
)

// ownGroup puts the child in a process group of its own, so that a signal
// reaches the commands it started too, and has Linux kill it when the
// thread that started it exits (Start keeps that thread for the child's
// life, so: when this process dies, even by SIGKILL).
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// hasDeathSignal: a child dies with this process.
const hasDeathSignal = true
