package gobuild

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLang(t *testing.T) {
	for _, c := range []struct{ version, want string }{
		{"go1.26.8", "1.26"},
		{"go1.26", "1.26"},
		{"go1.27rc1", "1.27"},
		{"go1.22.0", "1.22"},
	} {
		if got := (&Toolchain{Version: c.version}).Lang(); got != c.want {
			t.Errorf("Lang of %s = %q, want %q", c.version, got, c.want)
		}
	}
}

func TestFindSettings(t *testing.T) {
	if _, err := find("off"); !errors.Is(err, ErrOff) {
		t.Errorf("YAK_GO=off: %v, want ErrOff", err)
	}
	if _, err := find("OFF "); !errors.Is(err, ErrOff) {
		t.Errorf("YAK_GO=OFF: %v, want ErrOff", err)
	}
	_, err := find("/nonexistent/go")
	if err == nil || !strings.Contains(err.Error(), "YAK_GO=/nonexistent/go is not a go command") {
		t.Errorf("YAK_GO=/nonexistent/go: %v", err)
	}
}

func TestParseMessages(t *testing.T) {
	for _, c := range []struct {
		name, out string
		want      []Message
	}{
		{"line directive", "# yakprogram\ncell[4]:7:13: declared and not used: x\n",
			[]Message{{"cell[4]", 7, 13, "declared and not used: x"}}},
		{"no column", "cell:3: undefined: y\n", []Message{{"cell", 3, 0, "undefined: y"}}},
		{"continued", "./main.go:5:9: cannot use x (variable of type int) as string value in return statement\n\thave (int)\n\twant (string)\n",
			[]Message{{"main.go", 5, 9, "cannot use x (variable of type int) as string value in return statement\n\thave (int)\n\twant (string)"}}},
		{"two", "cell:1:1: a\ncell[2]:3:4: b\n", []Message{{"cell", 1, 1, "a"}, {"cell[2]", 3, 4, "b"}}},
		{"none", "go: something else went wrong\n", nil},
	} {
		got := parseMessages(c.out)
		if len(got) != len(c.want) {
			t.Errorf("%s: %d messages %v, want %v", c.name, len(got), got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: message %d = %#v, want %#v", c.name, i, got[i], c.want[i])
			}
		}
	}
}

// toolchain returns the installed toolchain, or skips: CI has Go (it
// builds yak).
func toolchain(t testing.TB) *Builder {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("no Go toolchain on PATH: %v", err)
	}
	tc, err := find("")
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBuilder(tc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func TestBuildAndRun(t *testing.T) {
	b := toolchain(t)
	for _, c := range []struct {
		name, src string
		code      int
		stdout    string
		stderr    []string // substrings
	}{
		{"hello", "package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"hello\") }\n", 0, "hello\n", nil},
		{"exit code", "package main\nimport \"os\"\nfunc main() { defer println(\"not run\"); os.Exit(3) }\n", 3, "", nil},
		{"panic traceback at the directive's lines", "package main\n//line cell[2]:10:1\nfunc f(xs []int) int { return xs[5] }\n//line cell:1:1\nfunc main() {\n\tf(nil)\n}\n", 2, "",
			[]string{"panic: runtime error: index out of range [5] with length 0", "cell[2]:10", "cell:2"}},
		{"goroutines end with main", "package main\nimport (\"fmt\"; \"time\")\nfunc main() {\n\tgo func() { time.Sleep(time.Second); fmt.Println(\"late\") }()\n\tfmt.Println(\"end\")\n}\n", 0, "end\n", nil},
	} {
		bin, err := b.Build(context.Background(), []byte(c.src))
		if err != nil {
			t.Errorf("%s: build: %v", c.name, err)
			continue
		}
		var out, errOut bytes.Buffer
		code, err := Run(context.Background(), bin, RunOptions{Stdout: &out, Stderr: &errOut})
		if err != nil || code != c.code || out.String() != c.stdout {
			t.Errorf("%s: code %d err %v stdout %q, want code %d stdout %q", c.name, code, err, out.String(), c.code, c.stdout)
		}
		for _, s := range c.stderr {
			if !strings.Contains(errOut.String(), s) {
				t.Errorf("%s: stderr lacks %q:\n%s", c.name, s, errOut.String())
			}
		}
	}
}

func TestBuildError(t *testing.T) {
	b := toolchain(t)
	src := "package main\n//line cell[4]:7:1\nfunc g() { x := 1 }\n//line cell:1:1\nfunc main() { g() }\n"
	_, err := b.Build(context.Background(), []byte(src))
	var be *BuildError
	if !errors.As(err, &be) {
		t.Fatalf("build error %T %v, want *BuildError", err, err)
	}
	want := Message{"cell[4]", 7, 12, "declared and not used: x"}
	if len(be.Messages) != 1 || be.Messages[0] != want {
		t.Errorf("messages %#v, want %#v", be.Messages, want)
	}
}

func TestRunInterrupt(t *testing.T) {
	b := toolchain(t)
	for _, c := range []struct{ name, src string }{
		{"ends on SIGINT", "package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"started\"); for {} }\n"},
		{"ignores SIGINT: killed", "package main\nimport (\"fmt\"; \"os/signal\"; \"os\")\nfunc main() { signal.Ignore(os.Interrupt); fmt.Println(\"started\"); select {} }\n"},
	} {
		bin, err := b.Build(context.Background(), []byte(c.src))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			// Cancel once the program runs (its first line is out).
			buf := make([]byte, 8)
			r.Read(buf)
			cancel()
		}()
		code, err := Run(ctx, bin, RunOptions{Stdout: w, Grace: 200 * time.Millisecond})
		w.Close()
		if !errors.Is(err, ErrInterrupted) || code != -1 {
			t.Errorf("%s: code %d err %v, want ErrInterrupted", c.name, code, err)
		}
	}
}

func TestIsStd(t *testing.T) {
	b := toolchain(t)
	for _, c := range []struct {
		path string
		want bool
	}{
		{"fmt", true}, {"math/rand/v2", true}, {"net/http", true},
		{"internal/abi", false}, {"crypto/internal/fips140", false}, {"yaktest/word", false},
		{"github.com/yaknb/yak/display", false}, {"C", false}, {"../etc", false},
	} {
		if got := b.Toolchain().IsStd(c.path); got != c.want {
			t.Errorf("IsStd(%q) = %v, want %v", c.path, got, c.want)
		}
	}
}

// A program built in a module imports the packages of the modules it
// requires (here one replaced by a local directory: no proxy needed).
func TestBuildInModule(t *testing.T) {
	b := toolchain(t)
	dir := t.TempDir()
	lib, mod := filepath.Join(dir, "lib"), filepath.Join(dir, "notebook")
	for name, text := range map[string]string{
		filepath.Join(lib, "go.mod"): "module example.com/lib\n\ngo 1.22\n",
		filepath.Join(lib, "lib.go"): "package lib\n\nfunc Name() string { return \"lib\" }\n",
		// An entry of a module the program does not use: go build
		// leaves it be.
		filepath.Join(mod, "go.sum"): "example.com/unused v1.0.0/go.mod h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
		filepath.Join(mod, "go.mod"): "module yak.notebook\n\ngo " + b.Toolchain().Lang() + "\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => " + lib + "\n",
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := []byte("package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/lib\"\n)\n\nfunc main() { fmt.Println(lib.Name()) }\n")
	if _, err := b.Build(context.Background(), src); err == nil {
		t.Error("a program importing a module built without the module's go.mod")
	}
	bin, err := b.BuildIn(context.Background(), src, mod)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if code, err := Run(context.Background(), bin, RunOptions{Stdout: &out}); err != nil || code != 0 || out.String() != "lib\n" {
		t.Errorf("code %d err %v stdout %q, want lib", code, err, out.String())
	}
	if _, err := os.Stat(filepath.Join(b.dir, "go.sum")); err != nil {
		t.Errorf("the module's go.sum is not in the build: %v", err)
	}
	if !b.Reuses(src, mod) || b.Reuses(src, "") {
		t.Errorf("Reuses in the module %v, alone %v: want true, false", b.Reuses(src, mod), b.Reuses(src, ""))
	}
	std := []byte("package main\n\nfunc main() {}\n")
	if _, err := b.Build(context.Background(), std); err != nil {
		t.Errorf("a standard program after a module one: %v", err)
	}
	if _, err := os.Stat(filepath.Join(b.dir, "go.sum")); err == nil {
		t.Error("the module's go.sum stayed for a standard program")
	}
}
