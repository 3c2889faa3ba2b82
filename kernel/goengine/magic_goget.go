package goengine

import (
	"io"
	"strings"
)

func init() {
	builtinMagics["go"] = `%go get MODULE[@VERSION]  fetch a module through the Go module proxy
%go get MODULE[@VERSION]   runs go get in the notebook's module with the go command
                           that builds a compiled main() (YAK_GO, else go on PATH;
                           YAK_GO=off turns it off), fetching the module and what it requires into
                           the module cache; cells then import its packages, which run
                           interpreted (slower than compiled Go), or compiled in a main()
                           that runs compiled. A cell that imports a
                           package of a module path that is not there fetches it the
                           same way (latest version).`
}

// goMagic is %go: only `go get` (modules.go does the work).
func (e *Engine) goMagic(args string, out io.Writer) error {
	f := strings.Fields(args)
	if len(f) < 2 || f[0] != "get" {
		return usageError("%%go takes: get MODULE[@VERSION] ... (e.g. %%go get github.com/google/uuid@v1.6.0)")
	}
	for _, spec := range f[1:] {
		if strings.HasPrefix(spec, "-") {
			return usageError("%%go get takes module paths, not flags (%s)", spec)
		}
		if err := e.goGet(spec, out); err != nil {
			return err
		}
	}
	return nil
}
