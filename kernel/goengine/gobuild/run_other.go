//go:build !unix

package gobuild

import (
	"os"
	"os/exec"
)

func newProcessGroup(cmd *exec.Cmd) {}

// signalGroup interrupts or kills the program (its children are not
// reached outside Unix).
func signalGroup(cmd *exec.Cmd, kill bool) {
	if kill {
		cmd.Process.Kill()
		return
	}
	if cmd.Process.Signal(os.Interrupt) != nil {
		cmd.Process.Kill()
	}
}
