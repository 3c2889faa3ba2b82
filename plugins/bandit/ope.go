package bandit

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// Record is one logged round: the features shown, the arm played, the
// probability the logging policy gave it (its propensity) and the reward.
type Record struct {
	X      []float64 `json:"x"`
	Arm    int       `json:"arm"`
	Prob   float64   `json:"prob"`
	Reward float64   `json:"reward"`
}

// Log is an in-memory log of rounds over Arms arms and Dim features, as Run
// and Experiment write it.
type Log struct {
	Arms, Dim int
	Records   []Record
}

// LogSource streams logged rounds: Next returns io.EOF after the last one.
// Off-policy evaluation reads a log once, in order, so a log far larger than
// memory can be evaluated from a file (ReadLog).
type LogSource interface {
	Next() (Record, error)
}

// Source streams the log's records.
func (l *Log) Source() LogSource { return &memSource{recs: l.Records} }

type memSource struct {
	recs []Record
	i    int
}

func (s *memSource) Next() (Record, error) {
	if s.i >= len(s.recs) {
		return Record{}, io.EOF
	}
	s.i++
	return s.recs[s.i-1], nil
}

// WriteJSONL writes the log as JSON lines, one Record per line:
// {"x":[...],"arm":2,"prob":0.25,"reward":1}.
func (l *Log) WriteJSONL(w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for _, r := range l.Records {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// ReadLog streams records from JSON lines as WriteJSONL writes them (a real
// system's log converted to that form). Blank lines are skipped.
func ReadLog(r io.Reader) LogSource {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 1<<16), 1<<26)
	return &jsonSource{s: s}
}

type jsonSource struct {
	s    *bufio.Scanner
	line int
}

func (j *jsonSource) Next() (Record, error) {
	for j.s.Scan() {
		j.line++
		b := j.s.Bytes()
		if len(b) == 0 {
			continue
		}
		var r Record
		if err := json.Unmarshal(b, &r); err != nil {
			return Record{}, fmt.Errorf("bandit: log line %d: %w", j.line, err)
		}
		return r, nil
	}
	if err := j.s.Err(); err != nil {
		return Record{}, err
	}
	return Record{}, io.EOF
}

// RewardModel predicts the reward of an arm from the features, for the
// doubly-robust estimate. Evaluate asks for a record's predictions before it
// calls Update with that record, so each prediction uses earlier records only.
type RewardModel interface {
	Predict(x []float64, arm int) float64
	Update(x []float64, arm int, reward float64)
}

// RidgeModel is per-arm online ridge regression (λ = 1), Evaluate's default
// reward model.
func RidgeModel(arms, dim int) RewardModel { return &ridgeModel{newRidge(arms, dim)} }

type ridgeModel struct{ m *ridge }

func (r *ridgeModel) Predict(x []float64, arm int) float64 { return r.m.predict(x, arm) }
func (r *ridgeModel) Update(x []float64, arm int, reward float64) {
	r.m.update(x, arm, reward)
}

// Estimate holds off-policy estimates of a target policy's mean reward per
// round from a log, with standard errors where the estimate is a mean of
// independent terms.
type Estimate struct {
	N               int     // records read
	IPS, IPSSE      float64 // inverse propensity scoring
	SNIPS           float64 // self-normalised IPS
	DR, DRSE        float64 // doubly robust
	MeanWeight      float64 // mean of π(a|x)/p: near 1 when the log covers the target
	LoggedMeanValue float64 // the logging policy's mean reward, for reference
}

func (e Estimate) String() string {
	return fmt.Sprintf("n=%d IPS=%.4f±%.4f SNIPS=%.4f DR=%.4f±%.4f (mean weight %.3f, logged %.4f)",
		e.N, e.IPS, e.IPSSE, e.SNIPS, e.DR, e.DRSE, e.MeanWeight, e.LoggedMeanValue)
}

// Evaluate estimates the mean reward per round that target would get on the
// contexts of the log, without running it: with w = π(a|x)/p for the logged
// arm a and propensity p,
//
//	IPS   = mean(w·r)
//	SNIPS = Σ w·r / Σ w
//	DR    = mean(Σ_b π(b|x)·q(x, b) + w·(r − q(x, a)))
//
// where q is model (nil: RidgeModel, fitted progressively on the log as it is
// read). target must be started (and usually trained); Evaluate only calls
// its Choose, whose probabilities are π. A deterministic target (greedy, UCB,
// Thompson sampling's draw) is fine; the LOGGING policy must have given every
// arm the target plays a positive probability, so logs of UCB or Thompson
// sampling runs (propensity 1) do not support off-policy evaluation.
func Evaluate(src LogSource, arms int, target Policy, model RewardModel) (Estimate, error) {
	var e Estimate
	if src == nil || target == nil {
		return e, errors.New("bandit: Evaluate needs a log and a target policy")
	}
	if arms < 2 {
		return e, fmt.Errorf("bandit: Evaluate: %d arms; a bandit has at least 2", arms)
	}
	pi := make([]float64, arms)
	var sw, swr, sIPS, sIPS2, sDR, sDR2, sr float64
	dim := -1
	for {
		rec, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return e, err
		}
		i := e.N
		if dim < 0 {
			dim = len(rec.X)
			if model == nil {
				model = RidgeModel(arms, dim)
			}
		}
		if err := checkRecord(rec, arms, dim); err != nil {
			return e, fmt.Errorf("bandit: log record %d: %w", i, err)
		}
		if _, err := target.Choose(i, rec.X, pi); err != nil {
			return e, fmt.Errorf("bandit: target %s on log record %d: %w", target.Name(), i, err)
		}
		if err := CheckProbs(pi); err != nil {
			return e, fmt.Errorf("bandit: target %s on log record %d: %w", target.Name(), i, err)
		}
		w := pi[rec.Arm] / rec.Prob
		ips := w * rec.Reward
		dm := 0.0
		for b, pb := range pi {
			if pb > 0 {
				dm += pb * model.Predict(rec.X, b)
			}
		}
		dr := dm + w*(rec.Reward-model.Predict(rec.X, rec.Arm))
		model.Update(rec.X, rec.Arm, rec.Reward)
		sw += w
		swr += ips
		sIPS += ips
		sIPS2 += ips * ips
		sDR += dr
		sDR2 += dr * dr
		sr += rec.Reward
		e.N++
	}
	if e.N == 0 {
		return e, fmt.Errorf("%w: the log is empty", ErrData)
	}
	n := float64(e.N)
	e.IPS, e.IPSSE = sIPS/n, meanSE(sIPS, sIPS2, n)
	e.DR, e.DRSE = sDR/n, meanSE(sDR, sDR2, n)
	e.MeanWeight = sw / n
	e.LoggedMeanValue = sr / n
	if sw > 0 {
		e.SNIPS = swr / sw
	}
	return e, nil
}

// meanSE is the standard error of a mean from the sum and sum of squares.
func meanSE(s, s2, n float64) float64 {
	if n < 2 {
		return math.NaN()
	}
	v := (s2 - s*s/n) / (n - 1)
	return math.Sqrt(max(v, 0) / n)
}

func checkRecord(r Record, arms, dim int) error {
	switch {
	case r.Arm < 0 || r.Arm >= arms:
		return fmt.Errorf("%w: arm %d out of range [0, %d)", ErrData, r.Arm, arms)
	case !(r.Prob > 0 && r.Prob <= 1):
		return fmt.Errorf("%w: propensity %v must be in (0, 1]: the logging policy must give the played arm a positive probability", ErrData, r.Prob)
	case math.IsNaN(r.Reward) || math.IsInf(r.Reward, 0):
		return fmt.Errorf("%w: reward %v is not finite", ErrData, r.Reward)
	case len(r.X) != dim:
		return fmt.Errorf("%w: %d features, the first record has %d", ErrData, len(r.X), dim)
	}
	for i, v := range r.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: feature %d is %v", ErrData, i, v)
		}
	}
	return nil
}

// TrueValue is the mean reward per round that a started policy would get on
// rounds [from, from+rounds) of episode seed of env, computed exactly from
// every arm's reward: mean over t of Σ_a π(a|x_t)·rewards_t[a]. Like
// Evaluate, it only calls Choose, so the policy does not learn. It is the
// answer off-policy estimates on a simulated log should approach.
func TrueValue(env Environment, target Policy, seed uint64, from, rounds int) (float64, error) {
	k, d := env.Arms(), env.Dim()
	x, rew, pi := make([]float64, d), make([]float64, k), make([]float64, k)
	s := 0.0
	for t := from; t < from+rounds; t++ {
		if err := env.Round(seed, t, x, rew); err != nil {
			return 0, err
		}
		if _, err := target.Choose(t, x, pi); err != nil {
			return 0, err
		}
		if err := CheckProbs(pi); err != nil {
			return 0, fmt.Errorf("bandit: target %s: %w", target.Name(), err)
		}
		for a, p := range pi {
			s += p * rew[a]
		}
	}
	if rounds < 1 {
		return 0, fmt.Errorf("bandit: TrueValue needs rounds >= 1")
	}
	return s / float64(rounds), nil
}
