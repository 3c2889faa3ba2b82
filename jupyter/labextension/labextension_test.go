package labextension

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yaknb/yak/plugins/chart"
)

func TestInstallUninstall(t *testing.T) {
	data := t.TempDir()
	if !Built() {
		if _, err := Install(data); !errors.Is(err, ErrNotBuilt) {
			t.Fatalf("install without the built extension: %v, want ErrNotBuilt", err)
		}
		t.Skip("extension not built (make labextension): only the refusal was checked")
	}
	for range 2 { // the second install replaces the first
		dir, err := Install(data)
		if err != nil {
			t.Fatal(err)
		}
		if dir != filepath.Join(data, "labextensions", "@yaknb", "jupyterlab-echarts") {
			t.Errorf("installed in %s", dir)
		}
	}
	dir := Dir(data)
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Name       string `json:"name"`
		JupyterLab struct {
			Build struct {
				Load          string `json:"load"`
				MimeExtension string `json:"mimeExtension"`
			} `json:"_build"`
		} `json:"jupyterlab"`
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatal(err)
	}
	// What JupyterLab reads to load a prebuilt extension.
	if pkg.Name != Name || pkg.JupyterLab.Build.MimeExtension == "" || !strings.HasPrefix(pkg.JupyterLab.Build.Load, "static/remoteEntry.") {
		t.Errorf("package.json: %s", b)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(pkg.JupyterLab.Build.Load))); err != nil {
		t.Errorf("the entry point is missing: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err == nil {
		t.Error("the source tree's README was installed")
	}
	if entries, _ := os.ReadDir(filepath.Dir(dir)); len(entries) != 1 {
		t.Errorf("labextensions/@yaknb holds %v: leftovers of the install", entries)
	}
	if got, err := Uninstall(data); err != nil || got != dir {
		t.Fatalf("uninstall: %q, %v", got, err)
	}
	if _, err := os.Stat(filepath.Dir(dir)); !os.IsNotExist(err) {
		t.Errorf("@yaknb is still there: %v", err)
	}
	if got, err := Uninstall(data); err != nil || got != "" {
		t.Errorf("second uninstall: %q, %v", got, err)
	}
}

// The extension renders the type plugins/chart writes.
func TestMIMEMatchesCharts(t *testing.T) {
	if MIME != chart.MIMEECharts {
		t.Errorf("MIME %q, charts write %q", MIME, chart.MIMEECharts)
	}
	src, err := os.ReadFile("src/index.js")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "'"+MIME+"'") {
		t.Errorf("src/index.js does not render %s", MIME)
	}
}
