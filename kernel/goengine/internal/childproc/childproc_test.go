//go:build unix

package childproc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary be the kernel of TestChildDiesWithParent:
// CHILDPROC_TEST_PARENT=SCRIPT runs sh -c SCRIPT as a child and waits.
func TestMain(m *testing.M) {
	if script := os.Getenv("CHILDPROC_TEST_PARENT"); script != "" {
		Run(context.Background(), exec.Command("/bin/sh", "-c", script), time.Second)
		os.Exit(0)
	}
	// The kernel of TestJobDiesWithParent: it keeps the job it was left
	// and lives until the test kills it.
	if script := os.Getenv("CHILDPROC_TEST_PARENT_JOB"); script != "" {
		p, err := Start(exec.Command("/bin/sh", "-c", script))
		if err != nil {
			os.Exit(1)
		}
		if job, _ := p.WaitJob(context.Background(), time.Second); job != nil {
			os.WriteFile(os.Getenv("CHILDPROC_TEST_KEPT"), []byte("kept"), 0o644)
		}
		time.Sleep(time.Hour)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// waitFile returns the text that a child writes to file (with a rename,
// so it is whole), once it is there.
func waitFile(t *testing.T, file string) string {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(file); err == nil {
			return strings.TrimSpace(string(b))
		}
	}
	t.Fatalf("nothing in %s", file)
	return ""
}

// alive reports whether pid runs (a zombie has ended).
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		// No /proc (not Linux): ask the process itself.
		return syscall.Kill(pid, 0) == nil
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(rest, "Z") && !strings.HasPrefix(rest, "X")
}

// waitGone fails the test if pid still runs after a generous wait (the
// signals are immediate; the wait only absorbs a loaded machine).
func waitGone(t *testing.T, pid int, what string) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if !alive(pid) {
			return
		}
	}
	if p, err := os.FindProcess(pid); err == nil {
		p.Kill()
	}
	t.Fatalf("%s (pid %d) still runs", what, pid)
}

// pids are the pids a script writes: "$$ $!" when it started a job.
func pids(t *testing.T, s string) []int {
	var out []int
	for _, f := range strings.Fields(s) {
		n, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("pid %q: %v", f, err)
		}
		out = append(out, n)
	}
	return out
}

func TestWaitEnds(t *testing.T) {
	for _, c := range []struct {
		script string
		code   int
	}{{"exit 0", 0}, {"exit 3", 3}} {
		err := Run(context.Background(), exec.Command("/bin/sh", "-c", c.script), time.Second)
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatalf("%q: %v", c.script, err)
		}
		if code != c.code {
			t.Errorf("%q: exit code %d, want %d", c.script, code, c.code)
		}
	}
	if err := Run(context.Background(), exec.Command("/nonexistent/program"), time.Second); err == nil {
		t.Error("a program that does not exist started")
	}
}

// The stop button: SIGINT to the group first, then SIGKILL after the
// grace to what is left, background jobs included; no grace kills at once.
func TestWaitInterrupt(t *testing.T) {
	for _, c := range []struct {
		name, script string
		grace        time.Duration
		sawINT       bool // the child's SIGINT trap ran
	}{
		// A trap runs between commands: the loops sleep briefly.
		{"ends on SIGINT", `trap 'echo INT >> $LOG; exit 130' INT; sleep 600 & echo $$ $! > $PIDS.tmp; mv $PIDS.tmp $PIDS; while :; do sleep 0.05; done`, 30 * time.Second, true},
		{"ignores SIGINT: killed after the grace", `trap 'echo INT >> $LOG' INT; sleep 600 & echo $$ $! > $PIDS.tmp; mv $PIDS.tmp $PIDS; while :; do sleep 0.05; done`, 300 * time.Millisecond, true},
		{"no grace: killed at once", `trap 'echo INT >> $LOG' INT; sleep 600 & echo $$ $! > $PIDS.tmp; mv $PIDS.tmp $PIDS; while :; do sleep 0.05; done`, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			log, pidfile := filepath.Join(dir, "log"), filepath.Join(dir, "pids")
			cmd := exec.Command("/bin/sh", "-c", c.script)
			cmd.Env = append(os.Environ(), "LOG="+log, "PIDS="+pidfile)
			p, err := Start(cmd)
			if err != nil {
				t.Fatal(err)
			}
			ps := pids(t, waitFile(t, pidfile))
			if len(ps) != 2 || ps[0] != p.Pid() {
				t.Fatalf("pids %v, want the shell's (%d) and its job's", ps, p.Pid())
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if err := p.Wait(ctx, c.grace); !errors.Is(err, ErrInterrupted) {
				t.Errorf("Wait: %v, want ErrInterrupted", err)
			}
			b, _ := os.ReadFile(log)
			if got := strings.Contains(string(b), "INT"); got != c.sawINT {
				t.Errorf("the child saw SIGINT: %v, want %v", got, c.sawINT)
			}
			waitGone(t, ps[0], "the shell")
			waitGone(t, ps[1], "its background job")
		})
	}
}

// A kernel killed by SIGKILL takes the child it started with it (Linux's
// parent-death signal), and what the child started (the watchdog).
func TestChildDiesWithParent(t *testing.T) {
	pidfile := filepath.Join(t.TempDir(), "pid")
	parent := exec.Command(os.Args[0])
	// The shell starts a job and waits for it.
	parent.Env = append(os.Environ(), fmt.Sprintf("CHILDPROC_TEST_PARENT=sleep 600 & echo $$ $! > %s.tmp; mv %s.tmp %s; wait", pidfile, pidfile, pidfile))
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	ps := pids(t, waitFile(t, pidfile))
	for _, pid := range ps {
		if !alive(pid) {
			t.Fatalf("pid %d of %v does not run", pid, ps)
		}
	}
	parent.Process.Kill()
	parent.Wait()
	waitGone(t, ps[0], "the child of a SIGKILLed parent")
	waitGone(t, ps[1], "what the child of a SIGKILLed parent started")
}

// A child that ends by itself leaves its background job running, as a
// terminal does: the watchdog ends without killing the group.
func TestEndedChildLeavesItsJob(t *testing.T) {
	pidfile := filepath.Join(t.TempDir(), "pid")
	cmd := exec.Command("/bin/sh", "-c", fmt.Sprintf("sleep 600 </dev/null >/dev/null 2>&1 & echo $! > %s.tmp; mv %s.tmp %s", pidfile, pidfile, pidfile))
	if err := Run(context.Background(), cmd, time.Second); err != nil {
		t.Fatal(err)
	}
	job := pids(t, waitFile(t, pidfile))[0]
	defer syscall.Kill(job, syscall.SIGKILL)
	// The watchdog, had it fired, would have killed the job at once;
	// Run returned after it ended.
	if !alive(job) {
		t.Error("the job of a child that ended by itself was killed")
	}
}

// startJob runs script, which starts a background job and writes its
// pid, and returns the Job that WaitJob keeps and the job's pid.
func startJob(t *testing.T, script string) (*Job, int) {
	t.Helper()
	pidfile := filepath.Join(t.TempDir(), "pid")
	cmd := exec.Command("/bin/sh", "-c", script+" & echo $! > $PIDS.tmp; mv $PIDS.tmp $PIDS")
	cmd.Env = append(os.Environ(), "PIDS="+pidfile)
	p, err := Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	job, err := p.WaitJob(context.Background(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	pid := pids(t, waitFile(t, pidfile))[0]
	if job == nil {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Fatalf("WaitJob returned no job; %d was left running", pid)
	}
	t.Cleanup(func() { job.Stop(0) })
	return job, pid
}

// WaitJob keeps what the child left running, and Stop ends it: SIGTERM,
// then SIGKILL after the grace for a job that ignores SIGTERM.
func TestWaitJobStop(t *testing.T) {
	for _, c := range []struct{ name, script string }{
		{"ends on SIGTERM", "sleep 600 </dev/null >/dev/null 2>&1"},
		{"ignores SIGTERM", "(trap '' TERM; sleep 600 </dev/null >/dev/null 2>&1)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			job, pid := startJob(t, c.script)
			if ps := job.Pids(); len(ps) == 0 || ps[0] != pid && (len(ps) < 2 || ps[1] != pid) {
				t.Errorf("job pids %v, want %d among them", ps, pid)
			}
			if job.Group() != job.watchdog {
				t.Errorf("group %d, want the watchdog's (%d)", job.Group(), job.watchdog)
			}
			if !alive(pid) || !job.Running() {
				t.Fatalf("the job (pid %d) does not run", pid)
			}
			job.Stop(200 * time.Millisecond)
			waitGone(t, pid, "the stopped job")
			if job.Running() {
				t.Errorf("a stopped job runs: %v", job.Pids())
			}
			waitGone(t, job.watchdog, "the stopped job's watchdog")
			job.Stop(0) // again: nothing to do
		})
	}
}

// A child that leaves nothing running gives no job (and no watchdog).
func TestWaitJobNothingLeft(t *testing.T) {
	for _, script := range []string{"exit 0", "sleep 0.01 & wait", "exit 4"} {
		p, err := Start(exec.Command("/bin/sh", "-c", script))
		if err != nil {
			t.Fatal(err)
		}
		job, _ := p.WaitJob(context.Background(), time.Second)
		if job != nil {
			t.Errorf("%q: a job of pids %v", script, job.Pids())
			job.Stop(0)
		}
	}
}

// Interrupting a later command stops its group, not a job that an
// earlier one left.
func TestInterruptLeavesOtherJobs(t *testing.T) {
	job, pid := startJob(t, "sleep 600 </dev/null >/dev/null 2>&1")
	later, err := Start(exec.Command("/bin/sh", "-c", "sleep 600"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := later.WaitJob(ctx, 0); !errors.Is(err, ErrInterrupted) {
		t.Errorf("the later command: %v, want ErrInterrupted", err)
	}
	if !alive(pid) || !job.Running() {
		t.Errorf("the earlier job (pid %d) was stopped by a later interrupt", pid)
	}
}

// A kept job dies with its SIGKILLed parent (the watchdog stayed).
func TestJobDiesWithParent(t *testing.T) {
	pidfile := filepath.Join(t.TempDir(), "pid")
	parent := exec.Command(os.Args[0])
	kept := filepath.Join(t.TempDir(), "kept")
	parent.Env = append(os.Environ(), "CHILDPROC_TEST_KEPT="+kept,
		fmt.Sprintf("CHILDPROC_TEST_PARENT_JOB=sleep 600 </dev/null >/dev/null 2>&1 & echo $! > %s.tmp; mv %s.tmp %s", pidfile, pidfile, pidfile))
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	job := pids(t, waitFile(t, pidfile))[0]
	// The shell has ended and WaitJob kept the job: it runs on while the
	// parent lives.
	waitFile(t, kept)
	if !alive(job) {
		parent.Process.Kill()
		t.Fatalf("the job %d does not run while its parent lives", job)
	}
	parent.Process.Kill()
	parent.Wait()
	waitGone(t, job, "the job of a SIGKILLed parent")
}
