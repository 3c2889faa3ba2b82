package goengine

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
)

// A main() whose program imports a package of a fetched module runs
// compiled, built with the notebook's module; a whole-program cell fetches
// a module no cell imported; once fetched, programs build offline.
func TestCompiledModules(t *testing.T) {
	needGo(t)
	fileProxy(t)
	e := newEngine(t, Options{})
	const compiled = "yak: the program ran compiled"
	r, _ := must(t, e, "import \"example.com/greet\"\nimport \"fmt\"\nfunc main() { fmt.Println(greet.Hello(\"compiled\")) }")
	if !strings.Contains(r.stdout(), "example.com/greet@v1.0.0") {
		t.Errorf("the import did not fetch greet: %q", r.stdout())
	}
	r, _ = must(t, e, "main()")
	if r.stdout() != "HELLO, COMPILED!\n" || !strings.Contains(r.stderr(), compiled) {
		t.Errorf("main(): stdout %q stderr %q, want greet's line, compiled", r.stdout(), r.stderr())
	}
	r, _ = must(t, e, "%debug rewrite\nmain()")
	if !strings.Contains(r.stdout(), "\"example.com/greet\"") {
		t.Errorf("%%debug rewrite does not show the compiled program with its import: %q", r.stdout())
	}

	// A whole program that imports a module no cell of its notebook has:
	// fetched, then compiled.
	fresh := newEngine(t, Options{})
	whole := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"example.com/shout\"\n)\n\nfunc main() {\n\tfmt.Println(shout.Shout(\"whole\"))\n\tos.Exit(len(os.Args))\n}\n"
	r, _, err := run(t, fresh, whole)
	if errName(err) != "ExitError" || !strings.Contains(err.Error(), "exit status 1") {
		// os.Exit: only a compiled program exits with a status.
		t.Fatalf("whole program: %v, want exit status 1 (stdout %q stderr %q)", err, r.stdout(), r.stderr())
	}
	if !strings.Contains(r.stdout(), "example.com/shout@v1.1.0 from the module cache") || !strings.HasSuffix(r.stdout(), "WHOLE!\n") {
		t.Errorf("whole program: stdout %q", r.stdout())
	}
	if !strings.Contains(r.stderr(), compiled) {
		t.Errorf("whole program: stderr %q, want the compiled run's note", r.stderr())
	}

	// Offline: no proxy, and a program that must be built anew.
	t.Setenv("GOPROXY", "off")
	r, _ = must(t, e, "func main() { fmt.Println(greet.Hello(\"offline\")) }\nmain()")
	if r.stdout() != "HELLO, OFFLINE!\n" {
		t.Errorf("offline: stdout %q stderr %q", r.stdout(), r.stderr())
	}
	// The go.mod a standard program is built with stays its own.
	r, _ = must(t, e, "func main() { fmt.Println(\"std only\") }\nmain()")
	if r.stdout() != "std only\n" {
		t.Errorf("a standard program after module ones: stdout %q stderr %q", r.stdout(), r.stderr())
	}
	if e.programModule(e.compiled.builder.Toolchain(), []byte("package main\nimport \"fmt\"\nfunc main() { fmt.Println() }\n")) != "" {
		t.Error("a standard program is built in the scratch module")
	}
}

// What the interpreter loaded from source is not a module: a program that
// imports it runs in the interpreter, which has it.
func TestCompiledSourcePackageFallsBack(t *testing.T) {
	needGo(t)
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/lib.go", []byte("package lib\n\nfunc Name() string { return \"from source\" }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, Options{})
	if err := e.LoadSource(dir, "example.org/lib"); err != nil {
		t.Fatal(err)
	}
	r, _ := must(t, e, "import \"example.org/lib\"\nimport \"fmt\"\nfunc main() { fmt.Println(lib.Name()) }")
	r, _ = must(t, e, "%debug rewrite\nmain()")
	if !strings.Contains(r.stdout(), "from source\n") || !strings.Contains(r.stderr(), "whose source the interpreter loaded") {
		t.Errorf("stdout %q stderr %q, want the interpreter's run and the reason", r.stdout(), r.stderr())
	}
}

// A module compiled into the kernel (gonum's mat, in yak) is not fetched
// for a compiled run: the interpreter runs main() with it.
func TestCompiledBinaryPackageFallsBack(t *testing.T) {
	needGo(t)
	e := newEngine(t, Options{Symbols: []interp.Exports{{
		"example.net/fake/fake": {"Answer": reflect.ValueOf(func() int { return 42 })},
	}}})
	must(t, e, "import \"example.net/fake\"\nimport \"fmt\"\nfunc main() { fmt.Println(fake.Answer()) }")
	r, _ := must(t, e, "%debug rewrite\nmain()")
	if !strings.Contains(r.stdout(), "42\n") || !strings.Contains(r.stderr(), "which the kernel has compiled in") || strings.Contains(r.stdout(), "module cache") {
		t.Errorf("stdout %q stderr %q, want the interpreter's run and the reason, nothing fetched", r.stdout(), r.stderr())
	}
}
