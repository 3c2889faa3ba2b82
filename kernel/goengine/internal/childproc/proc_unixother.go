//go:build unix && !linux

package childproc

import (
	"os/exec"
	"syscall"
)

// ownGroup puts the child in a process group of its own (the watchdog's
// when group is not 0), so that a signal reaches the commands it started
// too. These systems have no parent-death signal: the watchdog alone
// kills a child whose parent is killed.
func ownGroup(cmd *exec.Cmd, group int) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pgid: group}
}
