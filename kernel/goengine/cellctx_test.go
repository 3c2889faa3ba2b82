package goengine

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"
)

// waitSymbols is a compiled package for cells: Wait blocks until its
// context is done, as a long plugin run does.
var waitSymbols = interp.Exports{
	"example.com/wait/wait": {
		"Wait": reflect.ValueOf(func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		}),
		"HasDeadline": reflect.ValueOf(func(ctx context.Context) bool {
			_, ok := ctx.Deadline()
			return ok
		}),
	},
}

func TestCellContextReachesCompiledCode(t *testing.T) {
	e := newEngine(t, Options{Symbols: []interp.Exports{waitSymbols}})
	must(t, e, `import "example.com/wait"`)
	// run gives each cell a 10 s deadline: compiled code sees the cell's own
	// context through the prelude's ctx.
	if _, b := must(t, e, `wait.HasDeadline(ctx)`); text(b) != "true" {
		t.Fatalf("wait.HasDeadline(ctx) = %q, want true", text(b))
	}

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel) // the stop button
	start := time.Now()
	_, err := e.Execute(ctx, `err := wait.Wait(ctx)`, &recorder{})
	if err == nil {
		t.Fatal("an interrupted cell returned no error")
	}
	t.Logf("compiled wait stopped %v after the interrupt", time.Since(start)-200*time.Millisecond)

	// Between cells, and in the next cell, ctx is that cell's, not the
	// cancelled one.
	if _, b := must(t, e, `ctx.Err() == nil`); text(b) != "true" {
		t.Fatalf("ctx.Err() == nil in the next cell = %q", text(b))
	}
	if _, b := must(t, e, `fmt := 1; _ = fmt; ctx`); !strings.Contains(text(b), "cellctx.Current") {
		t.Errorf("ctx shows as %q", text(b))
	}
}
