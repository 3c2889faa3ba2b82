//go:build !unix

package goengine

import "os/exec"

func newProcessGroup(cmd *exec.Cmd) {}

// signalGroup can only kill the command itself here.
func signalGroup(cmd *exec.Cmd, kill bool) { cmd.Process.Kill() }
