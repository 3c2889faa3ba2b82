package labextension

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// Name is the extension's npm name: the directory under labextensions/.
const Name = "@yaknb/jupyterlab-echarts"

// MIME is the output type the extension renders.
const MIME = "application/vnd.yak.echarts+json"

// built is dist/ as `make labextension` left it; only its README without.
//
//go:embed dist
var built embed.FS

// ErrNotBuilt is returned by Install from a binary built without the
// extension.
var ErrNotBuilt = errors.New("labextension: this yak was built without its JupyterLab extension (build it with make, which needs npm); charts show their HTML fallback")

// Built reports whether this binary embeds the built extension.
func Built() bool {
	_, err := fs.Stat(built, "dist/package.json")
	return err == nil
}

// Dir is where Install puts the extension under the data directory dataDir.
func Dir(dataDir string) string {
	return filepath.Join(dataDir, "labextensions", filepath.FromSlash(Name))
}

// Install writes the extension into Dir(dataDir), replacing an older one,
// and returns that directory. It is assembled beside its destination and
// renamed into place, so JupyterLab never loads half an extension.
func Install(dataDir string) (string, error) {
	if !Built() {
		return "", ErrNotBuilt
	}
	dest := Dir(dataDir)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("labextension: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, ".yak-install-")
	if err != nil {
		return "", fmt.Errorf("labextension: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	err = fs.WalkDir(built, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := p[len("dist"):]
		if rel == "" || path.Base(p) == "README.md" && path.Dir(p) == "dist" {
			return nil
		}
		target := filepath.Join(tmp, filepath.FromSlash(rel))
		if d.IsDir() {
			return os.Mkdir(target, 0o755)
		}
		data, err := built.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		return "", fmt.Errorf("labextension: %w", err)
	}
	old := ""
	if _, err := os.Stat(dest); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dest, old); err != nil {
			return "", fmt.Errorf("labextension: %w", err)
		}
	}
	if err := os.Rename(tmp, dest); err != nil {
		if old != "" {
			_ = os.Rename(old, dest)
		}
		return "", fmt.Errorf("labextension: %w", err)
	}
	if old != "" {
		_ = os.RemoveAll(old)
	}
	return dest, nil
}

// Uninstall removes the extension from dataDir, if there, and returns the
// directory it removed ("" when there was none).
func Uninstall(dataDir string) (string, error) {
	dest := Dir(dataDir)
	if _, err := os.Stat(filepath.Join(dest, "package.json")); err != nil {
		return "", nil
	}
	if err := os.RemoveAll(dest); err != nil {
		return "", fmt.Errorf("labextension: %w", err)
	}
	// The scope directory (@yaknb) goes too when it is left empty.
	_ = os.Remove(filepath.Dir(dest))
	return dest, nil
}
