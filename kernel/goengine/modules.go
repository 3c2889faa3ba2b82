package goengine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/yaknb/yak/kernel/goengine/gobuild"
)

// Third-party modules. yaegi imports Go source from GOPATH/src/<import
// path>; the go command keeps modules in the module cache as
// <GOMODCACHE>/<module>@<version>. So the engine keeps a scratch module
// (a go.mod of the notebook's requirements, in a temporary directory),
// runs `go get` there, which fetches through GOPROXY into the module
// cache, then asks `go list -m all` for every module of the build list and
// links each module's directory into the engine's GOPATH under its module
// path. Imports of those packages then compile from source, interpreted.
// A compiled main() that imports them is built with the scratch module's
// go.mod and go.sum (compiledmod.go).
//
// A cell fetches by importing a package of a module path (its first
// element has a dot) that is not there yet, or with %go get
// MODULE[@VERSION]; both print what was fetched. The go command must be
// installed (the one a compiled main() is built with: YAK_GO, else go on
// PATH): yak does not speak the proxy protocol itself.

// modules is the engine's scratch module and what it linked.
type modules struct {
	dir    string            // the scratch module; "" until the first fetch
	linked map[string]string // module path -> directory linked into GOPATH/src
}

// goGet runs `go get spec` in the scratch module and links the build list
// into the GOPATH; it tells out what it fetched.
func (e *Engine) goGet(spec string, out io.Writer) error {
	tc, err := goCommand()
	if err != nil {
		return err
	}
	goCmd := tc.Go
	if e.mods.dir == "" {
		dir, err := os.MkdirTemp("", "yak-modules-")
		if err != nil {
			return fmt.Errorf("cannot create the notebook's module: %w", err)
		}
		// The language of the go command that fetches (and builds): with
		// GOTOOLCHAIN=local an older YAK_GO refuses a newer go line.
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module yak.notebook\n\ngo "+tc.Lang()+"\n"), 0o644); err != nil {
			return fmt.Errorf("cannot create the notebook's module: %w", err)
		}
		e.mods.dir = dir
	}
	if _, err := runGo(goCmd, e.mods.dir, "get", spec); err != nil {
		return fmt.Errorf("go get %s failed: %w (third-party packages come from the Go module proxy through the go command; a directory of Go source loads with %%plugin load DIR)", spec, err)
	}
	list, err := runGo(goCmd, e.mods.dir, "list", "-m", "-json", "all")
	if err != nil {
		return fmt.Errorf("go list -m all: %w", err)
	}
	if e.mods.linked == nil {
		e.mods.linked = map[string]string{}
	}
	dec := json.NewDecoder(bytes.NewReader(list))
	var fetched []string
	for dec.More() {
		var m struct {
			Path, Version, Dir string
			Main               bool
		}
		if err := dec.Decode(&m); err != nil {
			return fmt.Errorf("go list -m all: %w", err)
		}
		if m.Main || m.Dir == "" {
			continue
		}
		if old, ok := e.mods.linked[m.Path]; ok && old == m.Dir {
			continue
		}
		if err := e.linkModule(m.Path, m.Dir); err != nil {
			return err
		}
		fetched = append(fetched, m.Path+"@"+m.Version)
	}
	if len(fetched) > 0 {
		fmt.Fprintf(out, "yak: %s from the module cache (go get %s); cells run its code interpreted, slower than compiled Go (a main() that runs compiled compiles it)\n",
			strings.Join(fetched, ", "), spec)
	}
	return nil
}

// linkModule makes GOPATH/src/<path> point at the module's directory in
// the module cache.
func (e *Engine) linkModule(path, dir string) error {
	link := filepath.Join(e.gopath, "src", filepath.FromSlash(path))
	if old, ok := e.mods.linked[path]; ok && old != dir {
		// A version already imported stays compiled in this interpreter.
		os.Remove(link)
	}
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		return fmt.Errorf("cannot link module %s: %w (a module nested in another one is not supported)", path, err)
	}
	if _, err := os.Lstat(link); err == nil {
		if e.mods.linked[path] == "" {
			return nil // mounted by LoadSource or by the caller's GOPATH: theirs wins
		}
		os.Remove(link)
	}
	if err := os.Symlink(dir, link); err != nil {
		return fmt.Errorf("cannot link module %s: %w", path, err)
	}
	e.mods.linked[path] = dir
	return nil
}

// goCommand is the go command that fetches modules: the toolchain that
// builds a compiled main() (findToolchain: YAK_GO, else go on PATH), so
// that one go resolves, fetches and builds the notebook's modules.
func goCommand() (*gobuild.Toolchain, error) {
	tc, err := findToolchain()
	switch {
	case err == nil:
		return tc, nil
	case errors.Is(err, gobuild.ErrOff):
		return nil, errors.New("fetching third-party modules needs the go command, which YAK_GO=off turns off: %env YAK_GO=/path/to/go (or unset YAK_GO to use go on PATH), then run the cell again")
	case strings.TrimSpace(os.Getenv("YAK_GO")) != "":
		return nil, fmt.Errorf("fetching third-party modules needs the go command: %w", err)
	}
	return nil, fmt.Errorf("fetching third-party modules needs the go command: install Go (https://go.dev/dl) and put it on PATH (or set YAK_GO to the go binary), then run the cell again (%w)", err)
}

// runGo runs the go command in dir. GOTOOLCHAIN=local: a module that asks
// for a newer Go fails with the go command's message instead of making it
// download a toolchain; GOWORK=off: the user's go.work has no say.
func runGo(goCmd, dir string, args ...string) ([]byte, error) {
	cmd := exec.Command(goCmd, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOWORK=off", "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, errors.New(msg)
	}
	return stdout.Bytes(), nil
}

// isModulePath reports whether an import path names a package of a
// module to fetch: its first element has a dot, as every module path on
// the proxy has, and the standard library's do not. yak's own packages
// are compiled in or not importable: never fetched.
func isModulePath(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return strings.Contains(first, ".") && p != "github.com/yaknb/yak" && !strings.HasPrefix(p, "github.com/yaknb/yak/")
}
