package nn_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/yaknb/yak/internal/proccpu"
	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

// TestWinogradMatchesReference runs the Winograd path (on batches smaller
// than it takes by default) against the float64 reference, with the bound
// TestConvMatchesReference holds the other paths to: the MNIST CNN's
// 128→128 on 14×14, and odd sides (a last tile row and column half
// outside the output).
func TestWinogradMatchesReference(t *testing.T) {
	defer nn.SetWinogradMinTiles(nn.SetWinogradMinTiles(1))
	for _, c := range []struct{ n, cin, cout, h, w int }{{3, 128, 128, 14, 14}, {2, 64, 80, 9, 12}, {2, 72, 64, 5, 3}} {
		for _, relu := range []bool{false, true} {
			t.Run(fmt.Sprintf("%dx%dx%dx%d_to_%d_relu%v", c.n, c.cin, c.h, c.w, c.cout, relu), func(t *testing.T) {
				// The same convolution by F(4×4, 3×3), F(2×2, 3×3) and the
				// direct path: the log compares their worst errors
				// (relative to 1+|reference|).
				for _, path := range []struct {
					name      string
					wino, f43 bool
				}{{"F(4x4,3x3)", true, true}, {"F(2x2,3x3)", true, false}, {"direct", false, false}} {
					wino := path.wino
					func() {
						defer nn.SetWinograd(nn.SetWinograd(wino))
						defer nn.SetWinograd43(nn.SetWinograd43(path.f43))
						rng := tensor.NewRand(uint64(c.cin*100 + c.cout))
						x := tensor.Randn(rng, 1, c.n, c.cin, c.h, c.w).SetRequiresGrad(true)
						conv := nn.NewConv2d(c.cin, c.cout, 3, 1, 1, rng)
						conv.ReLU = relu
						y := conv.Forward(x)
						dy := tensor.Randn(rng, 1, y.Shape()...).Data
						wantY, wantDx, wantDw, wantDb := refConv(x, conv.Weight, conv.Bias, 1, 1, relu, dy)
						y.BackwardWith(dy)
						checkAgainstRef(t, path.name, []refCheck{
							{"output", y.Data, wantY, c.cin * 9},
							{"input gradient", x.Grad, wantDx, c.cout * 9},
							{"weight gradient", conv.Weight.Grad, wantDw, c.n * c.h * c.w},
							{"bias gradient", conv.Bias.Grad, wantDb, c.n * c.h * c.w},
						})
					}()
				}
			})
		}
	}
}

// TestWinogradMatchesDirect runs the shapes that take the Winograd path
// with it and without it (the direct path and grouped gemm), with and
// without a fused ReLU: the output and the three gradients agree within
// the bound TestConvMatchesReference holds both paths to.
func TestWinogradMatchesDirect(t *testing.T) {
	defer nn.SetWinogradMinTiles(nn.SetWinogradMinTiles(1))
	for _, c := range []struct{ n, cin, cout, h, w int }{
		{4, 128, 128, 14, 14},
		{3, 64, 72, 7, 7},
		{2, 96, 64, 5, 8},
		{1, 64, 64, 1, 1},
		{2, 64, 64, 2, 3},
	} {
		for _, relu := range []bool{false, true} {
			name := fmt.Sprintf("%dx%dx%dx%d_to_%d_relu%v", c.n, c.cin, c.h, c.w, c.cout, relu)
			t.Run(name, func(t *testing.T) {
				run := func(wino, f43 bool) [4][]float32 {
					defer nn.SetWinograd(nn.SetWinograd(wino))
					defer nn.SetWinograd43(nn.SetWinograd43(f43))
					rng := tensor.NewRand(uint64(c.cin + c.h))
					conv := nn.NewConv2d(c.cin, c.cout, 3, 1, 1, rng)
					conv.ReLU = relu
					x := tensor.Randn(rng, 1, c.n, c.cin, c.h, c.w).SetRequiresGrad(true)
					y := conv.Forward(x)
					y.BackwardWith(tensor.Randn(rng, 1, y.Shape()...).Data)
					return [4][]float32{y.Data, x.Grad, conv.Weight.Grad, conv.Bias.Grad}
				}
				direct := run(false, false)
				for _, f43 := range []bool{false, true} {
					wino := run(true, f43)
					for i, what := range []string{"output", "input gradient", "weight gradient", "bias gradient"} {
						// Sums of cin·9 (cout·9) products of unit-variance
						// values: magnitude about sqrt(terms)·bound.
						tol := 1e-5 * math.Sqrt(float64(9*max(c.cin, c.cout))) * 4
						if what == "weight gradient" || what == "bias gradient" { // sums over samples and positions
							tol = 1e-5 * math.Sqrt(float64(c.n*c.h*c.w)) * 4
						}
						for j := range direct[i] {
							d, w := float64(direct[i][j]), float64(wino[i][j])
							if math.Abs(d-w) > tol*(1+math.Abs(d)) {
								t.Fatalf("%s[%d]: Winograd (F(4×4) allowed %v) %v, direct %v", what, j, f43, w, d)
							}
						}
					}
				}
			})
		}
	}
}

// BenchmarkWinograd times stride-1 3×3 convolutions of 16-128 channels
// with the Winograd path (taken below its threshold too) and without it
// (direct, grouped weight gradient), forward alone and forward with
// backward (weights, bias and input), on 64 images: the measurements
// behind winoMinChannels.
func BenchmarkWinograd(b *testing.B) {
	defer nn.SetWinogradMinChannels(nn.SetWinogradMinChannels(1))
	defer nn.SetWinogradMinTiles(nn.SetWinogradMinTiles(1))
	for _, c := range []struct{ ch, size int }{{16, 64}, {32, 32}, {32, 28}, {64, 28}, {64, 14}, {128, 14}, {128, 7}} {
		for _, wino := range []bool{false, true} {
			rng := tensor.NewRand(1)
			conv := nn.NewConv2d(c.ch, c.ch, 3, 1, 1, rng)
			conv.ReLU = true
			x := tensor.Uniform(rng, 0, 1, 64, c.ch, c.size, c.size).SetRequiresGrad(true)
			dy := tensor.Randn(rng, 1, 64, c.ch, c.size, c.size).Data
			name := fmt.Sprintf("%dch_%dpx/wino=%v", c.ch, c.size, wino)
			b.Run(name+"/fwd", func(b *testing.B) {
				defer nn.SetWinograd(nn.SetWinograd(wino))
				proccpu.Loop(b, func() {
					y := conv.Forward(x)
					y.FreeGraph()
					y.Free()
				})
			})
			b.Run(name+"/fwdbwd", func(b *testing.B) {
				defer nn.SetWinograd(nn.SetWinograd(wino))
				proccpu.Loop(b, func() {
					conv.Weight.ZeroGrad()
					conv.Bias.ZeroGrad()
					x.FreeGrad()
					y := conv.Forward(x)
					y.BackwardWith(dy)
					y.FreeGraph()
					y.Free()
				})
			})
		}
	}
}

// TestWinogradSameBitsAnyThreads: the Winograd path (F(4×4, 3×3), then
// F(2×2, 3×3)) gives the same bits on one thread and on two, with more than one weight-gradient chunk (150
// samples of 16 tiles: ten groups of 16 samples, two chunks of five).
func TestWinogradSameBitsAnyThreads(t *testing.T) {
	convSameBitsAnyThreads(t, "winograd", 4, 1, 150, 7) // 7×7 takes F(4×4, 3×3)
	defer nn.SetWinograd43(nn.SetWinograd43(false))
	convSameBitsAnyThreads(t, "winograd", 4, 1, 150, 7)
}

// TestWinogradPartialGradients: with only some of the input, weight and
// bias wanting gradients, the Winograd path gives those the direct path
// does (within the shared bound) and leaves the others alone.
func TestWinogradPartialGradients(t *testing.T) {
	defer nn.SetWinogradMinTiles(nn.SetWinogradMinTiles(1))
	for _, want := range []struct{ x, w, b bool }{{false, false, true}, {false, true, false}, {true, false, false}, {true, false, true}} {
		t.Run(fmt.Sprintf("x%v_w%v_b%v", want.x, want.w, want.b), func(t *testing.T) {
			run := func(wino bool) [3][]float32 {
				defer nn.SetWinograd(nn.SetWinograd(wino))
				rng := tensor.NewRand(7)
				conv := nn.NewConv2d(64, 64, 3, 1, 1, rng)
				conv.ReLU = true
				conv.Weight.SetRequiresGrad(want.w)
				conv.Bias.SetRequiresGrad(want.b)
				x := tensor.Randn(rng, 1, 3, 64, 6, 7).SetRequiresGrad(want.x)
				y := conv.Forward(x)
				y.BackwardWith(tensor.Randn(rng, 1, y.Shape()...).Data)
				return [3][]float32{x.Grad, conv.Weight.Grad, conv.Bias.Grad}
			}
			direct, wino := run(false), run(true)
			for i, what := range []string{"input", "weight", "bias"} {
				if (direct[i] == nil) != (wino[i] == nil) {
					t.Fatalf("%s gradient: direct has one %v, Winograd %v", what, direct[i] != nil, wino[i] != nil)
				}
				tol := 1e-5 * math.Sqrt(64*9) * 4
				for j := range direct[i] {
					d := float64(direct[i][j])
					if math.Abs(d-float64(wino[i][j])) > tol*(1+math.Abs(d)) {
						t.Fatalf("%s gradient[%d]: Winograd %v, direct %v", what, j, wino[i][j], d)
					}
				}
			}
		})
	}
}

// TestWinogradS2MatchesReference runs wide stride-2 convolutions, whose
// forward pass takes the stride-2 Winograd (convwinos2.go; on batches
// smaller than it takes by default), and the direct path against the
// float64 reference with the bound the other paths are held to: the MNIST
// CNN's 64→128 on 28×28, and odd sides (a last tile row and column half
// outside the output). The gradients, the bias's included, take the same
// path as the forward pass (the Winograd's adjoints, or grouped gemm).
func TestWinogradS2MatchesReference(t *testing.T) {
	defer nn.SetWinogradMinTiles(nn.SetWinogradMinTiles(1))
	for _, c := range []struct{ n, cin, cout, h, w int }{{3, 64, 128, 28, 28}, {2, 32, 64, 9, 12}, {2, 48, 80, 7, 5}} {
		for _, relu := range []bool{false, true} {
			t.Run(fmt.Sprintf("%dx%dx%dx%d_to_%d_relu%v", c.n, c.cin, c.h, c.w, c.cout, relu), func(t *testing.T) {
				for _, wino := range []bool{true, false} {
					func() {
						defer nn.SetWinogradS2(nn.SetWinogradS2(wino))
						rng := tensor.NewRand(uint64(c.cin*10 + c.cout))
						x := tensor.Randn(rng, 1, c.n, c.cin, c.h, c.w).SetRequiresGrad(true)
						conv := nn.NewConv2d(c.cin, c.cout, 3, 2, 1, rng)
						conv.ReLU = relu
						y := conv.Forward(x)
						dy := tensor.Randn(rng, 1, y.Shape()...).Data
						wantY, wantDx, wantDw, wantDb := refConv(x, conv.Weight, conv.Bias, 2, 1, relu, dy)
						y.BackwardWith(dy)
						outs := c.n * ((c.h + 1) / 2) * ((c.w + 1) / 2) // output positions
						checkAgainstRef(t, fmt.Sprintf("stride-2 Winograd %v", wino), []refCheck{
							{"output", y.Data, wantY, c.cin * 9},
							{"input gradient", x.Grad, wantDx, c.cout * 9},
							{"weight gradient", conv.Weight.Grad, wantDw, c.n * c.h * c.w / 4},
							{"bias gradient", conv.Bias.Grad, wantDb, outs},
						})
					}()
				}
			})
		}
	}
}

// TestWinogradS2SameBitsAnyThreads: the stride-2 Winograd's forward pass
// (and the grouped gradients after it) give the same bits on one thread
// and on two (64 samples of 7×7 tiles: 13 groups of 5).
func TestWinogradS2SameBitsAnyThreads(t *testing.T) {
	convSameBitsAnyThreads(t, "winograd-s2", 5, 2, 64, 28)
}

// refCheck is one result of a convolution against its float64 reference:
// a sum of terms products, held to 4e-5·√terms relative to 1+|reference|.
type refCheck struct {
	what  string
	got   []float32
	want  []float64
	terms int
}

// checkAgainstRef fails at the first value of checks outside its bound and
// logs each check's worst error against its bound, under label.
func checkAgainstRef(t *testing.T, label string, checks []refCheck) {
	t.Helper()
	worst := ""
	for _, r := range checks {
		tol := 1e-5 * math.Sqrt(float64(r.terms)) * 4
		var maxErr float64
		for i, v := range r.want {
			e := math.Abs(float64(r.got[i])-v) / (1 + math.Abs(v))
			if e > tol {
				t.Fatalf("%s: %s[%d] = %v, reference %v", label, r.what, i, r.got[i], v)
			}
			maxErr = max(maxErr, e)
		}
		worst += fmt.Sprintf(" %s %.2g (bound %.2g);", r.what, maxErr, tol)
	}
	t.Logf("%s:%s", label, worst)
}
