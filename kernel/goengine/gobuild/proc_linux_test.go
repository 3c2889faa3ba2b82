//go:build linux

package gobuild

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// waitPid reads the pid that a helper writes to file.
func waitPid(t *testing.T, file string) int {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b, err := os.ReadFile(file)
		if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && perr == nil && pid > 0 {
			return pid
		}
	}
	t.Fatalf("no pid in %s", file)
	return 0
}

// alive reports whether pid runs (a zombie has ended).
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && len(s) > i+2 {
		return s[i+2] != 'Z' && s[i+2] != 'X'
	}
	return true
}

// waitGone fails the test if pid still runs after a generous wait (the
// signal is immediate; the wait only absorbs a loaded machine).
func waitGone(t *testing.T, pid int, what string) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if !alive(pid) {
			return
		}
	}
	killPid(pid)
	t.Fatalf("%s (pid %d) still runs", what, pid)
}

func killPid(pid int) {
	if p, err := os.FindProcess(pid); err == nil {
		p.Kill()
	}
}

// A kernel killed by SIGKILL takes its running program with it.
func TestRunDiesWithParent(t *testing.T) {
	pidfile := filepath.Join(t.TempDir(), "pid")
	parent := exec.Command(os.Args[0])
	parent.Env = append(os.Environ(), "GOBUILD_TEST_HELPER=parent", "GOBUILD_TEST_PIDFILE="+pidfile)
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	pid := waitPid(t, pidfile)
	if !alive(pid) {
		t.Fatalf("the program (pid %d) did not run", pid)
	}
	parent.Process.Kill()
	parent.Wait()
	waitGone(t, pid, "the program of a killed parent")
}
