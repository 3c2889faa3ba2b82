package gobuild

import (
	"os/exec"
	"runtime"
)

// start starts cmd and returns a channel that gets Wait's result.
//
// The child is started, and waited for, from a goroutine locked to its OS
// thread until Wait returns. On Linux the child has a parent-death signal
// (Pdeathsig, SIGKILL), and Linux sends it when the *thread* that forked
// the child exits, not the process: without the lock, the Go runtime may
// end the forking thread while the child runs, and the child would be
// killed for nothing; with it, the signal comes exactly when the kernel's
// process dies (SIGKILL included), so that no program outlives it.
func start(cmd *exec.Cmd) (<-chan error, error) {
	started := make(chan error, 1)
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		done <- cmd.Wait()
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return done, nil
}
