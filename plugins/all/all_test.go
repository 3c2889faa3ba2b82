package all

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yaknb/yak/plugins/registry"
)

// TestEveryBuiltinRegisters checks that each plugin package under plugins/
// that calls registry.Register is imported here, and that what it registers
// is complete: %plugins and %plugin info rely on every field.
func TestEveryBuiltinRegisters(t *testing.T) {
	byPath := map[string]registry.Plugin{}
	for _, p := range registry.All() {
		byPath[p.ImportPath()] = p
		for field, v := range map[string]string{"Version": p.Version(), "Summary": p.Summary(), "Example": p.Example()} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("plugin %s has an empty %s", p.Name(), field)
			}
		}
		if !strings.HasPrefix(p.ImportPath(), registry.BuiltinPrefix) {
			t.Errorf("built-in plugin %s has import path %q, want one under %s", p.Name(), p.ImportPath(), registry.BuiltinPrefix)
		}
	}
	dirs, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		switch d.Name() {
		case "registry", "magic", "symbols", "all": // the machinery, not plugins
			continue
		}
		if !d.IsDir() || !registers(t, filepath.Join("..", d.Name())) {
			continue
		}
		if _, ok := byPath[registry.BuiltinPrefix+d.Name()]; !ok {
			t.Errorf("plugins/%s calls registry.Register but is not imported by plugins/all (or registers another import path)", d.Name())
		}
	}
}

// registers reports whether a non-test file in dir calls registry.Register.
func registers(t *testing.T, dir string) bool {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(src), "registry.Register(") {
			return true
		}
	}
	return false
}
