package goengine

import (
	"context"
	"runtime"
	"testing"
)

// BenchmarkExecute measures a cell's round trip through the engine; the
// kernel's execute latency is this plus the protocol.
func BenchmarkExecute(b *testing.B) {
	for _, c := range []struct{ name, code string }{
		{"expr", "1 + 1"},
		{"print", "fmt.Println(x)"},
		{"decl", "func f(a int) int { return a * x }"},
		{"loop1e4", "s := 0\nfor i := 0; i < 10000; i++ { s += i }"},
	} {
		b.Run(c.name, func(b *testing.B) { benchCell(b, "import \"fmt\"\nx := 2", c.code) })
	}
	// The fmt passes ask which of fmt's methods a struct embedding a
	// compiled type gets forwarded (time.Time promotes about 50 methods).
	b.Run("printEmbed", func(b *testing.B) {
		benchCell(b, "import (\n\t\"fmt\"\n\t\"time\"\n)\ntype stamp struct {\n\ttime.Time\n\tnote string\n}\ns := stamp{time.Unix(0, 0).UTC(), \"x\"}", "fmt.Println(s)")
	})
	// A struct embedding a cell type with String (the embedfwd pass
	// forwards it), and declaring one.
	b.Run("printEmbedCell", func(b *testing.B) {
		benchCell(b, "import \"fmt\"\ntype Animal struct{ Name string }\nfunc (a Animal) String() string { return a.Name }\ntype Dog struct {\n\tAnimal\n\tBreed string\n}\nd := Dog{Animal{\"rex\"}, \"lab\"}", "fmt.Println(d)")
	})
	b.Run("declEmbedCell", func(b *testing.B) {
		benchCell(b, "import \"fmt\"\ntype Animal struct{ Name string }\nfunc (a Animal) String() string { return a.Name }\nvar _ = fmt.Sprint", "type Dog struct {\n\tAnimal\n\tBreed string\n}")
	})
	// Assertions and a type switch to a package's interface on a cell
	// value in an any, 1,000 a cell (through the ifaceassert and
	// typeswitch passes' conversions).
	assertSetup := "import \"fmt\"\ntype Animal struct{ Name string }\nfunc (a Animal) String() string { return a.Name }\nvar x any = Animal{\"a\"}"
	b.Run("assertStringer1e3", func(b *testing.B) {
		benchCell(b, assertSetup, "n := 0\nfor i := 0; i < 1000; i++ {\n\tif s, ok := x.(fmt.Stringer); ok && s != nil {\n\t\tn++\n\t}\n}")
	})
	b.Run("switchStringer1e3", func(b *testing.B) {
		benchCell(b, assertSetup, "n := 0\nfor i := 0; i < 1000; i++ {\n\tswitch x.(type) {\n\tcase error:\n\tcase fmt.Stringer:\n\t\tn++\n\t}\n}")
	})
	// An any printed: through yaegi's wrapper, and as yaegi's holder where
	// a cell type could have a Format that is not fmt's (the stamp).
	b.Run("printAny", func(b *testing.B) {
		benchCell(b, "import \"fmt\"\ntype T struct{ n int }\nfunc (t T) String() string { return \"t\" }\nvar a any = T{1}", "fmt.Println(a)")
	})
	b.Run("printAnyEmbed", func(b *testing.B) {
		benchCell(b, "import (\n\t\"fmt\"\n\t\"time\"\n)\ntype stamp struct {\n\ttime.Time\n\tnote string\n}\nvar a any = stamp{time.Unix(0, 0).UTC(), \"x\"}", "fmt.Println(a)")
	})
	// A cell's last expression: a slice of a cell type with String,
	// shown through the fmt adapter (1,000 calls into interpreted code),
	// and a cell function's two results, shown through a typed function
	// literal.
	showSetup := "import \"fmt\"\ntype Temp float64\nfunc (t Temp) String() string { return fmt.Sprintf(\"%.1f°C\", float64(t)) }\nts := make([]Temp, 1000)\nfs := make([]float64, 1000)\nfunc two() (Temp, error) { return 1, nil }"
	b.Run("showCellSlice1e3", func(b *testing.B) { benchCell(b, showSetup, "ts") })
	b.Run("showFloatSlice1e3", func(b *testing.B) { benchCell(b, showSetup, "fs") })
	b.Run("showTwoResults", func(b *testing.B) { benchCell(b, showSetup, "two()") })
}

// benchCell times code executed again and again in an engine that ran
// setup first.
func benchCell(b *testing.B, setup, code string) {
	e := newEngine(b, Options{})
	must(b, e, setup)
	r := &recorder{}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.Execute(ctx, code, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew measures engine start-up: New alone (the interpreter is made
// in the background, New returns at once) and until a first cell ran.
func BenchmarkNew(b *testing.B) {
	b.Run("New", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			e, err := New(Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			e.Close()
			b.StartTimer()
		}
	})
	b.Run("FirstCell", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			e, err := New(Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := e.Execute(context.Background(), "1", &recorder{}); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			e.Close()
			b.StartTimer()
		}
	})
}

// BenchmarkHeapGrowth reports the live heap after many executions (as
// heap-MB/1k-cells), to watch that state does not grow without bound.
func BenchmarkHeapGrowth(b *testing.B) {
	e := newEngine(b, Options{})
	r := &recorder{}
	ctx := context.Background()
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	for i := 0; i < b.N; i++ {
		if _, err := e.Execute(ctx, "1 + 1", r); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	b.ReportMetric(float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc))/(1<<20)/float64(b.N)*1000, "heap-MB/1k-cells")
}

func TestTrimRoots(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "1") // the interpreter is made in the background
	if !trimRoots(e.ip) {
		t.Fatal("yaegi's Interpreter has no roots []*node field any more: update trimRoots")
	}
	must(t, e, "func f() int { return 1 }")
	must(t, e, "x := f()")
	if _, b := must(t, e, "f() + x"); text(b) != "2" {
		t.Errorf("after trimming: %q", text(b))
	}
}

// BenchmarkMain measures a main() cell end to end, compiled (build with a
// warm cache, start, run; a Go toolchain is needed) and interpreted
// (YAK_GO=off), for a small program.
func BenchmarkMain(b *testing.B) {
	decl := "import \"fmt\"\nfunc main() {\n\ts := 0\n\tfor i := range 1000 {\n\t\ts += i\n\t}\n\tfmt.Println(\"sum\", s)\n}"
	for _, c := range []struct{ name, yakGo string }{{"compiled", ""}, {"interp", "off"}} {
		b.Run(c.name, func(b *testing.B) {
			b.Setenv("YAK_GO", c.yakGo)
			benchCell(b, decl, "main()")
		})
	}
}
