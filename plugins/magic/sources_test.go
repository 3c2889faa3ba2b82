package magic

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// The tests load plugins into a bare yaegi interpreter (see newEngine);
// Sources does for it what kernel/goengine's LoadSource does for the kernel.

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
