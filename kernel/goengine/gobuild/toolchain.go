package gobuild

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ErrOff is Find's error when YAK_GO=off turns compiling off.
var ErrOff = errors.New("gobuild: compiling is off (YAK_GO=off)")

// Toolchain is an installed Go toolchain.
type Toolchain struct {
	Go      string // path of the go command
	Version string // its GOVERSION, e.g. "go1.26.8"
	GOROOT  string // where its standard library is
}

// IsStd reports whether an import path is a package of the toolchain's
// standard library that a program may import.
func (t *Toolchain) IsStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	if path == "" || path == "C" || strings.Contains(first, ".") || first == "internal" || first == "vendor" ||
		strings.Contains(path, "/internal/") || strings.HasSuffix(path, "/internal") || strings.Contains(path, "..") {
		return false
	}
	fi, err := os.Stat(filepath.Join(t.GOROOT, "src", filepath.FromSlash(path)))
	return err == nil && fi.IsDir()
}

// Lang is the language version for a go.mod: "1.26" of "go1.26.8".
func (t *Toolchain) Lang() string {
	v := strings.TrimPrefix(t.Version, "go")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) >= 2 {
		// A release candidate names its minor version with a suffix:
		// go1.27rc1 is language 1.27.
		minor := parts[1]
		if i := strings.IndexFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
			minor = parts[1][:i]
		}
		return parts[0] + "." + minor
	}
	return v
}

// Find locates the toolchain: the go command that YAK_GO names (a path or
// a command on PATH), else go on PATH. YAK_GO=off returns ErrOff.
func Find() (*Toolchain, error) {
	return find(os.Getenv("YAK_GO"))
}

func find(setting string) (*Toolchain, error) {
	setting = strings.TrimSpace(setting)
	if strings.EqualFold(setting, "off") {
		return nil, ErrOff
	}
	name := setting
	if name == "" {
		name = "go"
	}
	path, err := exec.LookPath(name)
	if err != nil {
		if setting != "" {
			return nil, fmt.Errorf("gobuild: YAK_GO=%s is not a go command (%v); set it to the go binary's path, or to off", setting, err)
		}
		return nil, fmt.Errorf("gobuild: no Go toolchain: %v (install Go, or set YAK_GO to the go binary)", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "env", "GOVERSION", "GOROOT")
	cmd.Env = buildEnv()
	out, err := cmd.Output()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err != nil || len(lines) != 2 || !strings.HasPrefix(lines[0], "go1") {
		return nil, fmt.Errorf("gobuild: %s does not report a Go version (go env GOVERSION GOROOT: %q, %v)", path, out, err)
	}
	return &Toolchain{Go: path, Version: lines[0], GOROOT: strings.TrimSpace(lines[1])}, nil
}

// buildEnv is the environment of the go command: the process's, with the
// toolchain pinned to the one found (no download of another behind the
// user's back) and no workspace of the current directory.
func buildEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GOTOOLCHAIN", "GOWORK", "GOFLAGS", "GO111MODULE", "GOOS", "GOARCH":
			// The user's cross-compiling or vendoring settings are not
			// for a program that runs here and now.
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GOTOOLCHAIN=local", "GOWORK=off", "GO111MODULE=on")
}
