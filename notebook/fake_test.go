package notebook

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel"
)

// fakeInterp stands in for the Go engine. Each line of a cell is a command:
//
//	out TEXT           print TEXT and a newline to stdout
//	err TEXT           the same to stderr
//	html TEXT          display TEXT as text/html (with a text/plain twin)
//	show ID TEXT       display TEXT as text/plain with display id ID
//	update ID TEXT     update display ID to TEXT
//	clear | clearwait  clear_output(wait=false | true)
//	value TEXT         the cell's value is TEXT (text/plain)
//	fail NAME TEXT     fail with an ExecError
//	input PROMPT       read a line and print "got LINE"
//	spray              print and display from 8 goroutines at once
//	sleep              block until the cell is cancelled, then fail
//	hang               block until release is closed, ignoring cancellation
type fakeInterp struct {
	release chan struct{}
	resets  int
}

func (f *fakeInterp) Info() kernel.LanguageInfo {
	return kernel.LanguageInfo{Name: "go", Version: "1.26", MimeType: "text/x-go", FileExtension: ".go",
		PygmentsLexer: "go", CodeMirrorMode: "go"}
}

func (f *fakeInterp) Execute(ctx context.Context, code string, io kernel.ExecIO) (*display.Bundle, error) {
	var val *display.Bundle
	for _, line := range strings.Split(code, "\n") {
		cmd, arg, _ := strings.Cut(strings.TrimLeft(line, " \t"), " ")
		switch cmd {
		case "":
		case "out":
			fmt.Fprintln(io.Stdout(), arg)
		case "err":
			fmt.Fprintln(io.Stderr(), arg)
		case "html":
			io.Publish(display.Bundle{Data: map[string]any{"text/html": arg, "text/plain": "html"}}, false)
		case "show", "update":
			id, text, _ := strings.Cut(arg, " ")
			io.Publish(display.Bundle{Data: map[string]any{"text/plain": text}, DisplayID: id}, cmd == "update")
		case "clear", "clearwait":
			io.Clear(cmd == "clearwait")
		case "value":
			val = &display.Bundle{Data: map[string]any{"text/plain": arg}}
		case "fail":
			name, text, _ := strings.Cut(arg, " ")
			return nil, &kernel.ExecError{Name: name, Value: text,
				Traceback: []string{"\x1b[31m" + name + "\x1b[0m: " + text, "  at cell line 1"}}
		case "input":
			got, err := io.Input(arg, false)
			if err != nil {
				return nil, err
			}
			fmt.Fprintln(io.Stdout(), "got", got)
		case "spray": // 8 goroutines print and display at once
			var wg sync.WaitGroup
			for g := 0; g < 8; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; i < 50; i++ {
						fmt.Fprintln(io.Stdout(), "x")
						io.Publish(display.Bundle{Data: map[string]any{"text/plain": "p"}, DisplayID: "bar"}, i > 0)
					}
				}()
			}
			wg.Wait()
		case "sleep":
			<-ctx.Done()
			return nil, &kernel.ExecError{Name: "Interrupted", Value: "interrupted"}
		case "hang":
			<-f.release
			return nil, nil
		default:
			return nil, fmt.Errorf("fake: unknown command %q", cmd)
		}
	}
	return val, nil
}

func (f *fakeInterp) Complete(code string, cursor int) kernel.Completion { return kernel.Completion{} }
func (f *fakeInterp) Inspect(code string, cursor, detail int) kernel.Inspection {
	return kernel.Inspection{}
}
func (f *fakeInterp) IsComplete(code string) (string, string) { return "complete", "" }
func (f *fakeInterp) Reset() error                            { f.resets++; return nil }
func (f *fakeInterp) Close() error                            { return nil }

// codeNotebook builds a notebook of code cells with the given sources.
func codeNotebook(sources ...string) *Notebook {
	nb := New()
	for i, s := range sources {
		nb.Cells = append(nb.Cells, Cell{ID: fmt.Sprintf("c%d", i+1), Type: Code, Source: s})
	}
	return nb
}
