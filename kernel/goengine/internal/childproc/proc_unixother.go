//go:build unix && !linux

package childproc

import (
	"os/exec"
	"syscall"
)

// ownGroup puts the child in a process group of its own, so that a signal
// reaches the commands it started too. These systems have no parent-death
// signal: a child whose parent is killed by SIGKILL runs on (a kernel
// stopped normally stops its program first).
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// hasDeathSignal: a child outlives this process when it is killed.
const hasDeathSignal = false
