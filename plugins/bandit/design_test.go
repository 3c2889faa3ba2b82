package bandit

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// explicitGrad is the gradient of arm a's output over all parameters in
// zdiag order (W1 blocks, b1, w2, b2), from the last forward pass over a.
func explicitGrad(n *blockNet, x []float32, a int) []float64 {
	hid := n.gradParts(a)
	g := make([]float64, n.params())
	d, h := n.d, n.h
	for i, xi := range x {
		for j, v := range n.dh {
			g[a*d*h+i*h+j] = float64(xi * v)
		}
	}
	off := n.k * d * h
	for j := range h {
		g[off+j] = float64(n.dh[j])
		g[off+h+j] = float64(hid[j])
	}
	g[off+2*h] = 1
	return g
}

// solveQuad returns gᵀZ⁻¹g by Cholesky in float64: the direct solve the
// designMatrix forms are checked against.
func solveQuad(t *testing.T, z [][]float64, g []float64) float64 {
	p := len(g)
	l := make([][]float64, p)
	for i := range p {
		l[i] = make([]float64, p)
		for j := 0; j <= i; j++ {
			v := z[i][j]
			for k := range j {
				v -= l[i][k] * l[j][k]
			}
			if i == j {
				if v <= 0 {
					t.Fatalf("Z not positive definite at %d", i)
				}
				l[i][i] = math.Sqrt(v)
			} else {
				l[i][j] = v / l[j][j]
			}
		}
	}
	q := 0.0
	y := make([]float64, p)
	for i := range p {
		v := g[i]
		for k := range i {
			v -= l[i][k] * y[k]
		}
		y[i] = v / l[i][i]
		q += y[i] * y[i]
	}
	return q
}

// TestDesignMatrixQuadForms: after a sequence of updates (the network's
// weights moving between them, as they do when it trains), every arm's
// gᵀZ⁻¹g from each form equals a direct solve with the Z that form stands
// for: all gradients (full, low-rank with r ≥ rounds), the last r (low-rank)
// or the diagonal of all (diag).
func TestDesignMatrixQuadForms(t *testing.T) {
	const d, k, h, rounds = 3, 3, 5, 24
	for _, c := range []struct {
		name   string
		z      string
		rank   int
		window int // gradients in the reference Z (0: all)
		diag   bool
	}{
		{"full", zFull, 0, 0, false},
		{"low-rank, r = rounds", zLowRank, rounds, 0, false},
		{"low-rank, r > rounds", zLowRank, 100, 0, false},
		{"low-rank, r = 7", zLowRank, 7, 7, false},
		{"low-rank, r = 1", zLowRank, 1, 1, false},
		{"diag", zDiag, 0, 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, 8))
			n := newBlockNet(r, d, k, h, 1, 0)
			dm := newDesignMatrix(c.z, c.rank, n)
			x := make([]float32, d)
			var grads [][]float64
			checks := 0
			for round := range rounds + 1 {
				for i := range x {
					x[i] = float32(r.NormFloat64())
				}
				// reference Z over the gradients so far
				p := n.params()
				ref := make([][]float64, p)
				for i := range ref {
					ref[i] = make([]float64, p)
					ref[i][i] = 1
				}
				from := 0
				if c.window > 0 {
					from = max(0, len(grads)-c.window)
				}
				for _, g := range grads[from:] {
					for i := range p {
						for j := range p {
							if !c.diag || i == j {
								ref[i][j] += g[i] * g[j]
							}
						}
					}
				}
				for a := range k {
					n.forwardArm(x, a)
					want := solveQuad(t, ref, explicitGrad(n, x, a))
					n.forwardArm(x, a)
					got := dm.quad(n, x, a)
					if math.Abs(got-want) > 1e-4*(1+want) {
						t.Fatalf("round %d arm %d: gᵀZ⁻¹g = %.7g, direct solve %.7g", round, a, got, want)
					}
					checks++
				}
				a := r.IntN(k)
				n.forwardArm(x, a)
				grads = append(grads, explicitGrad(n, x, a))
				n.forwardArm(x, a)
				dm.add(n, x, a)
				// move the weights, as training does between rounds
				for i := range n.w1 {
					n.w1[i] += float32(0.3 * r.NormFloat64())
				}
				for i := range n.w2 {
					n.w2[i] += float32(0.3 * r.NormFloat64())
				}
			}
			if checks != (rounds+1)*k {
				t.Fatalf("%d checks", checks)
			}
		})
	}
}

// TestDesignMatrixOptions: bad Z settings stop Start with an error that
// names the setting; good ones run, name themselves and are deterministic
// per seed.
func TestDesignMatrixOptions(t *testing.T) {
	for _, c := range []struct {
		p    Policy
		want string
	}{
		{NeuralUCB(1, NeuralOptions{Z: "dense"}), `Z "dense" is not one of`},
		{NeuralTSRetrained(1, NeuralOptions{Z: "lowrank", ZRank: -2}), "needs ZRank >= 1"},
		{NeuralUCB(1, NeuralOptions{Z: "full", ZRank: 10}), "ZRank 10 is only for"},
		{NeuralTS(1, NeuralOptions{ZRank: 10}), "ZRank 10 is only for"},
		{NeuSquareCB(NeuralOptions{Z: "full"}), "has no design matrix"},
		{NeuFastCB(NeuralOptions{ZRank: 3}), "has no design matrix"},
		{NeuralEpsGreedy(0.1, NeuralOptions{Z: "lowrank"}), "has no design matrix"},
	} {
		err := c.p.Start(3, 4, 1)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.p.Name(), err, c.want)
		}
	}
	env := blobs(t, 400, 3, 4, 3)
	for _, c := range []struct {
		p    Policy
		name string
	}{
		{NeuralUCB(0.1, NeuralOptions{Hidden: 8, Z: "full"}), "NeuralUCB (full Z)"},
		{NeuralTSRetrained(0.1, NeuralOptions{Hidden: 8, Z: "full"}), "NeuralTS (retrained, full Z)"},
		{NeuralUCBRetrained(0.1, NeuralOptions{Hidden: 8, Z: "lowrank"}), "NeuralUCB (retrained, low-rank Z, r = 100)"},
		{NeuralTS(0.1, NeuralOptions{Hidden: 8, Z: "lowrank", ZRank: 5}), "NeuralTS (low-rank Z, r = 5)"},
	} {
		if got := c.p.Clone().Name(); got != c.name {
			t.Errorf("name %q, want %q", got, c.name)
		}
		a, err := Run(context.Background(), env, c.p.Clone(), 300, 4, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Run(context.Background(), env, c.p.Clone(), 300, 4, nil)
		if err != nil {
			t.Fatal(err)
		}
		other, err := Run(context.Background(), env, c.p.Clone(), 300, 5, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.Regret {
			if a.Regret[i] != b.Regret[i] {
				t.Fatalf("%s: seed 4 twice differs at round %d", c.name, i)
			}
		}
		if a.FinalRegret() == other.FinalRegret() && a.Reward == other.Reward {
			t.Errorf("%s: seeds 4 and 5 give the same run", c.name)
		}
	}
}

// TestFullZLearns: on the same seed, full Z and diagonal Z give
// different runs (the form is used, not ignored), and full Z learns.
func TestFullZLearns(t *testing.T) {
	env := blobs(t, 1500, 4, 6, 5)
	const rounds = 800
	uni, err := Run(context.Background(), env, Uniform(), rounds, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	diag, err := Run(context.Background(), env, NeuralUCB(0.1, NeuralOptions{Hidden: 20}), rounds, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, z := range []string{zFull, zLowRank} {
		tr, err := Run(context.Background(), env, NeuralUCB(0.1, NeuralOptions{Hidden: 20, Z: z}), rounds, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		if tr.FinalRegret() > uni.FinalRegret()/2 {
			t.Errorf("Z %s: regret %.0f, uniform %.0f", z, tr.FinalRegret(), uni.FinalRegret())
		}
		if tr.FinalRegret() == diag.FinalRegret() && tr.Reward == diag.Reward {
			t.Errorf("Z %s: the same run as the diagonal", z)
		}
	}
}
