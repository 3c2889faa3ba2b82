package bandit

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
)

// ErrData is wrapped by the errors about a data set or an environment that
// cannot make a bandit problem: no rows, one class, NaN features, ...
var ErrData = errors.New("bandit: bad data")

// Environment is a contextual bandit problem with Arms() arms. In round t of
// the episode numbered seed it shows features x (length Dim()); the context
// of arm a is x placed in block a of a Dim()·Arms() vector (zeros elsewhere),
// which is how policies see it. It also reports every arm's reward, which the
// policy never sees and the runner uses for regret: the regret of playing a
// is max(rewards) − rewards[a].
//
// Round fills x and rewards (lengths Dim() and Arms()). It must depend only
// on (seed, t), and be safe for concurrent use, because experiments run
// several seeds at once: derive any randomness from the seed, e.g.
// rand.New(rand.NewPCG(seed, uint64(t))). A notebook may implement it in Go.
type Environment interface {
	Arms() int
	Dim() int
	Round(seed uint64, t int, x, rewards []float64) error
}

// Joint returns the context of arm a as a policy over Dim()·Arms() inputs
// sees it: x copied into block a, zeros elsewhere. Policies in this package
// never build it (they use the block structure); it documents the
// conversion and serves user code that needs the dense vector.
func Joint(x []float64, arm, arms int) []float64 {
	if arm < 0 || arm >= arms {
		panic(fmt.Sprintf("bandit: Joint: arm %d out of range [0, %d)", arm, arms))
	}
	v := make([]float64, len(x)*arms)
	copy(v[arm*len(x):], x)
	return v
}

// Classification turns a K-class data set into a K-armed bandit, the
// standard way (Zhou et al. 2020, Deb et al. 2024): each row is
// L2-normalised; episode seed visits the rows in an order shuffled with that
// seed (a new shuffle for each pass when the rounds outnumber the rows);
// playing the row's true class gives reward 1, any other arm 0, so the
// regret of a round is 1 − reward.
type Classification struct {
	name   string
	x      []float64 // n×d, rows L2-normalised
	y      []int
	n, d   int
	k      int
	labels []string

	mu    sync.Mutex
	perms map[[2]uint64][]int32
}

// NewClassification makes a bandit from rows x (n×d, any scale: rows are
// L2-normalised here) and class indices y in [0, K), K = max(y)+1. labels
// names the classes (may be nil). It refuses empty data, ragged rows, NaN or
// infinite features, all-zero rows, negative labels and a single class.
func NewClassification(name string, x [][]float64, y []int, labels []string) (*Classification, error) {
	if len(x) == 0 {
		return nil, fmt.Errorf("%w: %s has no rows", ErrData, name)
	}
	if len(y) != len(x) {
		return nil, fmt.Errorf("%w: %s has %d rows but %d labels", ErrData, name, len(x), len(y))
	}
	d := len(x[0])
	if d == 0 {
		return nil, fmt.Errorf("%w: %s has no feature columns", ErrData, name)
	}
	c := &Classification{name: name, n: len(x), d: d, x: make([]float64, len(x)*d), y: append([]int(nil), y...), perms: map[[2]uint64][]int32{}}
	seen := map[int]bool{}
	for i, row := range x {
		if len(row) != d {
			return nil, fmt.Errorf("%w: %s row %d has %d features, row 0 has %d", ErrData, name, i, len(row), d)
		}
		ss := 0.0
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%w: %s row %d feature %d is %v: drop or impute missing values first", ErrData, name, i, j, v)
			}
			ss += v * v
		}
		if ss == 0 {
			return nil, fmt.Errorf("%w: %s row %d is all zeros and cannot be L2-normalised", ErrData, name, i)
		}
		inv := 1 / math.Sqrt(ss)
		for j, v := range row {
			c.x[i*d+j] = v * inv
		}
		if y[i] < 0 {
			return nil, fmt.Errorf("%w: %s row %d has label %d; labels must be class indices >= 0", ErrData, name, i, y[i])
		}
		seen[y[i]] = true
		c.k = max(c.k, y[i]+1)
	}
	if len(seen) < 2 {
		return nil, fmt.Errorf("%w: %s has a single class (%d): a bandit needs at least two arms", ErrData, name, y[0])
	}
	c.labels = make([]string, c.k)
	for i := range c.labels {
		if i < len(labels) {
			c.labels[i] = labels[i]
		} else {
			c.labels[i] = fmt.Sprint(i)
		}
	}
	return c, nil
}

// Arms is the number of classes.
func (c *Classification) Arms() int { return c.k }

// Dim is the number of features.
func (c *Classification) Dim() int { return c.d }

// Len is the number of rows.
func (c *Classification) Len() int { return c.n }

// Labels names the classes, in arm order.
func (c *Classification) Labels() []string { return append([]string(nil), c.labels...) }

// Name is the data set's name.
func (c *Classification) Name() string { return c.name }

// Row returns the index of the data row shown in round t of episode seed.
func (c *Classification) Row(seed uint64, t int) int {
	pass := uint64(t / c.n)
	return int(c.perm(seed, pass)[t%c.n])
}

// Round shows row Row(seed, t): its normalised features and reward 1 for its class.
func (c *Classification) Round(seed uint64, t int, x, rewards []float64) error {
	if t < 0 {
		return fmt.Errorf("bandit: %s: round %d < 0", c.name, t)
	}
	if len(x) != c.d || len(rewards) != c.k {
		return fmt.Errorf("bandit: %s: Round needs x of length %d and rewards of length %d, got %d and %d", c.name, c.d, c.k, len(x), len(rewards))
	}
	i := c.Row(seed, t)
	copy(x, c.x[i*c.d:(i+1)*c.d])
	for a := range rewards {
		rewards[a] = 0
	}
	rewards[c.y[i]] = 1
	return nil
}

// perm is the shuffled row order of one pass of an episode, made once.
func (c *Classification) perm(seed, pass uint64) []int32 {
	key := [2]uint64{seed, pass}
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.perms[key]; ok {
		return p
	}
	r := rand.New(rand.NewPCG(seed, 0x5eed0000+pass))
	p := make([]int32, c.n)
	for i := range p {
		p[i] = int32(i)
	}
	r.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
	c.perms[key] = p
	return p
}

// String describes the bandit in a line.
func (c *Classification) String() string {
	return fmt.Sprintf("%s: %d rows, d = %d features, K = %d arms (joint context %d)", c.name, c.n, c.d, c.k, c.d*c.k)
}
