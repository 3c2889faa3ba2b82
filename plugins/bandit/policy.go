package bandit

import (
	"fmt"
	"math/rand/v2"
)

// Policy is a contextual bandit algorithm. The runner calls Start once, then
// for each round t = 0, 1, ...: Choose, which fills probs (length arms) with
// the distribution the policy plays from and returns the arm it drew from
// it, and Update with the reward of that arm. x has length dim; the context
// of arm a is x in block a of a dim·arms vector (see Environment).
//
// probs is what gets logged as the propensity of the action, so a policy
// that decides deterministically (greedy, UCB, a Thompson sample) puts all
// the mass on its arm. Choose must not learn: off-policy evaluation calls it
// on logged contexts without Update.
//
// Clone returns an unstarted policy with the same settings: experiments run
// one clone per seed, several at once. A notebook may implement Policy in Go.
type Policy interface {
	Name() string
	Start(arms, dim int, seed uint64) error
	Choose(t int, x []float64, probs []float64) (int, error)
	Update(t int, x []float64, arm int, reward float64) error
	Clone() Policy
}

// newRand is the policies' random source for a seed.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0xba4d17)) }

func checkStart(name string, arms, dim int) error {
	if arms < 2 || dim < 1 {
		return fmt.Errorf("bandit: %s needs at least 2 arms and 1 feature, got %d arms and %d features", name, arms, dim)
	}
	return nil
}

// uniform plays every arm with probability 1/K.
type uniform struct {
	k int
	r *rand.Rand
}

// Uniform is the uniformly random policy, the baseline every learner must beat.
func Uniform() Policy { return &uniform{} }

func (u *uniform) Name() string  { return "uniform" }
func (u *uniform) Clone() Policy { return &uniform{} }
func (u *uniform) Start(arms, dim int, seed uint64) error {
	u.k, u.r = arms, newRand(seed)
	return checkStart(u.Name(), arms, dim)
}
func (u *uniform) Choose(t int, x, p []float64) (int, error) {
	for a := range p {
		p[a] = 1 / float64(u.k)
	}
	return u.r.IntN(u.k), nil
}
func (u *uniform) Update(int, []float64, int, float64) error { return nil }
