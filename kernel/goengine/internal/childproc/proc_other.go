//go:build !unix

package childproc

import (
	"os"
	"os/exec"
)

// ownGroup does nothing here: there are no process groups and no
// parent-death signal (nor watchdog), so the commands a child started are
// not reached, and a child whose parent is killed runs on.
func ownGroup(cmd *exec.Cmd, group int) {}

// signalGroup interrupts or kills the child alone.
func signalGroup(cmd *exec.Cmd, group int, kill bool) error {
	if kill {
		return cmd.Process.Kill()
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		return cmd.Process.Kill()
	}
	return nil
}

// terminateGroup has no group to signal here (Wait returns no Job).
func terminateGroup(group int, kill bool) {}

// groupMembers finds none: there are no process groups here.
func groupMembers(group int) []int { return nil }
