// Package cellctx carries the context of the notebook cell that is running,
// so that compiled code started from a cell stops when the cell is
// interrupted or times out, without the cell building a context of its own.
//
// The engine (kernel/goengine) calls Enter with the context of each cell it
// executes; the interrupt button, SIGINT and `yak run --timeout` cancel that
// context. Notebook code passes it on to every long run through the
// prelude's variable ctx, which is Current:
//
//	res, err := bandit.Experiment{Rounds: 400000}.Run(ctx)
//
// Current is a context.Context whose methods ask for the running cell's
// context at each call. Code that needs the context of one particular cell
// calls Context and keeps the result; long-running entry points do that
// for a Current they are given through its Resolve method (see
// runtime/parallel.Bind), because an interrupted cell's compiled work
// outlives the cell by a moment, and by then Current already stands for
// the next cell (or for none).
//
// The package is a leaf: it imports nothing of yak, so the engine, the
// display package, the runtime and plugins may all import it.
package cellctx

import (
	"context"
	"sync/atomic"
	"time"
)

type box struct{ ctx context.Context }

var running atomic.Pointer[box]

// Enter makes ctx the running cell's context and returns the function that
// restores the previous one (defer it). A nil ctx means
// context.Background().
func Enter(ctx context.Context) (leave func()) {
	if ctx == nil {
		ctx = context.Background()
	}
	prev := running.Swap(&box{ctx})
	return func() { running.Store(prev) }
}

// Context returns the running cell's context, or context.Background() when
// no cell is running (compiled programs, tests).
func Context() context.Context {
	if b := running.Load(); b != nil {
		return b.ctx
	}
	return context.Background()
}

// Current stands for the running cell's context: each of its methods asks
// Context at the time of the call. The prelude's ctx is Current.
var Current context.Context = current{}

type current struct{}

func (current) Deadline() (time.Time, bool) { return Context().Deadline() }
func (current) Done() <-chan struct{}       { return Context().Done() }
func (current) Err() error                  { return Context().Err() }
func (current) Value(key any) any           { return Context().Value(key) }
func (current) String() string              { return "cellctx.Current" }

// Resolve returns the running cell's own context (Context), to keep for
// the rest of a run. runtime/parallel.Bind calls it without importing
// this package.
func (current) Resolve() context.Context { return Context() }
