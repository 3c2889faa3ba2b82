package goengine

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LoadSource compiles the Go package in dir into the running interpreter
// under importPath and runs its init functions; cells can then import it.
// This is how source plugins load (plugins/magic calls it through its
// Loader interface).
//
// yaegi finds source packages in GOPATH/src/<import path>, so dir is linked
// there (a symbolic link) unless the GOPATH (Options.GoPath, or the
// engine's private one) already has that import path, as when the caller
// mounted it itself. Compile errors name the files in dir. LoadSource may
// be called from a magic while the cell that runs it holds the engine.
func (e *Engine) LoadSource(dir, importPath string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return fmt.Errorf("goengine: %s is not a directory of Go source", dir)
	}
	if importPath == "" || strings.HasPrefix(importPath, "/") || strings.Contains(importPath, "..") {
		return fmt.Errorf("goengine: %q is not an import path; give one such as example.com/myplugin", importPath)
	}
	link := filepath.Join(e.gopath, "src", filepath.FromSlash(importPath))
	if _, err := os.Lstat(link); os.IsNotExist(err) {
		if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
			return fmt.Errorf("goengine: cannot link %s into the GOPATH: %w", dir, err)
		}
		if err := os.Symlink(abs, link); err != nil {
			return fmt.Errorf("goengine: cannot link %s into the GOPATH: %w", dir, err)
		}
	} else if real, err := filepath.EvalSymlinks(link); err == nil {
		if want, _ := filepath.EvalSymlinks(abs); real != want {
			return fmt.Errorf("goengine: import path %s is already taken by %s; restart the kernel to load %s under it", importPath, real, dir)
		}
	}
	if !e.inMagic {
		e.mu.Lock()
		defer e.mu.Unlock()
	}
	if err := e.useImportsDir(abs); err != nil {
		return fmt.Errorf("goengine: loading %s: %w", importPath, err)
	}
	if err := e.evalRecover("import _ " + strconv.Quote(importPath)); err != nil {
		msg := strings.ReplaceAll(err.Error(), link, abs)
		return fmt.Errorf("goengine: loading %s: %s", importPath, msg)
	}
	return nil
}

// evalRecover evaluates engine-made code, turning yaegi's panics into errors.
func (e *Engine) evalRecover(src string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	if err := e.useImports(src); err != nil {
		return err
	}
	_, err = e.ip.Eval(src)
	return err
}
