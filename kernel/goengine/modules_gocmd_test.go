package goengine

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakeGo writes a go command into dir that answers `go env GOVERSION
// GOROOT` as a toolchain does (so the lookup accepts it), writes its
// arguments to dir/called, and passes the rest to the real go.
func fakeGo(t *testing.T, dir, real string) string {
	t.Helper()
	p := filepath.Join(dir, "go")
	script := "#!/bin/sh\necho \"$@\" >> " + filepath.Join(dir, "called") + "\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// Fetching modules resolves the go command as builds do: YAK_GO, else go
// on PATH; YAK_GO=off and a YAK_GO that is no go command say so.
func TestGoCommandIsTheBuildToolchain(t *testing.T) {
	real, err := exec.LookPath("go")
	if err != nil {
		t.Skip("needs go on PATH")
	}
	onPath, named := t.TempDir(), t.TempDir()
	fakeGo(t, onPath, real)
	yakGo := fakeGo(t, named, real)
	for _, c := range []struct {
		name, yakGo, path string
		want              string // the go command found, or a part of the error
		err               bool
	}{
		{name: "go on PATH", path: onPath, want: filepath.Join(onPath, "go")},
		{name: "YAK_GO wins over PATH", yakGo: yakGo, path: onPath, want: yakGo},
		{name: "YAK_GO as a command on PATH", yakGo: "go", path: named, want: yakGo},
		{name: "YAK_GO=off", yakGo: "off", path: onPath, want: "which YAK_GO=off turns off", err: true},
		{name: "YAK_GO=OFF", yakGo: "OFF", path: onPath, want: "which YAK_GO=off turns off", err: true},
		{name: "YAK_GO names nothing", yakGo: filepath.Join(named, "nowhere"), path: onPath, want: "YAK_GO=" + filepath.Join(named, "nowhere") + " is not a go command", err: true},
		{name: "no go at all", path: t.TempDir(), want: "install Go", err: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("YAK_GO", c.yakGo)
			t.Setenv("PATH", c.path)
			toolchains.Clear() // the lookup is cached per YAK_GO, not per PATH
			t.Cleanup(toolchains.Clear)
			tc, err := goCommand()
			switch {
			case c.err && err == nil:
				t.Errorf("found %s, want an error with %q", tc.Go, c.want)
			case c.err && !strings.Contains(err.Error(), c.want):
				t.Errorf("error %q, want it to say %q", err, c.want)
			case !c.err && err != nil:
				t.Errorf("error %v, want %s", err, c.want)
			case !c.err && tc.Go != c.want:
				t.Errorf("found %s, want %s", tc.Go, c.want)
			}
			if tc2, err2 := findToolchain(); !c.err && (err2 != nil || tc2.Go != tc.Go) {
				t.Errorf("builds would use %v (%v), %%go get %s", tc2, err2, tc.Go)
			}
		})
	}
}

// %go get runs the go command that YAK_GO names, not the one on PATH, and
// YAK_GO=off makes it a clear error.
func TestGoGetUsesYAKGO(t *testing.T) {
	real, err := exec.LookPath("go")
	if err != nil {
		t.Skip("needs go on PATH")
	}
	fileProxy(t)
	named := t.TempDir()
	t.Setenv("YAK_GO", fakeGo(t, named, real))
	toolchains.Clear()
	t.Cleanup(toolchains.Clear)
	e := newEngine(t, Options{})
	r, _ := must(t, e, "%go get example.com/shout@v1.0.0")
	if !strings.Contains(r.stdout(), "example.com/shout@v1.0.0") {
		t.Errorf("stdout %q", r.stdout())
	}
	called, _ := os.ReadFile(filepath.Join(named, "called"))
	if !strings.Contains(string(called), "get example.com/shout@v1.0.0") {
		t.Errorf("YAK_GO's go command ran %q, not go get", called)
	}
	t.Setenv("YAK_GO", "off")
	_, _, err = run(t, e, "%go get example.com/shout@v1.1.0")
	if err == nil || !strings.Contains(err.Error(), "YAK_GO=off") {
		t.Errorf("%%go get with YAK_GO=off: %v", err)
	}
}
