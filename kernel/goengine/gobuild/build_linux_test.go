//go:build linux

package gobuild

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Stopping a build stops what go build started, not go build alone.
func TestBuildCancelKillsGroup(t *testing.T) {
	dir := t.TempDir()
	pidfile := filepath.Join(dir, "pid")
	fakeGo := filepath.Join(dir, "go")
	// A go command that starts a compiler (sleep) and waits for it.
	script := "#!/bin/sh\nsleep 600 &\necho $! > " + pidfile + "\nwait\n"
	if err := os.WriteFile(fakeGo, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := NewBuilder(&Toolchain{Go: fakeGo, Version: "go1.26.0"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := b.Build(ctx, []byte("package main\nfunc main() {}\n"))
		errc <- err
	}()
	pid := waitPid(t, pidfile)
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("Build after cancel: %v, want context.Canceled", err)
	}
	waitGone(t, pid, "the compiler that a stopped go build started")
}
