package childproc

import (
	"context"
	"errors"
	"os/exec"
	"runtime"
	"time"
)

// ErrInterrupted is Wait's error when the context ended the child.
var ErrInterrupted = errors.New("childproc: interrupted")

// Proc is a started child.
type Proc struct {
	cmd  *exec.Cmd
	done <-chan error // cmd.Wait's result
}

// Start starts cmd in a process group of its own, with the parent-death
// signal where the system has one. It replaces cmd.SysProcAttr.
func Start(cmd *exec.Cmd) (*Proc, error) {
	ownGroup(cmd)
	started := make(chan error, 1)
	done := make(chan error, 1)
	go func() {
		// The parent-death signal comes when the forking thread exits:
		// this goroutine keeps the thread until the child was waited for,
		// so that the Go runtime does not end it (and the child) early.
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
	return &Proc{cmd: cmd, done: done}, nil
}

// Pid is the child's process id, which is also its process group's.
func (p *Proc) Pid() int { return p.cmd.Process.Pid }

// Wait waits for the child and returns cmd.Wait's error. When ctx ends
// first, the child's group gets SIGINT, then SIGKILL after grace (at once
// when grace is 0 or less); Wait returns ErrInterrupted once the child was
// waited for, with nothing of its group left running.
func (p *Proc) Wait(ctx context.Context, grace time.Duration) error {
	select {
	case err := <-p.done:
		return err
	case <-ctx.Done():
	}
	if grace > 0 {
		signalGroup(p.cmd, false)
		select {
		case <-p.done:
		case <-time.After(grace):
			signalGroup(p.cmd, true)
			<-p.done
		}
	} else {
		signalGroup(p.cmd, true)
		<-p.done
	}
	// What the child started and left running (a background job, which a
	// non-interactive shell has ignore SIGINT) is stopped too.
	signalGroup(p.cmd, true)
	return ErrInterrupted
}

// Run starts cmd and waits for it, as Start and Wait.
func Run(ctx context.Context, cmd *exec.Cmd, grace time.Duration) error {
	p, err := Start(cmd)
	if err != nil {
		return err
	}
	return p.Wait(ctx, grace)
}
