package all

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/kernel"
	"github.com/yaknb/yak/kernel/goengine/enginetest"
	"github.com/yaknb/yak/plugins/registry"
	"github.com/yaknb/yak/plugins/symbols"
)

// TestExamplesRun runs the example that `%plugin info NAME` prints for every
// built-in plugin through the real engine, from notebooks/ (where their
// data/ paths point). An example must compile and run without an error
// for exampleTime; a longer one is stopped there, which must not fail it
// (the stop itself is what the plugins' own tests check).
func TestExamplesRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every plugin's example")
	}
	const exampleTime = 5 * time.Second
	t.Chdir("../../notebooks")
	for _, p := range registry.All() {
		if p.ImportPath() != registry.BuiltinPrefix+p.Name() {
			continue
		}
		t.Run(p.Name(), func(t *testing.T) {
			s := enginetest.New(t, []interp.Exports{symbols.Symbols})
			ctx, cancel := context.WithTimeout(context.Background(), exampleTime)
			defer cancel()
			_, err := s.Exec(ctx, p.Example())
			var ee *kernel.ExecError
			if errors.As(err, &ee) && ee.Name == "CompileError" || err != nil && ctx.Err() == nil {
				t.Fatalf("the example of %%plugin info %s fails: %v\n%s\nstderr: %s", p.Name(), err, p.Example(), s.Rec.Err())
			}
			if err != nil {
				t.Logf("%s: stopped after %v, as the test asks (%v)", p.Name(), exampleTime, firstLine(err.Error()))
			}
		})
	}
}

func firstLine(s string) string {
	for i, c := range s {
		if c == '\n' {
			return s[:i]
		}
	}
	return s
}
