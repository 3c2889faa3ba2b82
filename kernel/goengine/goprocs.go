package goengine

import (
	"reflect"
	"runtime"
	"sync"

	"github.com/traefik/yaegi/interp"
)

// Goroutines of a cell run on one processor while the cell runs.
//
// Programs that print from goroutines (wait groups, fan-out over
// unbuffered channels) print in the order of compiled Go's scheduler: a new
// goroutine takes its processor's runnext slot, pushing the one before it
// to the local queue, so `for i := range 3 { go f(i) }; wg.Wait()` prints
// 2 0 1 under GOMAXPROCS 1 and 4 alike; the loop ends long before an idle
// processor can steal from the queue. Interpreted, the same loop takes
// microseconds per iteration, and with several processors the idle ones
// steal the first goroutines and run them while the loop still runs: the
// output order becomes 0 1 2, or varies from run to run. With one
// processor nothing steals, and the order is compiled Go's.
//
// So the first `go` statement that a cell executes (the goroutine pass puts
// _yakGo before each) sets GOMAXPROCS to 1 until the cell ends. Cells
// without go statements, and compiled code's own goroutines in them (the
// compute runtime's workers), keep every processor. A cell that calls
// runtime.GOMAXPROCS(n) with n > 0 asks for parallel goroutines: the engine
// leaves GOMAXPROCS alone from then on.
//
// GOMAXPROCS belongs to the process, and tests run several engines at
// once: oneProc counts the engines whose running cell wants one processor
// and restores the setting when the last of them ends.
var oneProc struct {
	mu    sync.Mutex
	n     int  // engines whose running cell holds GOMAXPROCS at 1
	saved int  // GOMAXPROCS before the first of them
	user  bool // a cell set GOMAXPROCS itself
}

// procs is one engine's part.
type procs struct {
	mu      sync.Mutex
	running bool // a cell runs
	holds   bool // the running cell counts in oneProc.n
}

// goStmt is called before every go statement of interpreted code.
func (p *procs) goStmt() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.running || p.holds {
		return
	}
	oneProc.mu.Lock()
	defer oneProc.mu.Unlock()
	if oneProc.user {
		return
	}
	if oneProc.n == 0 {
		oneProc.saved = runtime.GOMAXPROCS(1)
	}
	oneProc.n++
	p.holds = true
}

// cellStart and cellEnd bracket the execution of a cell.
func (p *procs) cellStart() {
	p.mu.Lock()
	p.running = true
	p.mu.Unlock()
}

func (p *procs) cellEnd() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running = false
	if !p.holds {
		return
	}
	p.holds = false
	oneProc.mu.Lock()
	defer oneProc.mu.Unlock()
	if oneProc.n--; oneProc.n == 0 && !oneProc.user {
		runtime.GOMAXPROCS(oneProc.saved)
	}
}

// gomaxprocs is runtime.GOMAXPROCS as cells see it: a query answers the
// setting the engine will restore, a setting is the cells' own from then
// on.
func gomaxprocs(n int) int {
	oneProc.mu.Lock()
	defer oneProc.mu.Unlock()
	prev := runtime.GOMAXPROCS(0)
	if oneProc.n > 0 && !oneProc.user {
		prev = oneProc.saved
	}
	if n > 0 {
		oneProc.user = true
		runtime.GOMAXPROCS(n)
	}
	return prev
}

// overrideRuntime replaces runtime.GOMAXPROCS in a copy of the runtime
// package's table in x.
func overrideRuntime(x interp.Exports) {
	t, ok := x["runtime/runtime"]
	if !ok {
		return
	}
	m := make(map[string]reflect.Value, len(t))
	for k, v := range t {
		m[k] = v
	}
	m["GOMAXPROCS"] = reflect.ValueOf(gomaxprocs)
	x["runtime/runtime"] = m
}
