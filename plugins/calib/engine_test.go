package calib_test

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel/goengine"
	"github.com/yaknb/yak/plugins/symbols"
)

type cellIO struct {
	mu  sync.Mutex
	out strings.Builder
}

func (c *cellIO) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.Write(p)
}
func (c *cellIO) Stdout() io.Writer                  { return c }
func (c *cellIO) Stderr() io.Writer                  { return c }
func (c *cellIO) Publish(display.Bundle, bool)       {}
func (c *cellIO) Clear(bool)                         {}
func (c *cellIO) Input(string, bool) (string, error) { return "", io.EOF }

// TestLossDefinedInNotebook trains with a loss written in an interpreted
// cell (it wraps CE and counts its calls) through the real engine.
func TestLossDefinedInNotebook(t *testing.T) {
	e, err := goengine.New(goengine.Options{Symbols: []interp.Exports{symbols.Symbols}})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	cells := []string{
		`import (
	"fmt"

	"github.com/yaknb/yak/plugins/calib"
	"github.com/yaknb/yak/runtime/tensor"
)`,
		`type counted struct{ calls *int }

func (c counted) Name() string { return "counted CE" }
func (c counted) Loss(logits *tensor.Tensor, labels []int) (*tensor.Tensor, error) {
	*c.calls++
	return calib.CE{}.Loss(logits, labels)
}`,
		`train, val, _, _ := calib.SyntheticSplits(calib.SynthOptions{N: 8, Size: 16, Seed: 3})
n := 0
tr, err := calib.Train(train, val, counted{&n}, calib.UNetOptions{Base: 2, Depth: 1}, calib.TrainOptions{Epochs: 2, Batch: 4})
fmt.Println(err, n, tr.Loss, len(tr.TrainLoss))`,
	}
	var io cellIO
	for _, c := range cells {
		if _, err := e.Execute(context.Background(), c, &io); err != nil {
			t.Fatalf("cell %q: %v\noutput: %s", c, err, io.out.String())
		}
	}
	if got := strings.TrimSpace(io.out.String()); got != "<nil> 4 counted CE 2" {
		t.Errorf("output %q, want %q", got, "<nil> 4 counted CE 2")
	}
}
