package calib

import (
	"testing"

	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"

	"github.com/yaknb/yak/internal/proccpu"
)

// The speed case, mirrored by bench/calib_torch.py: one U-Net
// training step (forward, loss, backward, Adam) at base width 8, depth 3,
// 64×64 images, batch 8, 4 classes.
const (
	benchBatch, benchSize, benchBase, benchDepth, benchClasses = 8, 64, 8, 3, 4
)

func benchStep(b *testing.B, loss Loss) {
	u, _ := NewUNet(UNetOptions{Base: benchBase, Depth: benchDepth, Classes: benchClasses, Seed: 1})
	d, _ := Synthetic(SynthOptions{N: benchBatch, Size: benchSize, Seed: 1})
	x, y := d.Batch([]int{0, 1, 2, 3, 4, 5, 6, 7})
	loopSteps(b, u, loss, x, y)
}

// loopSteps times Adam training steps of u on one batch, after one step
// that warms the graph's buffers.
func loopSteps(b *testing.B, u *UNet, loss Loss, x *tensor.Tensor, y []int) {
	ad := optim.NewAdam(u.Parameters(), 1e-3)
	step := func() {
		ad.ZeroGrad()
		l, err := loss.Loss(u.Forward(x), y)
		if err != nil {
			b.Fatal(err)
		}
		l.Backward()
		l.FreeGraph()
		ad.Step()
	}
	step()
	proccpu.Loop(b, step) // the machine is shared: CPU time per step beside the wall clock
}

func BenchmarkUNetStepCE(b *testing.B)   { benchStep(b, CE{}) }
func BenchmarkUNetStepNACL(b *testing.B) { benchStep(b, NACL{}) }

func BenchmarkUNetForward(b *testing.B) {
	u, _ := NewUNet(UNetOptions{Base: benchBase, Depth: benchDepth, Classes: benchClasses, Seed: 1})
	x := tensor.Zeros(benchBatch, 1, benchSize, benchSize)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tensor.NoGrad(func() { u.Forward(x) })
	}
}

// The 3-D setting of bench/calib -3d: one training step of the 3-D U-Net
// at base width 8, depth 2, on a batch of 2 volumes of 16³.
func benchStep3d(b *testing.B, loss Loss) {
	u, _ := NewUNet(UNetOptions{Base: 8, Depth: 2, Classes: 4, Dims: 3, Seed: 1})
	d, _ := SyntheticVolumes(SynthOptions{N: 2, Seed: 1})
	x, y := d.Batch([]int{0, 1})
	loopSteps(b, u, loss, x, y)
}

func BenchmarkUNet3dStepCE(b *testing.B)   { benchStep3d(b, CE{}) }
func BenchmarkUNet3dStepNACL(b *testing.B) { benchStep3d(b, NACL{}) }
