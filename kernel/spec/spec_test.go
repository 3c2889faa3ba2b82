package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestInstall(t *testing.T) {
	data := t.TempDir()
	s := New("/opt/yak/bin/yak", "", "1.0.0")
	dir, err := Install(data, "yak", s)
	if err != nil {
		t.Fatal(err)
	}
	if dir != filepath.Join(data, "kernels", "yak") {
		t.Errorf("installed in %s", dir)
	}
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got["argv"], []any{"/opt/yak/bin/yak", "kernel", "--connection-file", "{connection_file}"}) ||
		got["display_name"] != "Go (yak)" || got["language"] != "go" || got["interrupt_mode"] != "message" {
		t.Errorf("kernel.json %v", got)
	}
	if _, ok := got["metadata"].(map[string]any); !ok {
		t.Errorf("metadata missing")
	}
	for name, size := range map[string]int{"logo-32x32.png": 32, "logo-64x64.png": 64} {
		f, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(f))
		if err != nil || img.Bounds().Dx() != size || img.Bounds().Dy() != size {
			t.Errorf("%s: %v %v", name, err, img.Bounds())
		}
	}
	if svg, _ := os.ReadFile(filepath.Join(dir, "logo-svg.svg")); !bytes.HasPrefix(svg, []byte("<svg")) {
		t.Errorf("svg %q", svg)
	}

	// Reinstalling replaces the spec and leaves no temporary directories.
	if _, err := Install(data, "yak", New("/new/yak", "Go (dev)", "2")); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(filepath.Join(dir, "kernel.json"))
	if !strings.Contains(string(b), "/new/yak") || !strings.Contains(string(b), "Go (dev)") {
		t.Errorf("not replaced: %s", b)
	}
	entries, _ := os.ReadDir(filepath.Join(data, "kernels"))
	if len(entries) != 1 {
		t.Errorf("kernels/ holds %d entries, want only yak", len(entries))
	}
}

func TestInstallRefuses(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Install(file, "yak", New("/x", "", "")); err == nil || !strings.Contains(err.Error(), "cannot write the kernelspec") {
		t.Errorf("install under a file: %v", err)
	}
	if _, err := Install(t.TempDir(), "../evil", New("/x", "", "")); err == nil {
		t.Error("accepted a name with a path separator")
	}
}

func TestDataDir(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	t.Setenv("VIRTUAL_ENV", "/venv")
	t.Setenv("CONDA_PREFIX", "")
	tests := []struct {
		w    Where
		want string
	}{
		{Where{User: true}, "/xdg/jupyter"},
		{Where{SysPrefix: true}, "/venv/share/jupyter"},
		{Where{Prefix: "/p"}, "/p/share/jupyter"},
		{Where{}, "/usr/local/share/jupyter"},
	}
	for _, tt := range tests {
		got, err := DataDir(tt.w)
		if err != nil || got != tt.want {
			t.Errorf("DataDir(%+v) = %q, %v; want %q", tt.w, got, err, tt.want)
		}
	}
	t.Setenv("JUPYTER_DATA_DIR", "/jd")
	if got, _ := DataDir(Where{User: true}); got != "/jd" {
		t.Errorf("JUPYTER_DATA_DIR ignored: %s", got)
	}
	if _, err := DataDir(Where{User: true, Prefix: "/p"}); err == nil {
		t.Error("two locations accepted")
	}
	t.Setenv("VIRTUAL_ENV", "")
	if _, err := DataDir(Where{SysPrefix: true}); err == nil || !strings.Contains(err.Error(), "VIRTUAL_ENV") {
		t.Errorf("--sys-prefix without an environment: %v", err)
	}
}

func TestLogoSVGGolden(t *testing.T) {
	got := LogoSVG()
	want, err := os.ReadFile(filepath.Join("testdata", "logo-svg.svg"))
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("LogoSVG differs from testdata/logo-svg.svg (%v):\n%s", err, got)
	}
}

func ExampleNew() {
	s := New("/usr/local/bin/yak", "", "0.1.0")
	fmt.Println(s.DisplayName, s.Language, s.InterruptMode)
	fmt.Println(strings.Join(s.Argv, " "))
	// Output:
	// Go (yak) go message
	// /usr/local/bin/yak kernel --connection-file {connection_file}
}

func TestUninstall(t *testing.T) {
	data := t.TempDir()
	if _, err := Install(data, "yak-x", New("/opt/yak", "", "1")); err != nil {
		t.Fatal(err)
	}
	if got := List(data); len(got) != 1 || got[0] != "yak-x" {
		t.Errorf("List = %v, want [yak-x]", got)
	}
	dir, err := Uninstall(data, "yak-x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s still there: %v", dir, err)
	}
	if entries, _ := os.ReadDir(data); len(entries) != 1 { // kernels/ only, no leftovers
		t.Errorf("data dir holds %v", entries)
	}
	if _, err := Uninstall(data, "yak-x"); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("second uninstall: %v, want ErrNotInstalled", err)
	}
	// Another kernel's spec is left alone.
	other := filepath.Join(data, "kernels", "python3")
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(other, "kernel.json"), []byte(`{"argv": ["python3"], "metadata": {}}`), 0o644)
	if got := List(data); len(got) != 0 {
		t.Errorf("List = %v, want none (python3 is not yak's)", got)
	}
	if _, err := Uninstall(data, "python3"); err == nil || !strings.Contains(err.Error(), "not a yak kernelspec") {
		t.Errorf("uninstall of python3: %v", err)
	}
	if _, err := os.Stat(filepath.Join(other, "kernel.json")); err != nil {
		t.Errorf("python3's spec was touched: %v", err)
	}
	if _, err := Uninstall(data, "../evil"); err == nil {
		t.Error("accepted a name with a path separator")
	}
}
