package calib

import (
	"fmt"
	"math"

	"github.com/yaknb/yak/plugins/registry"
	"github.com/yaknb/yak/runtime/tensor"
)

const example = `import "github.com/yaknb/yak/plugins/calib"

train, val, test, _ := calib.SyntheticSplits(calib.SynthOptions{N: 48, Size: 32, Jitter: 0.2, Seed: 1})
res, err := calib.Experiment{Train: train, Val: val, Test: test, Seeds: []uint64{1},
	Training: calib.TrainOptions{Epochs: 30}}.Run(ctx)
if err != nil {
	panic(err)
}
res.Table()`

func init() {
	registry.Register(registry.Meta{
		Name:       "calib",
		Version:    "0.1.0",
		Summary:    "neighbor-aware calibration of segmentation networks (NACL) with CE, focal, LS, ECP, SVLS and MbLS baselines, post-hoc calibrators and calibration metrics",
		ImportPath: registry.BuiltinPrefix + "calib",
		Example:    example,
		Doc: "NACL (Murugesan, Vasudeva, Liu, Lombaert, Ben Ayed, Dolz): cross-entropy plus a penalty pulling each " +
			"raw logit towards the share of its class among the pixel's neighbours' labels. Baselines: CE, focal, " +
			"label smoothing, ECP, SVLS, MbLS; post-hoc temperature and vector scaling, histogram binning, isotonic " +
			"regression; ECE, class-wise and adaptive ECE, MCE, NLL, Brier, Dice, HD95; a seeded synthetic " +
			"segmentation task, a NIfTI slice loader and a 2-D U-Net. See notebooks/calibration.ipynb.",
		SelfTest: selfTest,
	}.Plugin())
}

// selfTest checks NACL on a 2-pixel-wide case worked by hand.
func selfTest() error {
	// one image 1×2, two classes, labels [0 1], logits all zero: CE = ln 2;
	// τ (background border, 3×3 window): pixel 0 sees 8 class-0 and 1
	// class-1 labels... computed below from the definition.
	x := tensor.Zeros(1, 2, 1, 2)
	v, err := NACL{}.Loss(x, []int{0, 1})
	if err != nil {
		return err
	}
	// each pixel's window: 6 outside (class 0) + 3 in-row pixels, of which
	// the image's two; pixel 0's window holds labels 0 and 1 and one outside
	// in its row: τ0 = 8/9, τ1 = 1/9 for both pixels.
	want := math.Ln2 + 0.1*(8.0/9+1.0/9)/2
	if got := float64(v.Item()); math.Abs(got-want) > 1e-6 {
		return fmt.Errorf("calib: NACL self-test gave %.6f, want %.6f", got, want)
	}
	return nil
}
