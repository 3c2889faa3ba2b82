package magic

import (
	"bufio"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ImportPath tells under which import path cells reach the plugin in dir:
// the enclosing module's path (from the nearest go.mod) joined with dir's
// place in the module, or else the import comment of the package clause
// (package hello // import "example.com/hello").
func ImportPath(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("plugins: %s is not a directory of Go source; give the directory that holds the plugin's .go files", dir)
	}
	for d := abs; ; d = filepath.Dir(d) {
		if mod, ok := modulePath(filepath.Join(d, "go.mod")); ok {
			rel, err := filepath.Rel(d, abs)
			if err != nil {
				return "", err
			}
			if rel == "." {
				return mod, nil
			}
			return mod + "/" + filepath.ToSlash(rel), nil
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if ip := importComment(abs); ip != "" {
		return ip, nil
	}
	return "", fmt.Errorf("plugins: cannot tell the import path of %s: put it in a module (a go.mod saying `module example.com/name`), "+
		"add an import comment (`package name // import \"example.com/name\"`), or give it: %%plugin load DIR IMPORTPATH", dir)
}

// modulePath reads the module line of a go.mod file.
func modulePath(gomod string) (string, bool) {
	f, err := os.Open(gomod)
	if err != nil {
		return "", false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			mod := strings.TrimSpace(rest)
			if i := strings.Index(mod, "//"); i >= 0 {
				mod = strings.TrimSpace(mod[:i])
			}
			if u, err := strconv.Unquote(mod); err == nil {
				mod = u
			}
			return mod, mod != ""
		}
	}
	return "", false
}

// importComment returns the import path in the first package clause of dir
// that carries one.
func importComment(dir string) string {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			continue
		}
		for _, cg := range f.Comments {
			if cg.Pos() < f.Name.End() {
				continue
			}
			text := strings.TrimSpace(cg.Text())
			if rest, ok := strings.CutPrefix(text, "import "); ok {
				if ip, err := strconv.Unquote(strings.TrimSpace(rest)); err == nil {
					return ip
				}
			}
			break
		}
	}
	return ""
}
