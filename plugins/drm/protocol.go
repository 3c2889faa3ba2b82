package drm

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/internal/runs"
	"github.com/yaknb/yak/runtime/parallel"
)

// Experiment is DomainBed's protocol: each domain in turn is the test
// domain (leave-one-domain-out), the others are trained on with HoldOut of
// each held out for validation, the checkpoint with the best validation
// accuracy is kept (training-domain validation), and every algorithm's
// methods are scored on the test domain, for each seed.
type Experiment struct {
	Data       *MultiDomain
	Algorithms []Algorithm
	Seeds      []uint64 // [1, 2, 3]
	// Test lists the indices of the domains to hold out (nil: every one).
	Test   []int
	Config Config
	// Workers is the number of trainings run at once [number of CPUs].
	Workers int
	// Progress counts training steps over the whole experiment. Nil shows a
	// bar of its own in a notebook, sized by the run.
	Progress display.Reporter
}

// Results holds Acc[method][test domain][seed]: test accuracy of each
// method, with the names of both, the validation accuracy of each
// algorithm's chosen checkpoint, and which head the DRM entropy rule picked.
type Results struct {
	Data    string
	Methods []string // the algorithms' method names, in Experiment.Algorithms order
	Domains []string // the held-out domains, in the order of Acc's second index
	Seeds   []uint64
	Acc     [][][]float64
	// Val[a][t][seed] is the mean validation accuracy over the training
	// domains of the checkpoint algorithm a kept (DomainBed's
	// training-domain validation score, which a hyperparameter search
	// selects on); NaN for an algorithm declared outside this package.
	Val [][][]float64
	// Picks[t][j] counts test batches of held-out domain t for which the
	// lowest-entropy head was the head of domain j (an index into
	// AllDomains), or the shared head (j = len(AllDomains)); summed over
	// seeds. Nil without a DRM algorithm.
	Picks      [][]int
	AllDomains []string
	Config     Config
	Wall       time.Duration
	// Partial is set when the run was stopped: only the trainings that
	// finished are in Acc (the others are NaN) and in the statistics.
	Partial bool
}

// Run trains and scores everything, Workers trainings at a time. In a
// notebook pass the cell's ctx: a stop ends the trainings under way within
// one step and returns an error that says so with Results holding the
// trainings that finished (Partial set; accuracies of the others are NaN).
// A training that fails or panics (a featurizer that does not fit the data,
// an algorithm declared in a cell) stops the others and its error is
// returned.
func (e Experiment) Run(ctx context.Context) (*Results, error) {
	ctx = runs.Context(ctx)
	if err := e.Data.Validate(); err != nil {
		return nil, err
	}
	if len(e.Algorithms) == 0 {
		return nil, fmt.Errorf("%w: no algorithms to run (for example []drm.Algorithm{drm.ERM{}, drm.DRM{}})", ErrData)
	}
	for i, a := range e.Algorithms {
		if a == nil {
			return nil, fmt.Errorf("%w: Algorithms[%d] is nil (for example drm.ERM{}, drm.DRM{})", ErrData, i)
		}
	}
	if e.Seeds == nil {
		e.Seeds = []uint64{1, 2, 3}
	}
	if len(e.Seeds) == 0 {
		return nil, fmt.Errorf("%w: Seeds is empty; give at least one seed (nil means 1, 2, 3)", ErrData)
	}
	test := e.Test
	if test == nil {
		for i := range e.Data.Domains {
			test = append(test, i)
		}
	}
	for _, t := range test {
		if t < 0 || t >= len(e.Data.Domains) {
			return nil, fmt.Errorf("%w: test domain %d: %s has domains 0..%d", ErrData, t, e.Data.Name, len(e.Data.Domains)-1)
		}
	}
	if e.Progress != nil && e.Config.Progress != nil {
		return nil, fmt.Errorf("%w: both Experiment.Progress and Experiment.Config.Progress are set; set Experiment.Progress only", ErrData)
	}
	if e.Config.Featurizer == nil {
		e.Config.Featurizer = DefaultFeaturizer(e.Data.C, e.Data.H, e.Data.W)
	}
	cfg := e.Config.withDefaults()
	dim := e.Data.Dim()
	for _, d := range e.Data.Domains {
		if int(cfg.HoldOut*float64(d.N)) >= d.N-1 || d.N < 2 {
			return nil, fmt.Errorf("%w: domain %q has %d samples: too few to hold %.0f%% out for validation", ErrData, d.Name, d.N, 100*cfg.HoldOut)
		}
	}
	jobs := len(test) * len(e.Seeds) * len(e.Algorithms)
	progress, finish := runs.Progress(firstReporter(e.Progress, e.Config.Progress), jobs*cfg.Steps, "drm")
	defer finish()
	cfg.Progress = progress
	r := &Results{Data: e.Data.Name, Seeds: e.Seeds, Config: cfg, AllDomains: e.Data.DomainNames()}
	r.Config.Progress = nil // the bar belongs to this run, not to the results
	var first []int         // each algorithm's first method index
	for _, a := range e.Algorithms {
		first = append(first, len(r.Methods))
		r.Methods = append(r.Methods, a.Methods()...)
	}
	r.Methods = runs.Distinct(r.Methods) // two ERM{} give "ERM" and "ERM (2)"
	for _, t := range test {
		r.Domains = append(r.Domains, e.Data.Domains[t].Name)
	}
	r.Acc = make([][][]float64, len(r.Methods))
	for m := range r.Acc {
		r.Acc[m] = make([][]float64, len(test))
		for t := range test {
			r.Acc[m][t] = make([]float64, len(e.Seeds))
			for s := range r.Acc[m][t] {
				r.Acc[m][t][s] = math.NaN()
			}
		}
	}
	r.Val = make([][][]float64, len(e.Algorithms))
	for a := range r.Val {
		r.Val[a] = make([][]float64, len(test))
		for t := range test {
			r.Val[a][t] = make([]float64, len(e.Seeds))
			for s := range r.Val[a][t] {
				r.Val[a][t][s] = math.NaN()
			}
		}
	}
	r.Picks = make([][]int, len(test))
	for t := range test {
		r.Picks[t] = make([]int, len(e.Data.Domains)+1)
	}

	var mu sync.Mutex
	finished := 0
	start := time.Now()
	// Seed-major order, so that a stop leaves whole seeds where it can.
	err := parallel.Each(ctx, e.Workers, jobs, func(ctx context.Context, i int) error {
		s, rest := i/(len(test)*len(e.Algorithms)), i%(len(test)*len(e.Algorithms))
		jt, ja := rest/len(e.Algorithms), rest%len(e.Algorithms)
		ti := test[jt]
		seed := e.Seeds[s]
		ts := &TrainSet{C: e.Data.C, H: e.Data.H, W: e.Data.W, Classes: e.Data.Classes, Config: cfg, ctx: ctx, val: math.NaN()}
		var trainIdx []int
		for i, d := range e.Data.Domains {
			if i == ti {
				continue
			}
			tr, va := split(d, dim, cfg.HoldOut, seed*1000+uint64(i))
			va = sample(va, dim, cfg.ValMax, seed*1000+uint64(i))
			ts.Train, ts.Val = append(ts.Train, tr), append(ts.Val, va)
			trainIdx = append(trainIdx, i)
		}
		alg := e.Algorithms[ja]
		where := fmt.Sprintf("drm: %s, test domain %s, seed %d", alg.Name(), e.Data.Domains[ti].Name, seed)
		model, err := alg.Train(ts, seed*7+uint64(ti))
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if model == nil {
			return fmt.Errorf("%s: Train returned no model and no error", where)
		}
		dom := sample(e.Data.Domains[ti], dim, cfg.TestMax, seed*1000+uint64(ti))
		accs := make([]float64, len(alg.Methods()))
		for m := range accs {
			if err := ctx.Err(); err != nil {
				return err
			}
			accs[m] = accuracy(model.Predict(m, dom), dom.Y)
		}
		var picks []int
		if hp, ok := model.(HeadPicker); ok {
			picks = hp.HeadPicks(dom)
		}
		mu.Lock()
		defer mu.Unlock()
		for m, a := range accs {
			r.Acc[first[ja]+m][jt][s] = a
		}
		r.Val[ja][jt][s] = ts.val
		for _, k := range picks {
			if k < len(trainIdx) {
				r.Picks[jt][trainIdx[k]]++
			} else {
				r.Picks[jt][len(e.Data.Domains)]++
			}
		}
		finished++
		return nil
	})
	r.Wall = time.Since(start)
	if runs.IsStop(err) && ctx.Err() != nil {
		r.Partial = true
		return r, runs.Stopped("drm: experiment", err, finished, jobs, "trainings")
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

func firstReporter(rs ...display.Reporter) display.Reporter {
	for _, r := range rs {
		if r != nil {
			return r
		}
	}
	return nil
}

// Method is the index in Methods of the method of that name, or -1.
func (r *Results) Method(name string) int {
	for i, m := range r.Methods {
		if m == name {
			return i
		}
	}
	return -1
}

// Mean is the accuracy of the method of that name (drm.DRMEnsemble, "ERM",
// ...) on held-out domain t: mean and standard error over the seeds that
// finished. An unknown name gives NaN.
func (r *Results) Mean(method string, t int) display.Stat {
	m := r.Method(method)
	if m < 0 || t < 0 || t >= len(r.Domains) {
		return display.MeanSE(nil)
	}
	return r.mean(m, t)
}

// Average is the method's accuracy averaged over the held-out domains, per
// seed, then mean and standard error over seeds (DomainBed's "Avg").
func (r *Results) Average(method string) display.Stat {
	m := r.Method(method)
	if m < 0 {
		return display.MeanSE(nil)
	}
	return r.average(m)
}

func (r *Results) mean(m, t int) display.Stat { return display.MeanSE(finite(r.Acc[m][t])) }

func finite(xs []float64) []float64 {
	var out []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	return out
}

func (r *Results) average(m int) display.Stat {
	var per []float64
	for s := range r.Seeds {
		sum, ok := 0.0, true
		for t := range r.Domains {
			sum += r.Acc[m][t][s]
			ok = ok && !math.IsNaN(r.Acc[m][t][s])
		}
		if ok {
			per = append(per, sum/float64(len(r.Domains)))
		}
	}
	return display.MeanSE(per)
}
