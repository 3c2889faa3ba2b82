// Package enginetest runs notebook cells in a real yak engine from tests:
// plugins use it to check that types declared in interpreted cells work with
// their compiled code. Symbol tables come from the caller, so this package
// imports nothing of plugins.
package enginetest

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel/goengine"
)

// Recorder is a kernel.ExecIO that keeps what cells print and display.
// Standard input is empty.
type Recorder struct {
	mu       sync.Mutex
	out, err strings.Builder
	bundles  []display.Bundle
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (r *Recorder) Stdout() io.Writer { return lockedWriter{&r.mu, &r.out} }
func (r *Recorder) Stderr() io.Writer { return lockedWriter{&r.mu, &r.err} }

func (r *Recorder) Publish(b display.Bundle, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.bundles = append(r.bundles, b)
}

func (r *Recorder) Clear(wait bool)                    {}
func (r *Recorder) Input(string, bool) (string, error) { return "", io.EOF }

// Out returns everything the cells printed to standard output.
func (r *Recorder) Out() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.String()
}

// Err returns everything the cells printed to standard error.
func (r *Recorder) Err() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err.String()
}

// Bundles returns the displays the cells published, in order.
func (r *Recorder) Bundles() []display.Bundle {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]display.Bundle(nil), r.bundles...)
}

// Run executes cells in order in a fresh engine that uses the given symbol
// tables, failing tb (with the output so far) at the first cell that errs.
// It returns the recorder for the caller's assertions.
func Run(tb testing.TB, symbols []interp.Exports, cells ...string) *Recorder {
	tb.Helper()
	e, err := goengine.New(goengine.Options{Symbols: symbols})
	if err != nil {
		tb.Fatal(err)
	}
	defer e.Close()
	var r Recorder
	for _, c := range cells {
		if _, err := e.Execute(context.Background(), c, &r); err != nil {
			tb.Fatalf("cell %q: %v\nstdout: %s\nstderr: %s", c, err, r.Out(), r.Err())
		}
	}
	return &r
}

// Session is an engine for a test that runs cells one at a time and hands
// back their errors: for cells that are meant to fail (bad input) or to be
// stopped (interrupts, timeouts).
type Session struct {
	Engine *goengine.Engine
	Rec    Recorder
}

// New starts a Session with the given symbol tables; the engine is closed
// when the test ends.
func New(tb testing.TB, symbols []interp.Exports) *Session {
	tb.Helper()
	e, err := goengine.New(goengine.Options{Symbols: symbols})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Close() })
	return &Session{Engine: e}
}

// Exec runs one cell with ctx, which stands for the kernel's interrupt and
// `yak run --timeout`: cancelling it is pressing stop.
func (s *Session) Exec(ctx context.Context, code string) (*display.Bundle, error) {
	return s.Engine.Execute(ctx, code, &s.Rec)
}

// Must runs cells that must succeed, failing tb at the first error.
func (s *Session) Must(tb testing.TB, cells ...string) {
	tb.Helper()
	for _, c := range cells {
		if _, err := s.Exec(context.Background(), c); err != nil {
			tb.Fatalf("cell %q: %v\nstdout: %s\nstderr: %s", c, err, s.Rec.Out(), s.Rec.Err())
		}
	}
}
