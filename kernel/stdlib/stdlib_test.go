package stdlib_test

import (
	"fmt"
	"log"
	"reflect"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/kernel/stdlib"
)

func BenchmarkAllUse(b *testing.B) {
	for b.Loop() {
		ip := interp.New(interp.Options{})
		if err := ip.Use(stdlib.All()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBaseUse(b *testing.B) {
	for b.Loop() {
		ip := interp.New(interp.Options{})
		if err := ip.Use(stdlib.Symbols("fmt", "os", "log", "io", "bufio", "errors", "strings", "math/bits", "flag")); err != nil {
			b.Fatal(err)
		}
	}
}

// Every table builds, has symbols under its own key, and the packages the
// issue asked for are there.
func TestTables(t *testing.T) {
	paths := stdlib.Paths()
	if len(paths) < 150 {
		t.Fatalf("only %d standard packages have tables", len(paths))
	}
	for _, p := range paths {
		x := stdlib.Symbols(p)
		if _, ok := x["."]; !ok {
			t.Errorf("%s: no MapTypes entry", p)
		}
		if len(x) < 2 {
			t.Errorf("%s: no table", p)
		}
	}
	for _, c := range []struct{ path, sym string }{
		{"os/exec", "Command"}, {"log", "Logger"}, {"errors", "ErrUnsupported"},
		{"strings", "Lines"}, {"crypto/sha3", "Sum256"}, {"math/rand/v2", "IntN"}, {"unsafe", "Pointer"},
	} {
		found := false
		for k, m := range stdlib.Symbols(c.path) {
			if _, ok := m[c.sym]; ok && k != "." {
				found = true
			}
		}
		if !found {
			t.Errorf("%s.%s missing", c.path, c.sym)
		}
	}
	for _, p := range []string{"expvar", "net/http/pprof", "internal/cpu", "fmt/internal"} {
		if stdlib.Has(p) {
			t.Errorf("Has(%q) = true", p)
		}
	}
}

// The real *log.Logger, not a wrapper.
func TestLoggerIsReal(t *testing.T) {
	for k, m := range stdlib.Symbols("log") {
		if k == "log/log" {
			if got := m["Logger"].Type().Elem(); got != reflect.TypeOf(log.Logger{}) {
				t.Errorf("log.Logger is %v", got)
			}
		}
	}
}

func Example() {
	ip := interp.New(interp.Options{})
	if err := ip.Use(stdlib.Symbols("fmt", "strings")); err != nil {
		panic(err)
	}
	if _, err := ip.Eval(`import "strings"`); err != nil {
		panic(err)
	}
	v, err := ip.Eval(`strings.Repeat("go", 2)`)
	fmt.Println(v, err)
	// Output: gogo <nil>
}

func BenchmarkAllBuild(b *testing.B) {
	for b.Loop() {
		stdlib.All()
	}
}

func TestWithDeps(t *testing.T) {
	got := strings.Join(stdlib.WithDeps("encoding/json"), " ")
	for _, want := range []string{"encoding/json", "encoding", "io", "reflect"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Errorf("WithDeps(encoding/json) = %s, lacks %s", got, want)
		}
	}
	if got := stdlib.WithDeps("nosuch/pkg"); len(got) != 0 {
		t.Errorf("WithDeps(nosuch/pkg) = %q", got)
	}
}
