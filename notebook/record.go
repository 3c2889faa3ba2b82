package notebook

import (
	"encoding/base64"
	"io"
	"strings"
	"sync"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel"
)

// recorder turns what cells send into nbformat outputs, as a Jupyter front
// end would store them. One recorder serves a whole run: display updates may
// reach outputs of earlier cells, and goroutines of a finished cell may still
// write to it. It is safe for concurrent use.
type recorder struct {
	mu      sync.Mutex
	outs    [][]*Output // per cell
	pending []bool      // clear_output(wait=true) waiting for the next output
	byID    map[string][]*Output
	input   func(prompt string, password bool) (string, error)
}

func newRecorder(cells int, input func(string, bool) (string, error)) *recorder {
	return &recorder{
		outs:    make([][]*Output, cells),
		pending: make([]bool, cells),
		byID:    map[string][]*Output{},
		input:   input,
	}
}

// flush copies the recorded outputs into nb's executed code cells.
func (r *recorder) flush(nb *Notebook) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, outs := range r.outs {
		if nb.Cells[i].Type != Code || nb.Cells[i].ExecutionCount == nil {
			continue
		}
		cp := make([]Output, len(outs))
		for j, o := range outs {
			cp[j] = *o
		}
		nb.Cells[i].Outputs = cp
	}
}

// add appends o to cell's outputs, first doing a pending clear. Callers hold mu.
func (r *recorder) add(cell int, o *Output) {
	if r.pending[cell] {
		r.outs[cell] = nil
		r.pending[cell] = false
	}
	r.outs[cell] = append(r.outs[cell], o)
	if o.DisplayID != "" {
		r.byID[o.DisplayID] = append(r.byID[o.DisplayID], o)
	}
}

func (r *recorder) stream(cell int, name, text string) {
	if text == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	outs := r.outs[cell]
	if !r.pending[cell] && len(outs) > 0 {
		if last := outs[len(outs)-1]; last.Type == Stream && last.Name == name {
			last.Text += text
			return
		}
	}
	r.add(cell, &Output{Type: Stream, Name: name, Text: text})
}

func (r *recorder) display(cell int, b display.Bundle) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.add(cell, &Output{Type: DisplayData, Data: bundleData(b.Data), Metadata: copyMap(b.Metadata), DisplayID: b.DisplayID})
}

// update replaces the data of every output shown with b's display id, in
// whichever cell it is; an unknown id is ignored, as front ends do.
func (r *recorder) update(b display.Bundle) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, o := range r.byID[b.DisplayID] {
		o.Data = bundleData(b.Data)
		o.Metadata = copyMap(b.Metadata)
	}
}

func (r *recorder) clear(cell int, wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if wait {
		r.pending[cell] = true
		return
	}
	r.outs[cell] = nil
	r.pending[cell] = false
}

func (r *recorder) addResult(cell int, b display.Bundle, count int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := count
	r.add(cell, &Output{Type: ExecuteResult, Data: bundleData(b.Data), Metadata: copyMap(b.Metadata), ExecutionCount: &n, DisplayID: b.DisplayID})
}

func (r *recorder) addError(cell int, e *kernel.ExecError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	tb := append([]string(nil), e.Traceback...)
	r.add(cell, &Output{Type: Error, EName: e.Name, EValue: e.Value, Traceback: tb})
}

// bundleData copies a bundle's data, turning raw bytes (which the display
// contract says should already be base64 text) into base64 so that the
// notebook stays valid either way.
func bundleData(d map[string]any) map[string]any {
	out := make(map[string]any, len(d))
	for k, v := range d {
		if b, ok := v.([]byte); ok && !isJSONMIME(k) {
			if strings.HasPrefix(k, "image/") && k != "image/svg+xml" {
				v = base64.StdEncoding.EncodeToString(b)
			} else {
				v = string(b)
			}
		}
		out[k] = v
	}
	return out
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// cellIO is the kernel.ExecIO of one cell.
type cellIO struct {
	r    *recorder
	cell int
}

var _ kernel.ExecIO = (*cellIO)(nil)

func (c *cellIO) Stdout() io.Writer { return streamWriter{c, "stdout"} }
func (c *cellIO) Stderr() io.Writer { return streamWriter{c, "stderr"} }

func (c *cellIO) Publish(b display.Bundle, update bool) {
	if update {
		c.r.update(b)
		return
	}
	c.r.display(c.cell, b)
}

func (c *cellIO) Clear(wait bool) { c.r.clear(c.cell, wait) }

// Input asks Options.Input for a line and echoes the prompt and answer to
// the cell's stdout, so the saved notebook shows what the cell was given
// (a password shows as dots).
func (c *cellIO) Input(prompt string, password bool) (string, error) {
	if c.r.input == nil {
		return "", kernel.ErrStdinNotAllowed
	}
	line, err := c.r.input(prompt, password)
	if err != nil {
		return "", err
	}
	shown := line
	if password {
		shown = strings.Repeat("·", 8)
	}
	c.r.stream(c.cell, "stdout", prompt+shown+"\n")
	return line, nil
}

type streamWriter struct {
	c    *cellIO
	name string
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.c.r.stream(w.c.cell, w.name, string(p))
	return len(p), nil
}
