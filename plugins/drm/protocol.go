package drm

import (
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/yaknb/yak/display"
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
	// Progress, when set, counts training steps over the whole experiment.
	Progress display.Reporter
}

// Results holds Acc[method][test domain][seed]: test accuracy of each
// method, with the names of both, the validation accuracy of each
// algorithm's chosen checkpoint, and which head the DRM entropy rule picked.
type Results struct {
	Data    string
	Methods []string
	Domains []string // the held-out domains, in the order of Acc's second index
	Seeds   []uint64
	Acc     [][][]float64
	// Picks[t][j] counts test batches of held-out domain t for which the
	// lowest-entropy head was the head of domain j (an index into
	// AllDomains), or the shared head (j = len(AllDomains)); summed over
	// seeds. Nil without a DRM algorithm.
	Picks      [][]int
	AllDomains []string
	Config     Config
	Wall       time.Duration
}

// Run trains and scores everything; trainings run in parallel.
func (e Experiment) Run() (*Results, error) {
	if err := e.Data.Validate(); err != nil {
		return nil, err
	}
	if len(e.Algorithms) == 0 {
		return nil, fmt.Errorf("%w: no algorithms to run (for example []drm.Algorithm{drm.ERM{}, drm.DRM{}})", ErrData)
	}
	if e.Seeds == nil {
		e.Seeds = []uint64{1, 2, 3}
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
	cfg := e.Config.withDefaults()
	cfg.Progress = e.Progress
	dim := e.Data.Dim()
	for _, d := range e.Data.Domains {
		if int(cfg.HoldOut*float64(d.N)) >= d.N-1 || d.N < 2 {
			return nil, fmt.Errorf("%w: domain %q has %d samples: too few to hold %.0f%% out for validation", ErrData, d.Name, d.N, 100*cfg.HoldOut)
		}
	}
	r := &Results{Data: e.Data.Name, Seeds: e.Seeds, Config: cfg, AllDomains: e.Data.DomainNames()}
	var first []int // each algorithm's first method index
	for _, a := range e.Algorithms {
		first = append(first, len(r.Methods))
		r.Methods = append(r.Methods, a.Methods()...)
	}
	for _, t := range test {
		r.Domains = append(r.Domains, e.Data.Domains[t].Name)
	}
	r.Acc = make([][][]float64, len(r.Methods))
	for m := range r.Acc {
		r.Acc[m] = make([][]float64, len(test))
		for t := range test {
			r.Acc[m][t] = make([]float64, len(e.Seeds))
		}
	}
	r.Picks = make([][]int, len(test))
	for t := range test {
		r.Picks[t] = make([]int, len(e.Data.Domains)+1)
	}

	type job struct{ t, s, a int }
	jobs := make(chan job)
	var mu sync.Mutex
	var firstErr error
	workers := e.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				ti := test[j.t]
				seed := e.Seeds[j.s]
				ts := &TrainSet{C: e.Data.C, H: e.Data.H, W: e.Data.W, Classes: e.Data.Classes, Config: cfg}
				var trainIdx []int
				for i, d := range e.Data.Domains {
					if i == ti {
						continue
					}
					tr, va := split(d, dim, cfg.HoldOut, seed*1000+uint64(i))
					ts.Train, ts.Val = append(ts.Train, tr), append(ts.Val, va)
					trainIdx = append(trainIdx, i)
				}
				alg := e.Algorithms[j.a]
				model, err := alg.Train(ts, seed*7+uint64(ti))
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("drm: %s, test domain %s, seed %d: %w", alg.Name(), e.Data.Domains[ti].Name, seed, err)
					}
					mu.Unlock()
					continue
				}
				dom := e.Data.Domains[ti]
				accs := make([]float64, len(alg.Methods()))
				for m := range accs {
					accs[m] = accuracy(model.Predict(m, dom), dom.Y)
				}
				var picks []int
				if hp, ok := model.(HeadPicker); ok {
					picks = hp.HeadPicks(dom)
				}
				mu.Lock()
				for m, a := range accs {
					r.Acc[first[j.a]+m][j.t][j.s] = a
				}
				for _, k := range picks {
					if k < len(trainIdx) {
						r.Picks[j.t][trainIdx[k]]++
					} else {
						r.Picks[j.t][len(e.Data.Domains)]++
					}
				}
				mu.Unlock()
			}
		}()
	}
	for t := range test {
		for s := range e.Seeds {
			for a := range e.Algorithms {
				jobs <- job{t, s, a}
			}
		}
	}
	close(jobs)
	wg.Wait()
	r.Wall = time.Since(start)
	if firstErr != nil {
		return nil, firstErr
	}
	if p, ok := e.Progress.(interface{ Finish() }); ok {
		p.Finish()
	}
	return r, nil
}

// Mean is method m's accuracy on held-out domain t: mean and standard
// error over seeds.
func (r *Results) Mean(m, t int) display.Stat { return display.MeanSE(r.Acc[m][t]) }

// Average is method m's accuracy averaged over the held-out domains, per
// seed, then mean and standard error over seeds (DomainBed's "Avg").
func (r *Results) Average(m int) display.Stat {
	per := make([]float64, len(r.Seeds))
	for s := range r.Seeds {
		for t := range r.Domains {
			per[s] += r.Acc[m][t][s]
		}
		per[s] /= float64(len(r.Domains))
	}
	return display.MeanSE(per)
}
