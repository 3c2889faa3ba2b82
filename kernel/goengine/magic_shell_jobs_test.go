package goengine

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// waitUntil polls cond for up to a minute (the machine may be loaded; the
// events it waits for are immediate).
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
	}
}

// startJob runs a `!CMD & echo $!` cell and returns the job's pid.
func startJob(t *testing.T, e *Engine, cmd string) int {
	t.Helper()
	r, _ := must(t, e, "!"+cmd+" & echo $!")
	pid, err := strconv.Atoi(strings.TrimSpace(r.stdout()))
	if err != nil {
		t.Fatalf("%q printed %q, not a pid (stderr %q)", cmd, r.stdout(), r.stderr())
	}
	t.Cleanup(func() { killPid(pid) })
	if !strings.Contains(r.stderr(), "runs on in the background") || !strings.Contains(r.stderr(), strconv.Itoa(pid)) {
		t.Errorf("no note about the job %d: stderr %q", pid, r.stderr())
	}
	return pid
}

// A job runs on across cells, %jobs lists it, %kill stops it.
func TestShellJobRunsOnUntilKill(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("the test reads process states from /proc, which %s lacks", runtime.GOOS)
	}
	e := newEngine(t, Options{})
	pid := startJob(t, e, "sleep 300")
	if r, _ := must(t, e, "!echo another cell"); r.stdout() != "another cell\n" {
		t.Errorf("a later command: %q", r.stdout())
	}
	if !alive(pid) {
		t.Fatalf("the job %d ended with its cell", pid)
	}
	r, _ := must(t, e, "%jobs")
	if out := r.stdout(); !strings.Contains(out, "[1]") || !strings.Contains(out, strconv.Itoa(pid)) || !strings.Contains(out, "sleep 300") {
		t.Errorf("%%jobs: %q", out)
	}
	r, _ = must(t, e, "%kill 1")
	if r.stdout() != "[1] stopped: sleep 300 & echo $!\n" {
		t.Errorf("%%kill 1: %q", r.stdout())
	}
	waitUntil(t, "the killed job is gone", func() bool { return !alive(pid) })
	if r, _ := must(t, e, "%jobs"); !strings.HasPrefix(r.stdout(), "no background jobs") {
		t.Errorf("%%jobs after %%kill: %q", r.stdout())
	}
}

// What the command writes before it ends is the cell's; what the job writes
// after is the job's, which %jobs N shows. A job that ends by itself is
// reported once.
func TestShellJobOutput(t *testing.T) {
	e := newEngine(t, Options{})
	dir := t.TempDir()
	flag, end := filepath.Join(dir, "go-on"), filepath.Join(dir, "end")
	r, _ := must(t, e, fmt.Sprintf("!(while [ ! -e %s ]; do sleep 0.02; done; echo later; echo err later >&2; while [ ! -e %s ]; do sleep 0.02; done) & echo now", flag, end))
	if r.stdout() != "now\n" {
		t.Errorf("the cell's stdout %q, want only what the command wrote", r.stdout())
	}
	if err := os.WriteFile(flag, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var got string
	waitUntil(t, "the job's output reaches %jobs 1", func() bool {
		r, _ := must(t, e, "%jobs 1")
		got = r.stdout()
		return strings.Contains(got, "err later")
	})
	// Two pipes: the lines of stdout and stderr may come in either order.
	if got != "later\nerr later\n" && got != "err later\nlater\n" {
		t.Errorf("%%jobs 1: %q", got)
	}
	if err := os.WriteFile(end, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the job is reported ended", func() bool {
		r, _ := must(t, e, "%jobs")
		got = r.stdout()
		return strings.Contains(got, "ended")
	})
	if !strings.HasPrefix(got, "[1] ended: ") || !strings.Contains(got, "no background jobs") {
		t.Errorf("%%jobs once the job ended: %q", got)
	}
}

// The stop button stops the running cell's command, not a job that an
// earlier cell left.
func TestShellInterruptLeavesEarlierJobs(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("the test reads process states from /proc, which %s lacks", runtime.GOOS)
	}
	e := newEngine(t, Options{})
	pid := startJob(t, e, "sleep 300")
	started := filepath.Join(t.TempDir(), "started")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := e.Execute(ctx, fmt.Sprintf("!touch %s; sleep 300", started), &recorder{})
		done <- err
	}()
	waitUntil(t, "the foreground command started", func() bool { _, err := os.Stat(started); return err == nil })
	cancel()
	if err := <-done; errName(err) != "Interrupted" {
		t.Errorf("the interrupted cell: %v", err)
	}
	if !alive(pid) {
		t.Errorf("the interrupt stopped the earlier cell's job %d", pid)
	}
}

// Closing the engine (kernel shutdown, restart) stops the jobs.
func TestShellJobsEndWithClose(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("the test reads process states from /proc, which %s lacks", runtime.GOOS)
	}
	e := newEngine(t, Options{})
	plain := startJob(t, e, "sleep 300")
	// One that ignores SIGTERM is killed after the grace.
	stubborn := startJob(t, e, "sh -c \"trap '' TERM; sleep 300\"")
	e.Close()
	waitUntil(t, "the jobs are gone", func() bool { return !alive(plain) && !alive(stubborn) })
}

// A job dies with a kernel killed by SIGKILL: its watchdog stayed.
func TestShellJobDiesWithKernel(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("the test reads process states from /proc, which %s lacks", runtime.GOOS)
	}
	dir := t.TempDir()
	pidFile, ran := filepath.Join(dir, "pid"), filepath.Join(dir, "ran")
	kernelProc := exec.Command(os.Args[0])
	kernelProc.Env = append(os.Environ(), "GOENGINE_TEST_KERNEL_STAY="+ran,
		fmt.Sprintf("GOENGINE_TEST_KERNEL_CELL=!sleep 600 </dev/null >/dev/null 2>&1 & echo $! > %s", pidFile))
	if err := kernelProc.Start(); err != nil {
		t.Fatal(err)
	}
	defer kernelProc.Process.Kill()
	waitUntil(t, "the kernel ran the cell", func() bool { _, err := os.Stat(ran); return err == nil })
	b, _ := os.ReadFile(pidFile)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("pid file: %q", b)
	}
	defer killPid(pid)
	if !alive(pid) {
		t.Fatalf("the job %d ended with its cell", pid)
	}
	kernelProc.Process.Kill()
	kernelProc.Wait()
	waitUntil(t, "the job of the SIGKILLed kernel is gone", func() bool { return !alive(pid) })
}

func TestJobMagicUsage(t *testing.T) {
	e := newEngine(t, Options{})
	for _, code := range []string{"%kill", "%kill x", "%kill 7", "%jobs x", "%jobs 3"} {
		if _, _, err := run(t, e, code); errName(err) != "UsageError" {
			t.Errorf("%q: %v, want a UsageError", code, err)
		}
	}
	if r, _ := must(t, e, "%kill all"); r.stdout() != "no background jobs to stop\n" {
		t.Errorf("%%kill all with none: %q", r.stdout())
	}
}

// A %%sh script's `server &` is a job too, named by the script's first line.
func TestShellScriptJob(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("the test reads process states from /proc, which %s lacks", runtime.GOOS)
	}
	e := newEngine(t, Options{})
	r, _ := must(t, e, "%%sh\necho starting >&2\nsleep 300 &\necho $!")
	pid, err := strconv.Atoi(strings.TrimSpace(r.stdout()))
	if err != nil {
		t.Fatalf("the script printed %q", r.stdout())
	}
	defer killPid(pid)
	if !alive(pid) {
		t.Fatalf("the script's job %d ended with its cell", pid)
	}
	if r, _ := must(t, e, "%jobs"); !strings.Contains(r.stdout(), "%%sh: echo starting >&2 ...") {
		t.Errorf("%%jobs: %q", r.stdout())
	}
	if r, _ := must(t, e, "%kill all"); !strings.HasPrefix(r.stdout(), "[1] stopped: %%sh") {
		t.Errorf("%%kill all: %q", r.stdout())
	}
	waitUntil(t, "the script's job is gone", func() bool { return !alive(pid) })
}

// unread tells the bytes a pipe holds for its reader (Linux), so that a
// command's last output is the cell's, not its job's.
func TestUnread(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("unread asks FIONREAD on Linux only, not on %s", runtime.GOOS)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if n := unread(r); n != 0 {
		t.Errorf("empty pipe: %d unread", n)
	}
	w.WriteString("hello")
	if n := unread(r); n != 5 {
		t.Errorf("after 5 bytes: %d unread", n)
	}
	r.Read(make([]byte, 3))
	if n := unread(r); n != 2 {
		t.Errorf("after reading 3: %d unread", n)
	}
}
