package drm_test

import (
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/kernel/goengine/enginetest"
	"github.com/yaknb/yak/plugins/symbols"
)

// TestFeaturizerDefinedInNotebook trains DRM, in compiled code, on a
// featurizer type written in an interpreted cell, through the real engine.
func TestFeaturizerDefinedInNotebook(t *testing.T) {
	cells := []string{
		`import (
	"fmt"
	"math/rand/v2"

	"github.com/yaknb/yak/plugins/drm"
	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)`,
		`type linFeat struct {
	l     *nn.Linear
	calls *int
}

func (f linFeat) Forward(x *tensor.Tensor) *tensor.Tensor {
	*f.calls++
	return f.l.Forward(x.Reshape(x.Dim(0), 2)).ReLU()
}
func (f linFeat) Parameters() []*tensor.Tensor { return f.l.Parameters() }
func (f linFeat) Train(bool)                   {}
func (f linFeat) OutDim() int                  { return 8 }`,
		`calls := 0
var x [][]float64
var y []int
var dom []string
for d := 0; d < 3; d++ {
	for i := 0; i < 60; i++ {
		s := float64(2*(i%2) - 1)
		x = append(x, []float64{s + 0.3*float64(i%5-2)/2, float64(d)})
		y = append(y, i%2)
		dom = append(dom, fmt.Sprint("d", d))
	}
}
md, err := drm.FromRows("toy", x, y, dom)
feat := func(c, h, w int, rng *rand.Rand) drm.Featurizer { return linFeat{nn.NewLinear(c*h*w, 8, rng), &calls} }
res, err := drm.Experiment{Data: md, Algorithms: []drm.Algorithm{drm.DRM{}}, Seeds: []uint64{1}, Test: []int{2}, Workers: 1,
	Config: drm.Config{Steps: 20, Featurizer: feat}}.Run()
fmt.Println(err, calls > 20, len(res.Methods))`,
	}
	out := enginetest.Run(t, []interp.Exports{symbols.Symbols}, cells...).Out()
	if got := strings.TrimSpace(out); got != "<nil> true 3" {
		t.Errorf("output %q, want %q", got, "<nil> true 3")
	}
}
