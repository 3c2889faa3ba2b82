package gobuild

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"time"

	"github.com/yaknb/yak/kernel/goengine/internal/childproc"
)

// RunOptions says how to run a built program.
type RunOptions struct {
	Dir            string    // working directory; empty: the caller's
	Env            []string  // environment; nil: the caller's
	Stdin          io.Reader // nil: the null device
	Stdout, Stderr io.Writer // an *os.File is handed to the program as is
	// Grace is how long an interrupted program has to end after SIGINT
	// before it is killed; 0 means DefaultGrace.
	Grace time.Duration
}

// DefaultGrace is the time an interrupted program gets to end by itself.
const DefaultGrace = 2 * time.Second

// ErrInterrupted is Run's error when ctx ended the program.
var ErrInterrupted = errors.New("gobuild: the program was interrupted")

// Run runs the binary until it exits and returns its exit code (0 for a
// normal end). When ctx is done, the program's process group gets SIGINT
// (a terminal's ^C), and SIGKILL after the grace; Run then returns
// ErrInterrupted, with nothing of the group left running. A program
// killed by a signal returns code -1 and an error that names the signal.
// On Linux the program is killed when this process dies, even by SIGKILL
// (a parent-death signal), and with it, on any Unix, what it started (a
// watchdog: internal/childproc); on Windows it runs on then.
func Run(ctx context.Context, bin string, o RunOptions) (int, error) {
	cmd := exec.Command(bin)
	cmd.Dir, cmd.Env = o.Dir, o.Env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = o.Stdin, o.Stdout, o.Stderr
	p, err := childproc.Start(cmd)
	if err != nil {
		return -1, fmt.Errorf("gobuild: cannot start the program: %w", err)
	}
	grace := o.Grace
	if grace <= 0 {
		grace = DefaultGrace
	}
	err = p.Wait(ctx, grace)
	if errors.Is(err, childproc.ErrInterrupted) {
		return -1, ErrInterrupted
	}
	if err == nil {
		return 0, nil
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if exit.Exited() {
			return exit.ExitCode(), nil
		}
		return -1, fmt.Errorf("gobuild: the program was stopped: %v", exit)
	}
	return -1, fmt.Errorf("gobuild: %w", err)
}
