package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/yaknb/yak/plugins/bandit"
)

// record is one finished run, one JSON line of the runs file.
type record struct {
	Phase  string  `json:"phase"` // "tune" or "report"
	Data   string  `json:"data"`
	Method string  `json:"method"`
	Config config  `json:"config"`
	Seed   uint64  `json:"seed"`
	T      int     `json:"T"`
	Regret float64 `json:"regret"`
	CPU    float64 `json:"cpu_s"`
	Wall   float64 `json:"wall_s"`
	Err    string  `json:"err,omitempty"` // why the run failed (it counts as failed in tuning)
}

func (r record) key() string {
	return fmt.Sprintf("%s|%s|%s|%v|%d|%d", r.Phase, r.Data, r.Method, r.Config, r.Seed, r.T)
}

// store is the runs file: the runs read from it and the file to append to.
type store struct {
	done map[string]record
	f    *os.File
}

func openStore(path string) (*store, error) {
	st := &store{done: map[string]record{}}
	if b, err := os.ReadFile(path); err == nil {
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for n := 1; sc.Scan(); n++ {
			var r record
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				return nil, fmt.Errorf("%s line %d: %w", path, n, err)
			}
			st.done[r.key()] = r
		}
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	st.f = f
	return st, nil
}

func (st *store) close() { st.f.Close() }

// run returns the stored run r, or plays p for r.T rounds of episode r.Seed
// and stores it. A failing policy is recorded, not returned as an error.
func (st *store) run(env bandit.Environment, r record, p bandit.Policy) (record, error) {
	if old, ok := st.done[r.key()]; ok {
		return old, nil
	}
	cpu0, t0 := cpuSeconds(), time.Now()
	tr, err := bandit.Run(context.Background(), env, p, r.T, r.Seed, nil)
	r.CPU, r.Wall = cpuSeconds()-cpu0, time.Since(t0).Seconds()
	if err != nil {
		r.Err = err.Error()
		r.Regret = math.NaN()
	} else {
		r.Regret = tr.FinalRegret()
	}
	line, jerr := json.Marshal(lineOf(r))
	if jerr != nil {
		return r, jerr
	}
	if _, err := st.f.Write(append(line, '\n')); err != nil {
		return r, err
	}
	st.done[r.key()] = r
	return r, nil
}

// lineOf replaces a NaN regret, which JSON cannot hold, by -1, and rounds
// the times to milliseconds.
func lineOf(r record) record {
	if math.IsNaN(r.Regret) {
		r.Regret = -1
	}
	r.CPU, r.Wall = math.Round(r.CPU*1000)/1000, math.Round(r.Wall*1000)/1000
	return r
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// rowNames are the table's rows: method key → label.
var rowNames = []struct{ key, label string }{
	{"NeuSquareCB", "**NeuSquareCB** (5 nets, perturbed)"},
	{"NeuFastCB", "**NeuFastCB** (5 nets, perturbed)"},
	{"eps-greedy-linear", "ε-greedy (linear ridge)"},
	{"eps-greedy-neural", "ε-greedy (neural)"},
	{"LinUCB", "LinUCB"},
	{"SquareCB-ridge", "SquareCB (linear, exact ridge regression)"},
	{"NeuralUCB-online", "NeuralUCB (online SGD, diagonal Z)"},
	{"NeuralTS-online", "NeuralTS (online SGD, diagonal Z)"},
	{"NeuralUCB-retrained", "NeuralUCB (retrained, diagonal Z)"},
	{"NeuralTS-retrained", "NeuralTS (retrained, diagonal Z)"},
	{"NeuralUCB-retrained-fullZ", "NeuralUCB (retrained, full Z)"},
	{"NeuralTS-retrained-fullZ", "NeuralTS (retrained, full Z)"},
	{"NeuralUCB-retrained-lowrankZ", "NeuralUCB (retrained, low-rank Z, last 100 gradients)"},
	{"NeuralTS-retrained-lowrankZ", "NeuralTS (retrained, low-rank Z, last 100 gradients)"},
	{"uniform", "uniform"},
	{"NeuSquareCB-5nets-noperturb", "*ablation:* NeuSquareCB, 5 nets, no perturbation"},
	{"NeuSquareCB-1net-perturb", "*ablation:* NeuSquareCB, 1 net, perturbed"},
	{"NeuSquareCB-1net-noperturb", "*ablation:* NeuSquareCB, 1 net, no perturbation"},
	{"NeuFastCB-5nets-noperturb", "*ablation:* NeuFastCB, 5 nets, no perturbation"},
	{"NeuFastCB-1net-perturb", "*ablation:* NeuFastCB, 1 net, perturbed"},
	{"NeuFastCB-1net-noperturb", "*ablation:* NeuFastCB, 1 net, no perturbation"},
	{"NeuSquareCB-5nets-paramperturb", "*ablation:* NeuSquareCB, 5 nets, parameter perturbation (guess B)"},
	{"NeuFastCB-5nets-paramperturb", "*ablation:* NeuFastCB, 5 nets, parameter perturbation (guess B)"},
}

// configOf is the configuration a row ran with on a data set.
func configOf(chosen chosenConfigs, data, key string) config {
	if c := chosen.get(data, key); c != nil {
		return c
	}
	for _, v := range variants {
		if v.key == key {
			return chosen.get(data, v.base)
		}
	}
	return config{}
}

// markdown is the held-out table: final regret, mean ± SE over the seeds
// that finished (a cell says how many when not all did), the best mean of
// each column in bold, then the chosen configurations.
func markdown(st *store, chosen chosenConfigs, sets []dataSet, rounds int) string {
	var sb strings.Builder
	sb.WriteString("| method |")
	for _, d := range sets {
		sb.WriteString(" " + d.name + " |")
	}
	sb.WriteString("\n|---|" + strings.Repeat("---:|", len(sets)) + "\n")
	type cell struct {
		mean, se float64
		n, fail  int
	}
	cells := map[string]cell{}
	best := map[string]float64{}
	for _, row := range rowNames {
		for _, d := range sets {
			var xs []float64
			fail := 0
			for _, s := range reportSeeds {
				r, ok := st.done[record{Phase: "report", Data: d.name, Method: row.key, Config: configOf(chosen, d.name, row.key), Seed: s, T: rounds}.key()]
				switch {
				case !ok:
				case r.Err != "":
					fail++
				default:
					xs = append(xs, r.Regret)
				}
			}
			if len(xs) == 0 && fail == 0 {
				continue
			}
			m, se := meanSE(xs)
			cells[row.key+"|"+d.name] = cell{m, se, len(xs), fail}
			if !strings.Contains(row.key, "perturb") && !strings.Contains(row.key, "-1net") && row.key != "uniform" && len(xs) == len(reportSeeds) {
				if b, ok := best[d.name]; !ok || m < b {
					best[d.name] = m
				}
			}
		}
	}
	for _, row := range rowNames {
		sb.WriteString("| " + row.label + " |")
		for _, d := range sets {
			c, ok := cells[row.key+"|"+d.name]
			switch {
			case !ok:
				sb.WriteString(" – |")
			case c.n == 0:
				sb.WriteString(fmt.Sprintf(" failed (%d seeds) |", c.fail))
			default:
				s := fmt.Sprintf("%s ± %s", num(c.mean), numSE(c.se))
				if b, ok := best[d.name]; ok && c.mean == b && c.n == len(reportSeeds) {
					s = "**" + s + "**"
				}
				if c.n+c.fail < len(reportSeeds) || c.fail > 0 {
					s += fmt.Sprintf(" (%d seeds", c.n)
					if c.fail > 0 {
						s += fmt.Sprintf(", %d failed", c.fail)
					}
					s += ")"
				}
				sb.WriteString(" " + s + " |")
			}
		}
		sb.WriteString("\n")
	}
	sb.WriteString("\nChosen configurations (tuning seeds 1-5):\n\n| method |")
	for _, d := range sets {
		sb.WriteString(" " + d.name + " |")
	}
	sb.WriteString("\n|---|" + strings.Repeat("---|", len(sets)) + "\n")
	for _, m := range methods {
		sb.WriteString("| " + m.key + " |")
		for _, d := range sets {
			if c := chosen.get(d.name, m.key); c != nil {
				sb.WriteString(" " + c.String() + " |")
			} else {
				sb.WriteString(" – |")
			}
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

func meanSE(xs []float64) (float64, float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	m := 0.0
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	if len(xs) < 2 {
		return m, 0
	}
	v := 0.0
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return m, math.Sqrt(v / float64(len(xs)-1) / float64(len(xs)))
}

// numSE prints a standard error: whole from 10 up, else one decimal.
func numSE(x float64) string {
	if math.Abs(x) >= 10 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.1f", x)
}

// num prints a regret with three significant figures, as whole numbers
// from 100 up.
func num(x float64) string {
	switch {
	case math.Abs(x) >= 100:
		return fmt.Sprintf("%.0f", x)
	case math.Abs(x) >= 10:
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.2f", x)
}
