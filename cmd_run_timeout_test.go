//go:build unix

package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRunTimeoutStopsPluginWork runs a notebook whose plugin cell would run
// for many minutes under `yak run --timeout 2s`, with the real engine and
// plugins: the run must end with a timeout error, the next cell must still
// run (--allow-errors), and the cores must fall idle once the run returns,
// i.e. the plugin's workers stopped with the cell. Latencies are logged,
// not asserted: the machine is shared.
func TestRunTimeoutStopsPluginWork(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a plugin until the timeout")
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	nb := writeNotebook(t, dir, "long.ipynb",
		`import (
	"fmt"

	"github.com/yaknb/yak/plugins/bandit"
)`,
		`env, err := bandit.LoadCSV(`+"`"+filepath.Join(wd, "notebooks", "data", "shuttle.csv.gz")+"`"+`, "Class")
if err != nil {
	panic(err)
}`,
		`res, err := bandit.Experiment{Env: env, Rounds: 4000000,
	Policies: []bandit.Policy{bandit.NeuFastCB(bandit.NeuralOptions{}), bandit.NeuSquareCB(bandit.NeuralOptions{})}}.Run(ctx)
if err != nil {
	panic(err)
}`,
		`fmt.Println("the kernel is still here")`)
	cfg, err := parseRunArgs([]string{"--timeout", "2s", "--allow-errors", "--out", filepath.Join(dir, "out"), nb}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	engine, err := newInterpreter()
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close()
	before := runtime.NumGoroutine()
	start := time.Now()
	var out strings.Builder
	err = runNotebooks(context.Background(), engine, cfg, &out, nil)
	returned := time.Now()
	t.Logf("yak run returned after %v (three short cells and one timed out at 2s): %v", returned.Sub(start), err)
	page, rerr := os.ReadFile(filepath.Join(dir, "out", "long.ipynb"))
	if rerr != nil {
		t.Fatal(rerr)
	}
	if !strings.Contains(string(page), "CellTimeoutError") {
		t.Errorf("the long cell did not time out:\n%s", page)
	}
	if !strings.Contains(string(page), "the kernel is still here") {
		t.Errorf("the cell after the timeout did not run")
	}
	// The cores: no more goroutines than before the run and under 10% of one
	// core over 200 ms windows (CPU alone can look idle on a loaded
	// machine), within 10 s.
	idleAt := time.Duration(-1)
	for since := time.Now(); time.Since(since) < 10*time.Second; {
		c0, t0 := cpuTime(), time.Now()
		time.Sleep(200 * time.Millisecond)
		if cpuTime()-c0 < time.Since(t0)/10 && runtime.NumGoroutine() <= before {
			idleAt = t0.Sub(returned)
			break
		}
	}
	if idleAt < 0 {
		t.Fatal("the cores were still busy 10 s after the run returned: the plugin kept running")
	}
	t.Logf("the cores were idle %v after the run returned", idleAt)
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
