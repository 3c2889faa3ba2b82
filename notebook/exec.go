package notebook

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel"
)

// KernelSpec names the kernel a notebook is for (its metadata.kernelspec).
type KernelSpec struct {
	Name        string
	DisplayName string
	Language    string
}

// Yak is the kernelspec `yak install` installs.
var Yak = KernelSpec{Name: "yak", DisplayName: "Go (yak)", Language: "go"}

// Options control Execute.
type Options struct {
	// Timeout bounds each cell's run; zero means no limit.
	Timeout time.Duration
	// AllowErrors keeps going after a failing cell.
	AllowErrors bool
	// Input answers a cell's request for a line of text. When nil, such
	// requests fail with kernel.ErrStdinNotAllowed, as under nbconvert.
	Input func(prompt string, password bool) (string, error)
	// KernelSpec is written to metadata.kernelspec; zero means Yak.
	KernelSpec KernelSpec
	// OnCell, when set, is called before each code cell runs (for progress).
	OnCell func(index int, c *Cell)
}

// Tags with nbclient's meaning.
const (
	TagSkip   = "skip-execution"   // the cell is not run
	TagRaises = "raises-exception" // the cell is expected to fail; keep going
)

// interruptGrace is how long Execute waits for an interpreter to return
// after cancelling a cell (the Interpreter contract asks for one second).
var interruptGrace = 5 * time.Second

// CellError is a code cell that failed.
type CellError struct {
	Index int    // position of the cell in the notebook, from 0
	ID    string // the cell's id
	Err   *kernel.ExecError
}

func (e *CellError) Error() string {
	return fmt.Sprintf("cell %d (id %s) failed: %s", e.Index+1, e.ID, e.Err.Error())
}

// Result summarises one execution.
type Result struct {
	Executed int          // code cells run
	Errors   []*CellError // failed cells, including expected failures
}

// Execute runs nb's code cells in order with in and stores their outputs and
// execution counts in nb, which it also stamps with the kernelspec and
// language_info. It returns a *CellError for the cell that stopped the run: a
// failing cell without AllowErrors or the raises-exception tag, or any cell
// that was cancelled (ctx done) or timed out without returning. Outputs of
// the cells that ran are in nb either way.
func Execute(ctx context.Context, nb *Notebook, in kernel.Interpreter, opts Options) (Result, error) {
	ks := opts.KernelSpec
	if ks.Name == "" {
		ks = Yak
	}
	stampMetadata(nb, ks, in.Info())
	nb.NBFormat, nb.NBFormatMinor = Major, Minor
	nb.EnsureIDs()

	r := newRecorder(len(nb.Cells), opts.Input)
	defer r.flush(nb)
	for i := range nb.Cells {
		nb.Cells[i].ExecutionCount = nil
		nb.Cells[i].Outputs = nil
	}
	var res Result
	count := 0
	for i := range nb.Cells {
		c := &nb.Cells[i]
		if c.Type != Code {
			continue
		}
		if strings.TrimSpace(c.Source) == "" || c.HasTag(TagSkip) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return res, &CellError{Index: i, ID: c.ID, Err: &kernel.ExecError{Name: "Interrupted", Value: "the run was interrupted before this cell"}}
		}
		if opts.OnCell != nil {
			opts.OnCell(i, c)
		}
		count++
		n := count
		c.ExecutionCount = &n
		res.Executed++
		fatal, execErr := runCell(ctx, in, c.Source, &cellIO{r: r, cell: i}, opts.Timeout, n)
		if execErr == nil {
			continue
		}
		cerr := &CellError{Index: i, ID: c.ID, Err: execErr}
		res.Errors = append(res.Errors, cerr)
		if fatal || !(opts.AllowErrors || c.HasTag(TagRaises)) {
			return res, cerr
		}
	}
	return res, nil
}

// runCell executes one cell. fatal means the run cannot go on: the caller's
// ctx was cancelled, or the interpreter did not return after its cell was
// cancelled (it may still be running).
func runCell(ctx context.Context, in kernel.Interpreter, code string, cio *cellIO, timeout time.Duration, count int) (fatal bool, execErr *kernel.ExecError) {
	cctx, cancel := ctx, context.CancelFunc(func() {})
	if timeout > 0 {
		cctx, cancel = context.WithTimeout(ctx, timeout)
	}
	defer cancel()

	type outcome struct {
		val *display.Bundle
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- outcome{err: &kernel.ExecError{Name: "panic", Value: fmt.Sprint(p)}}
			}
		}()
		v, err := in.Execute(cctx, code, cio)
		done <- outcome{v, err}
	}()

	var out outcome
	returned := true
	select {
	case out = <-done:
	case <-cctx.Done():
		select {
		case out = <-done:
		case <-time.After(interruptGrace):
			returned = false
		}
	}
	switch {
	case ctx.Err() != nil:
		execErr = &kernel.ExecError{Name: "Interrupted", Value: "the run was interrupted"}
		fatal = true
	case cctx.Err() != nil && (out.err != nil || !returned):
		execErr = &kernel.ExecError{Name: "CellTimeoutError",
			Value: fmt.Sprintf("the cell did not finish within %v (raise --timeout, or make the cell faster)", timeout)}
		fatal = !returned
	case out.err != nil:
		execErr = asExecError(out.err)
	}
	if execErr != nil {
		if !returned {
			execErr.Value += "; the interpreter did not stop, so the run ends here"
		}
		cio.r.addError(cio.cell, execErr)
		return fatal, execErr
	}
	if out.val != nil && len(out.val.Data) > 0 {
		cio.r.addResult(cio.cell, *out.val, count)
	}
	return false, nil
}

func asExecError(err error) *kernel.ExecError {
	var ee *kernel.ExecError
	if errors.As(err, &ee) {
		cp := *ee
		return &cp
	}
	return &kernel.ExecError{Name: "Error", Value: err.Error(), Traceback: []string{err.Error()}}
}

func stampMetadata(nb *Notebook, ks KernelSpec, li kernel.LanguageInfo) {
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	nb.Metadata["kernelspec"] = map[string]any{
		"name":         ks.Name,
		"display_name": ks.DisplayName,
		"language":     ks.Language,
	}
	info := map[string]any{"name": li.Name}
	for k, v := range map[string]string{
		"version":         li.Version,
		"mimetype":        li.MimeType,
		"file_extension":  li.FileExtension,
		"pygments_lexer":  li.PygmentsLexer,
		"codemirror_mode": li.CodeMirrorMode,
	} {
		if v != "" {
			info[k] = v
		}
	}
	nb.Metadata["language_info"] = info
}
