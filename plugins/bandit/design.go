package bandit

import (
	"fmt"
	"math"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// designMatrix is NeuralUCB's and NeuralTS's Z = λI + Σ g gᵀ (λ = 1) over
// the network's parameters, g the gradient of the chosen arm's output, in
// one of three forms (NeuralOptions.Z).
type designMatrix interface {
	// quad returns gᵀZ⁻¹g for arm a's gradient at the network's last
	// forward pass over a.
	quad(n *blockNet, x []float32, a int) float64
	// add adds g gᵀ for arm a's gradient at the last forward pass over a.
	add(n *blockNet, x []float32, a int)
}

// The forms of Z accepted by NeuralOptions.Z.
const (
	zDiag    = "diag"
	zFull    = "full"
	zLowRank = "lowrank"
)

// defaultZRank is the window of the low-rank Z when ZRank is 0.
const defaultZRank = 100

// checkZ validates the Z options of the neural baselines.
func checkZ(name, z string, rank int) error {
	switch z {
	case zDiag, zFull:
		if rank != 0 {
			return fmt.Errorf("bandit: %s: ZRank %d is only for Z \"lowrank\", Z is %q", name, rank, z)
		}
	case zLowRank:
		if rank < 1 {
			return fmt.Errorf("bandit: %s: Z \"lowrank\" needs ZRank >= 1 (the number of recent gradients kept), got %d", name, rank)
		}
	default:
		return fmt.Errorf("bandit: %s: Z %q is not one of \"diag\", \"full\", \"lowrank\"", name, z)
	}
	return nil
}

func newDesignMatrix(z string, rank int, n *blockNet) designMatrix {
	switch z {
	case zFull:
		return newFullZ(n)
	case zLowRank:
		return newLowRankZ(n, rank)
	}
	d := make([]float32, n.params())
	vec.Fill(d, 1) // λ
	return diagZ(d)
}

// diagZ keeps Z's diagonal only, as the NeuralUCB and NeuralTS authors'
// experiments do.
type diagZ []float32

func (z diagZ) quad(n *blockNet, x []float32, a int) float64 { return n.gradSq(x, a, z, false) }
func (z diagZ) add(n *blockNet, x []float32, a int)          { n.gradSq(x, a, z, true) }

// gradParts sets n.dh to ∂f/∂z (w2 where arm a's hidden unit is active) and
// returns arm a's hidden activations: the gradient of arm a's output is
// x ⊗ dh in W1's block a (row i of h is x_i·dh), dh for b1, hid for w2 and 1
// for b2, and 0 in the other arms' blocks.
func (n *blockNet) gradParts(a int) []float32 {
	h := n.h
	hid := n.hid[a*h : (a+1)*h]
	vec.Fill(n.dh, 0)
	vec.ReLUGrad(n.dh, hid, n.w2)
	return hid
}

// fullZ is the exact Z. A gradient of arm a is non-zero only in W1's block
// a (m = d·h entries) and in the shared parameters (s = 2h+1: b1, w2, b2),
// so Z is an arrowhead of blocks: Z = [[D, B], [Bᵀ, C]] with D block
// diagonal (one m×m block D_a per arm). fullZ keeps D_a⁻¹ and
// E_a = D_a⁻¹B_a per arm and the inverse of the Schur complement
// S = C − Σ_a B_aᵀD_a⁻¹B_a; then for g = (g_a, g_s)
//
//	gᵀZ⁻¹g = g_aᵀD_a⁻¹g_a + wᵀS⁻¹w,  w = E_aᵀg_a − g_s,
//
// and adding g gᵀ is three Sherman–Morrison updates: D_a⁻¹ −= u uᵀ/c
// (u = D_a⁻¹g_a, c = 1 + g_a·u), E_a −= (u/c) wᵀ, and S grows by w wᵀ/c.
// That is O((m+s)²) work per arm and per update, and K·m² + K·m·s + s²
// numbers (float32, but float64 for S⁻¹).
type fullZ struct {
	m, s int
	dinv [][]float32 // per arm, m×m, row-major
	e    [][]float32 // per arm, m×s
	sinv []float64   // s×s

	// buffers of one gradient
	ga, gs, u, ev, wf []float32
	nz                []int32 // indices of ga's non-zero entries
	w, z              []float64
}

func newFullZ(n *blockNet) *fullZ {
	m, s := n.d*n.h, 2*n.h+1
	f := &fullZ{m: m, s: s, sinv: make([]float64, s*s),
		ga: make([]float32, m), gs: make([]float32, s), u: make([]float32, m), ev: make([]float32, s), wf: make([]float32, s),
		nz: make([]int32, 0, m), w: make([]float64, s), z: make([]float64, s)}
	for range n.k {
		d := make([]float32, m*m)
		for i := range m {
			d[i*m+i] = 1 // λ⁻¹
		}
		f.dinv = append(f.dinv, d)
		f.e = append(f.e, make([]float32, m*s))
	}
	for i := range s {
		f.sinv[i*s+i] = 1
	}
	return f
}

// grad fills ga, gs and nz with arm a's gradient, then u = D_a⁻¹g_a and
// w = E_aᵀg_a − g_s, and returns g_a·u.
func (f *fullZ) grad(n *blockNet, x []float32, a int) float64 {
	hid := n.gradParts(a)
	h := n.h
	f.nz = f.nz[:0]
	for i, xi := range x {
		for j, v := range n.dh {
			g := xi * v
			f.ga[i*h+j] = g
			if g != 0 {
				f.nz = append(f.nz, int32(i*h+j))
			}
		}
	}
	copy(f.gs[:h], n.dh)
	copy(f.gs[h:2*h], hid)
	f.gs[2*h] = 1
	m, s := f.m, f.s
	vec.Fill(f.u, 0)
	vec.Fill(f.ev, 0)
	dinv, e := f.dinv[a], f.e[a]
	// D_a⁻¹ is symmetric: D_a⁻¹g_a is a sum of its rows, over g_a's
	// non-zeros only (about half of them: the inactive units' are 0).
	for _, k := range f.nz {
		g := f.ga[k]
		vec.Axpy(g, dinv[int(k)*m:int(k+1)*m], f.u)
		vec.Axpy(g, e[int(k)*s:int(k+1)*s], f.ev)
	}
	q := 0.0
	for _, k := range f.nz {
		q += float64(f.ga[k]) * float64(f.u[k])
	}
	for i := range f.w {
		f.w[i] = float64(f.ev[i]) - float64(f.gs[i])
		f.wf[i] = float32(f.w[i])
	}
	return q
}

// sinvQuad sets z = S⁻¹w and returns w·z.
func (f *fullZ) sinvQuad() float64 {
	s, q := f.s, 0.0
	for i := range s {
		row, acc := f.sinv[i*s:(i+1)*s], 0.0
		for j, v := range row {
			acc += v * f.w[j]
		}
		f.z[i] = acc
		q += f.w[i] * acc
	}
	return q
}

func (f *fullZ) quad(n *blockNet, x []float32, a int) float64 {
	q := f.grad(n, x, a) + f.sinvQuad()
	return max(q, 0) // rounding can push a tiny form below 0
}

func (f *fullZ) add(n *blockNet, x []float32, a int) {
	c := 1 + f.grad(n, x, a)
	m, s := f.m, f.s
	dinv, e := f.dinv[a], f.e[a]
	for k, uk := range f.u {
		if uk == 0 {
			continue
		}
		a := float32(-float64(uk) / c)
		vec.Axpy(a, f.u, dinv[k*m:(k+1)*m])
		vec.Axpy(a, f.wf, e[k*s:(k+1)*s])
	}
	den := c + f.sinvQuad()
	for i := range s {
		zi := f.z[i] / den
		row := f.sinv[i*s : (i+1)*s]
		for j, zj := range f.z {
			row[j] -= zi * zj
		}
	}
}

// lowRankZ is Z over the most recent r gradients only:
// Z_r = λI + G Gᵀ (λ = 1) with G the p×n matrix of the last n ≤ r chosen
// arms' gradients. By Woodbury, gᵀZ_r⁻¹g = gᵀg − bᵀ(I + GᵀG)⁻¹b with
// b = Gᵀg. A gradient is x ⊗ dh, dh, hid, 1 (see gradParts), so it is
// stored in d + 2h numbers and the inner product of two gradients of the
// same arm is (x·x')(dh·dh') + dh·dh' + hid·hid' + 1, without the block
// term for different arms: O(d + h) instead of O(d·h). Each update
// recomputes the Cholesky factor of the n×n matrix I + GᵀG, O(r³/3).
// With r at least the number of rounds it is the full Z.
type lowRankZ struct {
	r, d, h int
	n, next int       // gradients held, ring position of the next one
	arm     []int     // per slot
	xs      []float32 // per slot: d
	dhs     []float32 // per slot: h
	hids    []float32 // per slot: h
	gram    []float64 // r×r: I + GᵀG over the slots
	chol    []float64 // r×r: its Cholesky factor (lower) over the first n slots in slot order
	b, y    []float64
}

func newLowRankZ(net *blockNet, r int) *lowRankZ {
	return &lowRankZ{r: r, d: net.d, h: net.h, arm: make([]int, r),
		xs: make([]float32, r*net.d), dhs: make([]float32, r*net.h), hids: make([]float32, r*net.h),
		gram: make([]float64, r*r), chol: make([]float64, r*r), b: make([]float64, r), y: make([]float64, r)}
}

// dot is the inner product of the gradient of arm a (x, dh, hid) with
// slot i's.
func (z *lowRankZ) dot(a int, x, dh, hid []float32, i int) float64 {
	d, h := z.d, z.h
	dd := float64(vec.Dot(dh, z.dhs[i*h:(i+1)*h]))
	v := dd + float64(vec.Dot(hid, z.hids[i*h:(i+1)*h])) + 1
	if z.arm[i] == a {
		v += float64(vec.Dot(x, z.xs[i*d:(i+1)*d])) * dd
	}
	return v
}

func (z *lowRankZ) quad(net *blockNet, x []float32, a int) float64 {
	hid := net.gradParts(a)
	dh := net.dh
	dd := float64(vec.Dot(dh, dh))
	q := float64(vec.Dot(x, x))*dd + dd + float64(vec.Dot(hid, hid)) + 1
	if z.n == 0 {
		return q
	}
	for i := range z.n {
		z.b[i] = z.dot(a, x, dh, hid, i)
	}
	// bᵀ(I + GᵀG)⁻¹b = ‖L⁻¹b‖² with I + GᵀG = L Lᵀ.
	n, sq := z.n, 0.0
	for i := range n {
		v := z.b[i]
		row := z.chol[i*z.r : i*z.r+i]
		for j, l := range row {
			v -= l * z.y[j]
		}
		v /= z.chol[i*z.r+i]
		z.y[i] = v
		sq += v * v
	}
	return max(q-sq, 0)
}

func (z *lowRankZ) add(net *blockNet, x []float32, a int) {
	hid := net.gradParts(a)
	i, d, h, r := z.next, z.d, z.h, z.r
	z.arm[i] = a
	copy(z.xs[i*d:(i+1)*d], x)
	copy(z.dhs[i*h:(i+1)*h], net.dh)
	copy(z.hids[i*h:(i+1)*h], hid)
	z.next = (i + 1) % r
	z.n = min(z.n+1, r)
	for j := range z.n {
		v := z.dot(a, x, net.dh, hid, j)
		if j == i {
			v++ // λ
		}
		z.gram[i*r+j], z.gram[j*r+i] = v, v
	}
	z.factor()
}

// factor recomputes the Cholesky factor of the Gram matrix of the slots.
// The order of the slots does not change gᵀZ_r⁻¹g, so it works in slot
// order.
func (z *lowRankZ) factor() {
	n, r := z.n, z.r
	for i := range n {
		for j := 0; j <= i; j++ {
			v := z.gram[i*r+j]
			for k := range j {
				v -= z.chol[i*r+k] * z.chol[j*r+k]
			}
			if i == j {
				// I + GᵀG ≥ I: a pivot below 1 is rounding.
				z.chol[i*r+i] = math.Sqrt(max(v, 1))
			} else {
				z.chol[i*r+j] = v / z.chol[j*r+j]
			}
		}
	}
}
