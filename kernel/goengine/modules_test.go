package goengine

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// No test of this package reaches the network: the module tests serve
// their modules from a directory (GOPROXY=file://...).
func TestMain(m *testing.M) {
	if cell := os.Getenv("GOENGINE_TEST_KERNEL_CELL"); cell != "" {
		// The kernel of TestShellDiesWithKernel: it runs the cell until
		// the test kills it.
		if e, err := New(Options{}); err == nil {
			e.Execute(context.Background(), cell, &recorder{})
			// TestShellJobDiesWithKernel: the kernel lives on after the
			// cell, until the test kills it.
			if ran := os.Getenv("GOENGINE_TEST_KERNEL_STAY"); ran != "" {
				os.WriteFile(ran, nil, 0o644)
				time.Sleep(time.Hour)
			}
		}
		os.Exit(0)
	}
	os.Setenv("GOPROXY", "off")
	os.Exit(m.Run())
}

// fileProxy writes a GOPROXY directory serving the modules under
// testdata/modules (each a directory named module@version, holding the
// module path's files) and points the go command at it, with a private
// module cache.
func fileProxy(t *testing.T) {
	t.Helper()
	proxy := t.TempDir()
	entries, err := os.ReadDir("testdata/modules")
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		dirName := strings.ReplaceAll(en.Name(), "%", "/") // example.com%greet@v1.0.0
		mod, version, ok := strings.Cut(dirName, "@")
		if !ok {
			t.Fatalf("testdata/modules/%s: want MODULE@VERSION", en.Name())
		}
		src := filepath.Join("testdata/modules", en.Name())
		at := filepath.Join(proxy, filepath.FromSlash(mod), "@v")
		if err := os.MkdirAll(at, 0o755); err != nil {
			t.Fatal(err)
		}
		gomod, err := os.ReadFile(filepath.Join(src, "go.mod"))
		if err != nil {
			t.Fatal(err)
		}
		write := func(name string, b []byte) {
			if err := os.WriteFile(filepath.Join(at, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		write(version+".mod", gomod)
		write(version+".info", []byte(`{"Version":"`+version+`","Time":"2026-01-01T00:00:00Z"}`))
		f, err := os.Create(filepath.Join(at, version+".zip"))
		if err != nil {
			t.Fatal(err)
		}
		zw := zip.NewWriter(f)
		err = filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			w, err := zw.Create(mod + "@" + version + "/" + filepath.ToSlash(rel))
			if err != nil {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			_, err = w.Write(b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		list, _ := os.ReadFile(filepath.Join(at, "list"))
		write("list", append(list, []byte(version+"\n")...))
	}
	t.Setenv("GOPROXY", "file://"+filepath.ToSlash(proxy))
	t.Setenv("GOSUMDB", "off")
	t.Setenv("GOMODCACHE", t.TempDir())
	t.Setenv("GOFLAGS", "-modcacherw") // so that t.TempDir can remove the cache
}

// A cell imports a package of a module that is not there: the engine
// fetches it (and the module it requires) into the module cache and the
// interpreter loads its source; the cell says so.
func TestModuleImport(t *testing.T) {
	fileProxy(t)
	e := newEngine(t, Options{})
	r, b, err := run(t, e, "import \"example.com/greet\"\ngreet.Hello(\"go\")")
	if err != nil {
		t.Fatalf("%v (stderr %q)", err, r.stderr())
	}
	if text(b) != "HELLO, GO!" {
		t.Errorf("value %q", text(b))
	}
	for _, want := range []string{"example.com/greet@v1.0.0", "example.com/shout@v1.1.0", "interpreted, slower than compiled Go"} {
		if !strings.Contains(r.stdout(), want) {
			t.Errorf("the cell's note lacks %q: %q", want, r.stdout())
		}
	}
	// Imported again (another cell, after a reset): no new fetch.
	if err := e.Reset(); err != nil {
		t.Fatal(err)
	}
	r, b = must(t, e, "import \"example.com/greet\"\ngreet.Hello(\"again\")")
	if text(b) != "HELLO, AGAIN!" || strings.Contains(r.stdout(), "module cache") {
		t.Errorf("after reset: %q, stdout %q", text(b), r.stdout())
	}
}

func TestGoGetMagic(t *testing.T) {
	fileProxy(t)
	e := newEngine(t, Options{})
	r, _ := must(t, e, "%go get example.com/shout@v1.0.0")
	if !strings.Contains(r.stdout(), "example.com/shout@v1.0.0") {
		t.Errorf("stdout %q", r.stdout())
	}
	if _, b := must(t, e, "import \"example.com/shout\"\nshout.Shout(\"x\")"); text(b) != "X!" {
		t.Errorf("shout.Shout = %q", text(b))
	}
	for _, bad := range []string{"%go", "%go build", "%go get"} {
		if _, _, err := run(t, e, bad); errName(err) != "UsageError" {
			t.Errorf("%s: err = %v", bad, err)
		}
	}
	_, _, err := run(t, e, "%go get example.com/nowhere@v1.0.0")
	if err == nil || !strings.Contains(err.Error(), "go get example.com/nowhere@v1.0.0 failed") {
		t.Errorf("missing module: err = %v", err)
	}
}

func TestIsModulePath(t *testing.T) {
	for p, want := range map[string]bool{
		"github.com/google/uuid": true, "golang.org/x/exp/constraints": true, "example.com/greet": true,
		"fmt": false, "net/http": false, "yakengine": false, "github.com/yaknb/yak/runtime/internal/cpu": false,
	} {
		if got := isModulePath(p); got != want {
			t.Errorf("isModulePath(%q) = %v", p, got)
		}
	}
}
