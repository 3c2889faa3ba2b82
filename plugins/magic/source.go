package magic

import (
	"bufio"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Sources is the private GOPATH through which the interpreter finds source
// plugins. yaegi resolves a source import path P by reading GOPATH/src/P, so
// loading a plugin directory means linking it there under its import path;
// the engine passes GoPath() to the interpreter when it creates it.
type Sources struct {
	root string

	mu     sync.Mutex
	mounts map[string]string // import path -> plugin directory
}

// NewSources creates an empty GOPATH in a new temporary directory.
func NewSources() (*Sources, error) {
	root, err := os.MkdirTemp("", "yak-gopath-")
	if err != nil {
		return nil, fmt.Errorf("plugins: cannot create the source plugin GOPATH: %w", err)
	}
	if err := os.Mkdir(filepath.Join(root, "src"), 0o755); err != nil {
		os.RemoveAll(root)
		return nil, fmt.Errorf("plugins: cannot create the source plugin GOPATH: %w", err)
	}
	return &Sources{root: root, mounts: map[string]string{}}, nil
}

// GoPath is the directory to give the interpreter as its GOPATH.
func (s *Sources) GoPath() string { return s.root }

// Close removes the GOPATH (the links only, never the plugin sources).
func (s *Sources) Close() error { return os.RemoveAll(s.root) }

// Mount links dir into the GOPATH under importPath, so that an import of
// importPath loads dir. Mounting the same directory again is a no-op;
// mounting another directory under a taken import path is an error.
func (s *Sources) Mount(dir, importPath string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.mounts[importPath]; ok {
		if old == abs {
			return nil
		}
		return fmt.Errorf("plugins: import path %s is already loaded from %s; restart the kernel to load it from %s", importPath, old, abs)
	}
	link := filepath.Join(s.root, "src", filepath.FromSlash(importPath))
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		return fmt.Errorf("plugins: cannot mount %s: %w", dir, err)
	}
	if err := os.Symlink(abs, link); err != nil {
		return fmt.Errorf("plugins: cannot mount %s: %w", dir, err)
	}
	s.mounts[importPath] = abs
	return nil
}

// Unmount removes every link, so that a fresh interpreter (after a kernel
// restart) starts from an empty GOPATH.
func (s *Sources) Unmount() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mounts = map[string]string{}
	if err := os.RemoveAll(filepath.Join(s.root, "src")); err != nil {
		return err
	}
	return os.Mkdir(filepath.Join(s.root, "src"), 0o755)
}

// Real rewrites paths under the GOPATH in msg (as the interpreter reports
// them in compile errors) back to the plugin directories the user knows.
func (s *Sources) Real(msg string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ip, dir := range s.mounts {
		msg = strings.ReplaceAll(msg, filepath.Join(s.root, "src", filepath.FromSlash(ip)), dir)
	}
	return msg
}

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

// Load mounts dir under importPath and imports it with eval (the engine's
// way to run a line of Go in its interpreter), which compiles the package and
// runs its init functions. Compile errors name the plugin's own files. It is
// the body of an engine's Loader.LoadSource.
func (s *Sources) Load(eval func(code string) error, dir, importPath string) error {
	if err := s.Mount(dir, importPath); err != nil {
		return err
	}
	if err := eval("import _ " + strconv.Quote(importPath)); err != nil {
		return errors.New(s.Real(err.Error()))
	}
	return nil
}
