package notebook

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/yaknb/yak/kernel"
)

// outputsOf summarises a cell's outputs as "type:name:text" strings.
func outputsOf(c Cell) []string {
	var got []string
	for _, o := range c.Outputs {
		switch o.Type {
		case Stream:
			got = append(got, "stream:"+o.Name+":"+o.Text)
		case Error:
			got = append(got, "error:"+o.EName+":"+o.EValue)
		default:
			text, _ := o.Data["text/plain"].(string)
			got = append(got, o.Type+":"+text)
		}
	}
	return got
}

func TestExecuteOutputs(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"streams merge", "out a\nout b\nerr c\nerr d\nout e",
			[]string{"stream:stdout:a\nb\n", "stream:stderr:c\nd\n", "stream:stdout:e\n"}},
		{"display then value", "html <b>x</b>\nvalue 42",
			[]string{"display_data:html", "execute_result:42"}},
		{"update in place", "show p 0%\nout between\nupdate p 50%\nupdate p 100%",
			[]string{"display_data:100%", "stream:stdout:between\n"}},
		{"update unknown id is ignored", "update nope x\nout y", []string{"stream:stdout:y\n"}},
		{"clear now", "out a\nclear\nout b", []string{"stream:stdout:b\n"}},
		{"clear wait keeps until next output", "out a\nclearwait", []string{"stream:stdout:a\n"}},
		{"clear wait then output", "out a\nclearwait\nout b", []string{"stream:stdout:b\n"}},
		{"clear wait does not merge streams", "out a\nclearwait\nout b\nout c", []string{"stream:stdout:b\nc\n"}},
		{"error output", "out before\nfail CompileError bad syntax",
			[]string{"stream:stdout:before\n", "error:CompileError:bad syntax"}},
		{"plain error", "bogus", []string{`error:Error:fake: unknown command "bogus"`}},
		{"stdin refused", "input name? ", []string{"error:Error:" + kernel.ErrStdinNotAllowed.Error()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb := codeNotebook(tt.src)
			_, err := Execute(context.Background(), nb, &fakeInterp{}, Options{AllowErrors: true})
			if err != nil {
				t.Fatalf("Execute: %v", err)
			}
			if got := outputsOf(nb.Cells[0]); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("outputs\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestExecuteUpdatesAcrossCells(t *testing.T) {
	nb := codeNotebook("show bar 0%", "update bar done\nout ok")
	if _, err := Execute(context.Background(), nb, &fakeInterp{}, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := outputsOf(nb.Cells[0]); !reflect.DeepEqual(got, []string{"display_data:done"}) {
		t.Errorf("first cell: %q", got)
	}
}

func TestExecuteStopsAtFirstError(t *testing.T) {
	nb := codeNotebook("out one", "fail RuntimeError boom", "out three")
	nb.Cells[2].Outputs = []Output{{Type: Stream, Name: "stdout", Text: "stale\n"}}
	res, err := Execute(context.Background(), nb, &fakeInterp{}, Options{})
	var ce *CellError
	if !errors.As(err, &ce) || ce.Index != 1 || ce.ID != "c2" || ce.Err.Name != "RuntimeError" {
		t.Fatalf("err = %v, want cell 2 RuntimeError", err)
	}
	if want := "cell 2 (id c2) failed: RuntimeError: boom"; err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
	if res.Executed != 2 {
		t.Errorf("executed %d cells, want 2", res.Executed)
	}
	if c := nb.Cells[2]; c.ExecutionCount != nil || len(c.Outputs) != 0 {
		t.Errorf("cell after the failure kept count %v and outputs %q", c.ExecutionCount, outputsOf(c))
	}
}

func TestExecuteAllowErrorsAndTags(t *testing.T) {
	nb := codeNotebook("fail E1 first", "out skipped", "fail E2 expected", "  \n", "out last")
	nb.Cells[1].Metadata = map[string]any{"tags": []any{TagSkip}}
	nb.Cells[2].Metadata = map[string]any{"tags": []any{TagRaises}}

	res, err := Execute(context.Background(), nb, &fakeInterp{}, Options{AllowErrors: true})
	if err != nil {
		t.Fatal(err)
	}
	var counts []any
	for _, c := range nb.Cells {
		if c.ExecutionCount == nil {
			counts = append(counts, nil)
		} else {
			counts = append(counts, *c.ExecutionCount)
		}
	}
	if want := []any{1, nil, 2, nil, 3}; !reflect.DeepEqual(counts, want) {
		t.Errorf("execution counts %v, want %v", counts, want)
	}
	if len(res.Errors) != 2 {
		t.Errorf("errors %v, want 2", res.Errors)
	}

	// Without AllowErrors, the tagged cell alone does not stop the run.
	nb = codeNotebook("fail E2 expected", "out after")
	nb.Cells[0].Metadata = map[string]any{"tags": []any{TagRaises}}
	if _, err := Execute(context.Background(), nb, &fakeInterp{}, Options{}); err != nil {
		t.Fatalf("raises-exception cell stopped the run: %v", err)
	}
	if got := outputsOf(nb.Cells[1]); len(got) != 1 {
		t.Errorf("cell after the expected failure: %q", got)
	}
}

func TestExecuteTimeout(t *testing.T) {
	nb := codeNotebook("out start\nsleep", "out next")
	_, err := Execute(context.Background(), nb, &fakeInterp{}, Options{Timeout: 20 * time.Millisecond})
	var ce *CellError
	if !errors.As(err, &ce) || ce.Err.Name != "CellTimeoutError" || !strings.Contains(ce.Err.Value, "--timeout") {
		t.Fatalf("err = %v, want a CellTimeoutError naming --timeout", err)
	}
	if got := outputsOf(nb.Cells[0]); len(got) != 2 || !strings.HasPrefix(got[1], "error:CellTimeoutError") {
		t.Errorf("outputs %q", got)
	}
}

func TestExecuteHungInterpreterStopsEvenWithAllowErrors(t *testing.T) {
	defer func(g time.Duration) { interruptGrace = g }(interruptGrace)
	interruptGrace = 10 * time.Millisecond
	f := &fakeInterp{release: make(chan struct{})}
	defer close(f.release)
	nb := codeNotebook("hang", "out next")
	_, err := Execute(context.Background(), nb, f, Options{Timeout: 10 * time.Millisecond, AllowErrors: true})
	if err == nil || !strings.Contains(err.Error(), "did not stop") {
		t.Fatalf("err = %v, want the run to end because the interpreter did not stop", err)
	}
	if nb.Cells[1].ExecutionCount != nil {
		t.Error("the cell after a hung one ran")
	}
}

func TestExecuteInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	nb := codeNotebook("sleep", "out next")
	go func() { time.Sleep(10 * time.Millisecond); cancel() }()
	_, err := Execute(ctx, nb, &fakeInterp{}, Options{AllowErrors: true})
	var ce *CellError
	if !errors.As(err, &ce) || ce.Err.Name != "Interrupted" || ce.Index != 0 {
		t.Fatalf("err = %v, want cell 1 Interrupted", err)
	}
}

func TestExecuteInput(t *testing.T) {
	nb := codeNotebook("input name? ")
	answers := []string{"Ada"}
	input := func(prompt string, password bool) (string, error) {
		a := answers[0]
		answers = answers[1:]
		return a, nil
	}
	if _, err := Execute(context.Background(), nb, &fakeInterp{}, Options{Input: input}); err != nil {
		t.Fatal(err)
	}
	want := []string{"stream:stdout:name? Ada\ngot Ada\n"}
	if got := outputsOf(nb.Cells[0]); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestExecuteStampsMetadata(t *testing.T) {
	nb := codeNotebook("out x")
	nb.Cells[0].ID = ""
	nb.Metadata["title"] = "kept"
	if _, err := Execute(context.Background(), nb, &fakeInterp{}, Options{}); err != nil {
		t.Fatal(err)
	}
	ks := nb.Metadata["kernelspec"].(map[string]any)
	if ks["name"] != "yak" || ks["display_name"] != "Go (yak)" {
		t.Errorf("kernelspec %v", ks)
	}
	if li := nb.Metadata["language_info"].(map[string]any); li["name"] != "go" || li["file_extension"] != ".go" {
		t.Errorf("language_info %v", li)
	}
	if nb.Metadata["title"] != "kept" {
		t.Error("other metadata was dropped")
	}
	if !cellIDPattern.MatchString(nb.Cells[0].ID) {
		t.Errorf("cell id %q not valid", nb.Cells[0].ID)
	}
}

func TestExecuteConcurrentOutput(t *testing.T) {
	nb := codeNotebook("spray")
	if _, err := Execute(context.Background(), nb, &fakeInterp{}, Options{}); err != nil {
		t.Fatal(err)
	}
	lines, displays := 0, 0
	for _, o := range nb.Cells[0].Outputs {
		switch o.Type {
		case Stream:
			lines += strings.Count(o.Text, "x\n")
		case DisplayData:
			displays++
		}
	}
	if lines != 400 || displays != 8 {
		t.Errorf("%d lines and %d displays, want 400 and 8", lines, displays)
	}
}
