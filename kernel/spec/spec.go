package spec

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
)

// Spec is the content of kernel.json.
type Spec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env"`
	Metadata      map[string]any    `json:"metadata"`
}

// New returns yak's spec for the binary at exe (an absolute path).
func New(exe, displayName, version string) Spec {
	if displayName == "" {
		displayName = "Go (yak)"
	}
	return Spec{
		Argv:          []string{exe, "kernel", "--connection-file", "{connection_file}"},
		DisplayName:   displayName,
		Language:      "go",
		InterruptMode: "message",
		Env:           map[string]string{},
		Metadata:      map[string]any{"debugger": false, "yak_version": version},
	}
}

// Where selects the Jupyter data directory a spec is installed into.
type Where struct {
	User      bool
	SysPrefix bool
	Prefix    string
}

// DataDir returns the Jupyter data directory (the parent of kernels/) for w.
func DataDir(w Where) (string, error) {
	n := 0
	for _, set := range []bool{w.User, w.SysPrefix, w.Prefix != ""} {
		if set {
			n++
		}
	}
	if n > 1 {
		return "", errors.New("spec: choose one of --user, --sys-prefix and --prefix")
	}
	switch {
	case w.User:
		if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
			return d, nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("spec: no home directory for --user: %w", err)
		}
		if runtime.GOOS == "darwin" {
			return filepath.Join(home, "Library", "Jupyter"), nil
		}
		if x := os.Getenv("XDG_DATA_HOME"); x != "" {
			return filepath.Join(x, "jupyter"), nil
		}
		return filepath.Join(home, ".local", "share", "jupyter"), nil
	case w.SysPrefix:
		for _, env := range []string{"VIRTUAL_ENV", "CONDA_PREFIX"} {
			if p := os.Getenv(env); p != "" {
				return filepath.Join(p, "share", "jupyter"), nil
			}
		}
		return "", errors.New("spec: --sys-prefix needs an active Python environment (VIRTUAL_ENV or CONDA_PREFIX is unset); activate it, or use --user or --prefix DIR")
	case w.Prefix != "":
		p, err := filepath.Abs(w.Prefix)
		if err != nil {
			return "", err
		}
		return filepath.Join(p, "share", "jupyter"), nil
	}
	return "/usr/local/share/jupyter", nil
}

var validName = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// Install writes s and the logos to dataDir/kernels/name, replacing an
// existing spec of that name, and returns the spec directory. The spec is
// assembled in a temporary directory next to its destination and renamed
// into place, so Jupyter never sees a partial spec.
func Install(dataDir, name string, s Spec) (string, error) {
	if !validName.MatchString(name) {
		return "", fmt.Errorf("spec: kernel name %q may only use letters, digits, '.', '_' and '-'", name)
	}
	kernels := filepath.Join(dataDir, "kernels")
	if err := os.MkdirAll(kernels, 0o755); err != nil {
		return "", notWritable(kernels, err)
	}
	// Stage beside kernels/, not in it: Jupyter lists every directory of
	// kernels/ that holds a kernel.json, so a staging or replaced spec left
	// there by a killed install would show up as a kernel. kernels/ itself
	// is the fallback when only it is writable (an admin-made shared folder).
	tmp, err := os.MkdirTemp(dataDir, ".yak-install-"+name+"-")
	if err != nil {
		if tmp, err = os.MkdirTemp(kernels, ".yak-install-"+name+"-"); err != nil {
			return "", notWritable(kernels, err)
		}
	}
	defer os.RemoveAll(tmp) // leftovers of a failure; a no-op after success
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	js, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return "", err
	}
	files := []struct {
		name string
		data []byte
	}{
		{"logo-32x32.png", LogoPNG(32)},
		{"logo-64x64.png", LogoPNG(64)},
		{"logo-svg.svg", LogoSVG()},
		{"kernel.json", append(js, '\n')}, // last: a directory with it is a kernel
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(tmp, f.name), f.data, 0o644); err != nil {
			return "", notWritable(kernels, err)
		}
	}
	dest := filepath.Join(kernels, name)
	old := ""
	if _, err := os.Stat(dest); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dest, old); err != nil {
			return "", notWritable(dest, err)
		}
	}
	if err := os.Rename(tmp, dest); err != nil {
		if old != "" {
			_ = os.Rename(old, dest) // put the previous spec back
		}
		return "", notWritable(dest, err)
	}
	if old != "" {
		_ = os.RemoveAll(old)
	}
	return dest, nil
}

func notWritable(path string, err error) error {
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("spec: cannot write the kernelspec to %s (permission denied); install with --user, or --prefix DIR for a directory you can write", path)
	}
	return fmt.Errorf("spec: cannot write the kernelspec to %s: %w", path, err)
}

// ErrNotInstalled is returned by Uninstall when there is no spec to remove.
var ErrNotInstalled = errors.New("spec: no such kernelspec")

// Uninstall removes the spec dataDir/kernels/name that Install wrote and
// returns its directory. It refuses a spec that is not yak's (its kernel.json
// lacks the yak_version metadata New writes), so a mistyped name cannot
// remove another kernel.
func Uninstall(dataDir, name string) (string, error) {
	if !validName.MatchString(name) {
		return "", fmt.Errorf("spec: kernel name %q may only use letters, digits, '.', '_' and '-'", name)
	}
	dir := filepath.Join(dataDir, "kernels", name)
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return dir, fmt.Errorf("%w %q in %s (jupyter kernelspec list shows where specs are)", ErrNotInstalled, name, filepath.Join(dataDir, "kernels"))
	}
	if err != nil {
		return dir, fmt.Errorf("spec: %w", err)
	}
	var s Spec
	if err := json.Unmarshal(b, &s); err != nil || s.Metadata["yak_version"] == nil {
		return dir, fmt.Errorf("spec: %s is not a yak kernelspec (no yak_version in its metadata); remove it with jupyter kernelspec remove %s", dir, name)
	}
	// Rename first, so Jupyter never lists a half-removed spec.
	gone, err := os.MkdirTemp(dataDir, ".yak-uninstall-"+name+"-")
	if err != nil {
		return dir, notWritable(dir, err)
	}
	if err := os.Rename(dir, filepath.Join(gone, name)); err != nil {
		os.Remove(gone)
		return dir, notWritable(dir, err)
	}
	return dir, os.RemoveAll(gone)
}

// List returns the names of the yak kernelspecs in dataDir/kernels (specs
// whose kernel.json has New's yak_version metadata), sorted.
func List(dataDir string) []string {
	entries, _ := os.ReadDir(filepath.Join(dataDir, "kernels"))
	var names []string
	for _, e := range entries { // sorted by ReadDir
		b, err := os.ReadFile(filepath.Join(dataDir, "kernels", e.Name(), "kernel.json"))
		if err != nil {
			continue
		}
		var s Spec
		if json.Unmarshal(b, &s) == nil && s.Metadata["yak_version"] != nil {
			names = append(names, e.Name())
		}
	}
	return names
}
