//go:build linux

package childproc

import (
	"os/exec"
	"syscall"
)

// ownGroup puts the child in a process group of its own (the watchdog's
// when group is not 0), so that a signal reaches the commands it started
// too, and has Linux kill it when the thread that started it exits (Start
// keeps that thread for the child's life, so: when this process dies,
// even by SIGKILL).
func ownGroup(cmd *exec.Cmd, group int) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pgid: group, Pdeathsig: syscall.SIGKILL}
}
