package goengine

import (
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/yaknb/yak/kernel/goengine/gobuild"
)

// Compiled programs that import third-party modules. The notebook's
// scratch module (modules.go) requires every module that a cell imported
// or %go get fetched, and its go.sum has their sums: a program that
// imports their packages is built with that go.mod and go.sum
// (gobuild.BuildIn), from the module cache, so it compiles offline once
// they were fetched. yak's own packages (display, plugins, runtime), the
// modules compiled into the kernel (gonum's mat, ...; unless %go get
// fetched them too) and source that the interpreter loaded (%plugin load,
// LoadSource) are not modules of the scratch module: a program that
// imports them runs in the interpreter, which has them.

// compiledImport says why a compiled program cannot import p, "" when it
// can: p is in the standard library, or in a module of the scratch
// module. A module that no cell fetched yet (a whole-program cell runs
// compiled before the interpreter sees its imports) is fetched now, as
// the interpreter would have.
func (e *Engine) compiledImport(tc *gobuild.Toolchain, p string) string {
	if tc.IsStd(p) {
		return ""
	}
	if !isModulePath(p) {
		if p == "github.com/yaknb/yak" || strings.HasPrefix(p, "github.com/yaknb/yak/") {
			return fmt.Sprintf("it imports %s, a package of yak's, which the kernel has compiled in and programs do not", p)
		}
		return fmt.Sprintf("it imports %s, which is neither in the standard library nor in a module", p)
	}
	if e.fetched(p) {
		return ""
	}
	if isDir(filepath.Join(e.gopath, "src", filepath.FromSlash(p))) {
		return fmt.Sprintf("it imports %s, whose source the interpreter loaded (not a module of go get's)", p)
	}
	if e.hasBinary(p) {
		// gonum's mat and the like: the interpreter runs them compiled
		// and fetches nothing, so neither does this.
		return fmt.Sprintf("it imports %s, which the kernel has compiled in; %%go get %s, and main() compiles it too", p, p)
	}
	if err := e.goGet(p, outWriter{e}); err != nil {
		// The interpreter fetches it again and says what failed.
		return fmt.Sprintf("go get %s failed", p)
	}
	if e.fetched(p) {
		return ""
	}
	return fmt.Sprintf("it imports %s, which go get did not fetch", p)
}

// fetched reports whether package p is in a module that go get fetched
// into the scratch module (a nested module's directory is not in its
// parent's: the directory tells which one has p).
func (e *Engine) fetched(p string) bool {
	for m, dir := range e.mods.linked {
		if p == m {
			return isDir(dir)
		}
		if rest, ok := strings.CutPrefix(p, m+"/"); ok && isDir(filepath.Join(dir, filepath.FromSlash(rest))) {
			return true
		}
	}
	return false
}

// programModule is the module directory a program is built in: the
// scratch module when the program imports a package outside the standard
// library, else "" (a go.mod of the program alone).
func (e *Engine) programModule(tc *gobuild.Toolchain, src []byte) string {
	if e.mods.dir == "" {
		return ""
	}
	f, err := parser.ParseFile(token.NewFileSet(), "program.go", src, parser.ImportsOnly)
	if err != nil {
		return ""
	}
	for _, im := range f.Imports {
		if p, err := strconv.Unquote(im.Path.Value); err == nil && !tc.IsStd(p) {
			return e.mods.dir
		}
	}
	return ""
}

// build builds a program, in the scratch module when it needs one.
func (e *Engine) build(ctx context.Context, b *gobuild.Builder, src []byte) (string, error) {
	return b.BuildIn(ctx, src, e.programModule(b.Toolchain(), src))
}
