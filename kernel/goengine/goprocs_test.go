package goengine

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
)

// A cell's goroutines run on one processor while it runs (procs.Now is the
// real setting); runtime.GOMAXPROCS in a cell answers the setting the
// engine restores after the cell.
func TestGoroutinesOneProcessor(t *testing.T) {
	before := runtime.GOMAXPROCS(0)
	if before < 2 {
		t.Skip("needs GOMAXPROCS >= 2 to see the change")
	}
	now := interp.Exports{"yaktest/procs/procs": {"Now": reflect.ValueOf(func() int { return runtime.GOMAXPROCS(0) })}}
	e := newEngine(t, Options{Symbols: []interp.Exports{now}})
	r, _, err := run(t, e, "import (\"fmt\"; \"runtime\"; \"yaktest/procs\")\n"+
		"fmt.Println(procs.Now(), runtime.GOMAXPROCS(0))\ndone := make(chan bool)\ngo func() { done <- true }()\n<-done\nfmt.Println(procs.Now(), runtime.GOMAXPROCS(0))")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%d %d\n1 %d\n", before, before, before); r.stdout() != want {
		t.Errorf("got %q, want %q", r.stdout(), want)
	}
	if n := runtime.GOMAXPROCS(0); n != before {
		t.Errorf("GOMAXPROCS after the cell: %d, want %d", n, before)
	}
}

// A panic in a function given to WaitGroup.Go (a goroutine that compiled
// code starts) is recovered and reported, as one in a go statement is: it
// would end the kernel.
func TestWaitGroupGoPanic(t *testing.T) {
	got, err := runCells(t, []string{"import (\"fmt\"; \"sync\")",
		"var wg sync.WaitGroup\nwg.Go(func() { var m map[string]int; m[\"x\"] = 1 })\nwg.Wait()\nfmt.Println(\"done\")"})
	if err != nil || !strings.Contains(got, "panic in a goroutine (recovered, the kernel keeps running): assignment to entry in nil map") || !strings.Contains(got, "done\n") {
		t.Errorf("got %q, %v", got, err)
	}
}
