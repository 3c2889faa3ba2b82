package goengine

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel"
)

// recorder is an ExecIO that keeps everything a cell sends.
type recorder struct {
	mu       sync.Mutex
	out, err bytes.Buffer
	shown    []display.Bundle
	updates  int
	clears   int
	inputs   []string // answers to Input, in order
	prompts  []string
	noStdin  bool
}

func (r *recorder) Stdout() io.Writer {
	return writerFunc(func(p []byte) { r.mu.Lock(); r.out.Write(p); r.mu.Unlock() })
}
func (r *recorder) Stderr() io.Writer {
	return writerFunc(func(p []byte) { r.mu.Lock(); r.err.Write(p); r.mu.Unlock() })
}

func (r *recorder) Publish(b display.Bundle, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if update {
		r.updates++
	}
	r.shown = append(r.shown, b)
}

func (r *recorder) Clear(wait bool) { r.mu.Lock(); r.clears++; r.mu.Unlock() }

func (r *recorder) Input(prompt string, password bool) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.noStdin {
		return "", kernel.ErrStdinNotAllowed
	}
	r.prompts = append(r.prompts, prompt)
	if len(r.inputs) == 0 {
		return "", nil
	}
	s := r.inputs[0]
	r.inputs = r.inputs[1:]
	return s, nil
}

func (r *recorder) stdout() string { r.mu.Lock(); defer r.mu.Unlock(); return r.out.String() }
func (r *recorder) stderr() string { r.mu.Lock(); defer r.mu.Unlock(); return r.err.String() }

type writerFunc func(p []byte)

func (f writerFunc) Write(p []byte) (int, error) { f(p); return len(p), nil }

// newEngine makes an engine for a test and closes it at the end.
func newEngine(t testing.TB, opts Options) *Engine {
	t.Helper()
	e, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// run executes a cell with a deadline and returns what it sent.
func run(t testing.TB, e *Engine, code string) (*recorder, *display.Bundle, error) {
	t.Helper()
	r := &recorder{}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := e.Execute(ctx, code, r)
	return r, b, err
}

// text is the text/plain of a bundle, "" for none.
func text(b *display.Bundle) string {
	if b == nil {
		return ""
	}
	s, _ := b.Data["text/plain"].(string)
	return s
}

// must runs a cell that must succeed.
func must(t testing.TB, e *Engine, code string) (*recorder, *display.Bundle) {
	t.Helper()
	r, b, err := run(t, e, code)
	if err != nil {
		t.Fatalf("cell %q failed: %v\nstderr: %s", code, err, r.stderr())
	}
	return r, b
}

func tb(err error) string {
	if x, ok := err.(*kernel.ExecError); ok {
		return strings.Join(x.Traceback, "\n")
	}
	return ""
}
