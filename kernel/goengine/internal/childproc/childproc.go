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
	cmd      *exec.Cmd
	group    int          // its process group
	watchdog bool         // group is the watchdog's
	done     <-chan error // cmd.Wait's result
	unwatch  func()       // ends the watchdog (watch)
}

// Start starts cmd in a process group of its own, with the parent-death
// signal where the system has one and a watchdog that kills the group when
// this process dies (unix). It replaces cmd.SysProcAttr. Wait must be
// called, to end the watchdog.
func Start(cmd *exec.Cmd) (*Proc, error) {
	// The watchdog comes first and the child joins its group: whenever
	// this process dies after the child started, the watchdog is there.
	group, unwatch := watch()
	ownGroup(cmd, group)
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
		unwatch()
		return nil, err
	}
	p := &Proc{cmd: cmd, group: group, watchdog: group != 0, done: done, unwatch: unwatch}
	if group == 0 {
		p.group = cmd.Process.Pid
	}
	return p, nil
}

// Pid is the child's process id.
func (p *Proc) Pid() int { return p.cmd.Process.Pid }

// Group is the child's process group: the watchdog's, else the child's
// own (its pid).
func (p *Proc) Group() int { return p.group }

// Wait waits for the child and returns cmd.Wait's error. When ctx ends
// first, the child's group gets SIGINT, then SIGKILL after grace (at once
// when grace is 0 or less); Wait returns ErrInterrupted once the child was
// waited for, with nothing of its group left running. A background job
// that the child left when it ended by itself runs on, unwatched (WaitJob
// keeps it watched).
func (p *Proc) Wait(ctx context.Context, grace time.Duration) error {
	job, err := p.WaitJob(ctx, grace)
	if job != nil {
		job.Release()
	}
	return err
}

// WaitJob is Wait, except that what the child left running in its group
// when it ended by itself (a shell's `server &`) is returned as a Job,
// still watched: it dies with this process until it is stopped or
// released. The job is nil when nothing was left, or when there is no
// watchdog (no /bin/sh, or not Unix): a group without its watchdog leader
// may be gone and its number reused, so it is not signalled later.
func (p *Proc) WaitJob(ctx context.Context, grace time.Duration) (*Job, error) {
	select {
	case err := <-p.done:
		if p.watchdog {
			job := &Job{group: p.group, watchdog: p.group, unwatch: p.unwatch}
			if job.Running() {
				return job, err
			}
		}
		p.unwatch()
		return nil, err
	case <-ctx.Done():
	}
	defer p.unwatch()
	if grace > 0 {
		signalGroup(p.cmd, p.group, false)
		select {
		case <-p.done:
		case <-time.After(grace):
			signalGroup(p.cmd, p.group, true)
			<-p.done
		}
	} else {
		signalGroup(p.cmd, p.group, true)
		<-p.done
	}
	// What the child started and left running (a background job, which a
	// non-interactive shell has ignore SIGINT) is stopped too.
	signalGroup(p.cmd, p.group, true)
	return nil, ErrInterrupted
}

// Run starts cmd and waits for it, as Start and Wait.
func Run(ctx context.Context, cmd *exec.Cmd, grace time.Duration) error {
	p, err := Start(cmd)
	if err != nil {
		return err
	}
	return p.Wait(ctx, grace)
}
