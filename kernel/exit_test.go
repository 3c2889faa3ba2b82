package kernel

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/yaknb/yak/display"
)

func TestExitStopsServeAfterReply(t *testing.T) {
	interp := &mockInterp{exec: func(ctx context.Context, code string, io ExecIO) (*display.Bundle, error) {
		if code == "exit" {
			fmt.Fprint(io.Stdout(), "bye")
			return nil, ErrExit
		}
		return nil, nil
	}}
	h := newHarness(t, interp, Config{})
	// A request queued behind the exit cell is never run: the kernel is gone.
	r, outs := h.execute("exit", nil)
	h.send(h.shell, "execute_request", map[string]any{"code": "after"})
	want := []any{map[string]any{"source": "ask_exit", "keepkernel": false}}
	if r["status"] != "ok" || !reflect.DeepEqual(r["payload"], want) {
		t.Errorf("reply %v, want status ok and payload %v", r, want)
	}
	if got := types(outs); !reflect.DeepEqual(got, []string{"execute_input", "stream"}) {
		t.Errorf("outputs %v, want the cell's input and its stream, no error", got)
	}
	if err := <-h.done; err != nil {
		t.Errorf("Serve returned %v, want nil after exit", err)
	}
	if got := interp.executed(); !reflect.DeepEqual(got, []string{"exit"}) {
		t.Errorf("executed %q, want only the exit cell", got)
	}
}

func TestErrExitIsAnExecError(t *testing.T) {
	// Runners that are not a kernel report it like any failed cell.
	ee := toExecError(ErrExit, false)
	if ee.Name != "SystemExit" || len(ee.Traceback) == 0 {
		t.Errorf("toExecError(ErrExit) = %+v", ee)
	}
}
