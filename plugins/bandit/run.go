package bandit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/yaknb/yak/plugins/internal/runs"
)

// ErrPolicy is wrapped by the errors about a policy's behaviour: an arm out
// of range, an arm it gave probability zero, invalid probabilities.
var ErrPolicy = errors.New("bandit: policy misbehaved")

// chained is an error that says where it happened in front of the error it
// wraps, with one "bandit: " prefix however deep the chain.
type chained struct {
	msg  string
	errs []error
}

func (e *chained) Error() string   { return e.msg }
func (e *chained) Unwrap() []error { return e.errs }

// within puts where in front of err ("bandit: NeuFastCB, round 3: ...")
// and wraps err and the sentinels in also.
func within(where string, err error, also ...error) error {
	return &chained{msg: "bandit: " + where + ": " + strings.TrimPrefix(err.Error(), "bandit: "), errs: append([]error{err}, also...)}
}

// Trace is one run of a policy: cumulative regret and reward after each round.
type Trace struct {
	Policy string
	Seed   uint64
	Regret []float64 // Regret[t] = Σ_{s ≤ t} max(rewards_s) − rewards_s[a_s]
	Reward float64   // total reward
}

// FinalRegret is the cumulative regret after the last round.
func (tr *Trace) FinalRegret() float64 {
	if len(tr.Regret) == 0 {
		return 0
	}
	return tr.Regret[len(tr.Regret)-1]
}

// policySeed derives a policy's seed from an episode's, so that the policy's
// randomness does not replay the environment's.
func policySeed(seed uint64) uint64 {
	z := seed + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Run plays policy p (started here) for rounds rounds of episode seed of env,
// checking each step: the features must be finite, the probabilities a
// distribution, the arm in range and drawn with positive probability. When
// log is not nil every round is appended to it. A done ctx stops it within
// 256 rounds with an error that wraps ctx.Err().
func Run(ctx context.Context, env Environment, p Policy, rounds int, seed uint64, log *Log) (*Trace, error) {
	return run(runs.Context(ctx), env, p, rounds, seed, log, nil)
}

// run is Run that also calls tick, when not nil, with the number of rounds
// done every 256 rounds and at the end.
func run(ctx context.Context, env Environment, p Policy, rounds int, seed uint64, log *Log, tick func(int)) (*Trace, error) {
	if env == nil || p == nil {
		return nil, fmt.Errorf("bandit: Run needs an environment and a policy")
	}
	k, d := env.Arms(), env.Dim()
	if k < 2 || d < 1 {
		return nil, fmt.Errorf("%w: the environment has %d arms and %d features; a bandit needs at least 2 arms and 1 feature", ErrData, k, d)
	}
	if rounds < 1 {
		return nil, fmt.Errorf("bandit: rounds = %d; run at least one round", rounds)
	}
	name := p.Name()
	if err := p.Start(k, d, policySeed(seed)); err != nil {
		return nil, err
	}
	if log != nil {
		if log.Arms == 0 {
			log.Arms, log.Dim = k, d
		} else if log.Arms != k || log.Dim != d {
			return nil, fmt.Errorf("bandit: the log holds %d arms × %d features, the environment has %d × %d", log.Arms, log.Dim, k, d)
		}
	}
	x, rew, probs := make([]float64, d), make([]float64, k), make([]float64, k)
	tr := &Trace{Policy: name, Seed: seed, Regret: make([]float64, rounds)}
	cum := 0.0
	for t := range rounds {
		if err := env.Round(seed, t, x, rew); err != nil {
			return nil, within(fmt.Sprintf("round %d", t), err)
		}
		if err := checkRound(x, rew); err != nil {
			return nil, within(fmt.Sprintf("round %d", t), err)
		}
		arm, err := p.Choose(t, x, probs)
		if err != nil {
			return nil, within(fmt.Sprintf("%s, round %d", name, t), err)
		}
		if err := checkChoice(arm, probs); err != nil {
			return nil, within(fmt.Sprintf("%s, round %d", name, t), err)
		}
		r := rew[arm]
		cum += rew[argmax(rew)] - r
		tr.Regret[t] = cum
		tr.Reward += r
		if err := p.Update(t, x, arm, r); err != nil {
			return nil, within(fmt.Sprintf("%s, round %d", name, t), err)
		}
		if log != nil {
			log.Records = append(log.Records, Record{X: append([]float64(nil), x...), Arm: arm, Prob: probs[arm], Reward: r})
		}
		if (t+1)%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("bandit: %s stopped at round %d of %d: %w", name, t+1, rounds, err)
			}
			if tick != nil {
				tick(t + 1)
			}
		}
	}
	if tick != nil {
		tick(rounds)
	}
	return tr, nil
}

func checkRound(x, rew []float64) error {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: feature %d of the context is %v", ErrData, i, v)
		}
	}
	for a, v := range rew {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: reward of arm %d is %v", ErrData, a, v)
		}
	}
	return nil
}

func checkChoice(arm int, probs []float64) error {
	if arm < 0 || arm >= len(probs) {
		return fmt.Errorf("%w: it chose arm %d, but the arms are 0..%d", ErrPolicy, arm, len(probs)-1)
	}
	if err := CheckProbs(probs); err != nil {
		return within("policy misbehaved", err, ErrPolicy)
	}
	if probs[arm] <= 0 {
		return fmt.Errorf("%w: it chose arm %d, to which its own probabilities give 0", ErrPolicy, arm)
	}
	return nil
}
