// Command calib measures the fidelity table of plugins/calib: CE, LS, SVLS,
// MbLS and NACL trained on the synthetic segmentation task over several
// seeds, scored on the test split raw and after temperature scaling, and
// prints the table as Markdown (for BENCHMARKS.md).
//
//	go run ./bench/calib -seeds 3 -n 48 -size 48 -epochs 15
//
// For long runs, -jsonl FILE appends one line per finished run (so a
// stopped run keeps what finished), -vary-data draws each seed's data
// from that seed (the standard errors then include data variance), and
// -table FILE prints the tables of every setting in such a file.
//
//	for s in 1 2 3 4 5; do for j in 0.2 0; do
//	  go run ./bench/calib -seed-list $s -jitter $j -vary-data -jsonl out.jsonl; done; done
//	go run ./bench/calib -table out.jsonl
//
// -by-metric ECE,CECE,NLL,Dice with -table prints one table per metric
// with a column per setting and label set, as BENCHMARKS.md shows them.
//
// -3d runs the 3-D setting instead: volumes of calib.SyntheticVolumeSplits
// (-size voxels a side) and the 3-D U-Net (Conv3d blocks, -depth poolings).
//
//	go run ./bench/calib -3d -size 16 -n 32 -base 8 -depth 2 -epochs 40 -seed-list 1 -vary-data
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/calib"
)

func main() {
	seeds := flag.Int("seeds", 3, "training seeds per loss (1..seeds)")
	seedList := flag.String("seed-list", "", "comma-separated seeds (overrides -seeds)")
	n := flag.Int("n", 48, "training images (validation n/4, test n/2)")
	size := flag.Int("size", 48, "image side (divisible by 8)")
	epochs := flag.Int("epochs", 15, "epochs")
	base := flag.Int("base", 8, "U-Net base width")
	jitter := flag.Float64("jitter", 0.2, "boundary label jitter of the annotations (training, validation and the test set's annotated labels)")
	varyData := flag.Bool("vary-data", false, "draw each seed's data from that seed (default: data seed 1 for every seed)")
	jsonl := flag.String("jsonl", "", "append one JSON line per finished run to this file")
	table := flag.String("table", "", "print the tables of the runs in this JSON-lines file and exit")
	byMetric := flag.String("by-metric", "", "with -table: comma-separated metrics, one table each with a column per setting and label set (as in BENCHMARKS.md), then the fitted temperatures")
	vol := flag.Bool("3d", false, "volumes (calib.SyntheticVolumeSplits, sides of -size voxels) and the 3-D U-Net")
	depth := flag.Int("depth", 3, "U-Net poolings (sides must divide by 2^depth)")
	batch := flag.Int("batch", 8, "images (volumes) per training step")
	only := flag.String("losses", "", "comma-separated subset of CE,LS,SVLS,MbLS,NACL,Focal,ECP (default the paper's five)")
	flag.Parse()
	if *table != "" {
		print := printTables
		if *byMetric != "" {
			print = func(path string) error { return printByMetric(path, strings.Split(*byMetric, ",")) }
		}
		if err := print(*table); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	all := map[string]calib.Loss{"CE": calib.CE{}, "LS": calib.LS{}, "SVLS": calib.SVLS{}, "MbLS": calib.MbLS{},
		"NACL": calib.NACL{}, "Focal": calib.Focal{}, "ECP": calib.ECP{}}
	var losses []calib.Loss
	if *only != "" {
		for _, name := range strings.Split(*only, ",") {
			l, ok := all[name]
			if !ok {
				fmt.Fprintf(os.Stderr, "unknown loss %q\n", name)
				os.Exit(2)
			}
			losses = append(losses, l)
		}
	}
	var list []uint64
	if *seedList != "" {
		for _, f := range strings.Split(*seedList, ",") {
			s, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
			if err != nil {
				fmt.Fprintf(os.Stderr, "bad seed %q in -seed-list\n", f)
				os.Exit(2)
			}
			list = append(list, s)
		}
	} else {
		for s := 1; s <= *seeds; s++ {
			list = append(list, uint64(s))
		}
	}
	groups := [][]uint64{list}
	if *varyData {
		groups = nil
		for _, s := range list {
			groups = append(groups, []uint64{s})
		}
	}
	shape := fmt.Sprintf("%dx%d", *size, *size)
	if *vol {
		shape = fmt.Sprintf("%dx%dx%d", *size, *size, *size)
	}
	// The 2-D settings keep the names they had before -depth and -batch.
	extra := ""
	if *vol || *depth != 3 || *batch != 8 {
		extra = fmt.Sprintf(" depth=%d batch=%d", *depth, *batch)
	}
	setting := fmt.Sprintf("%s n=%d base=%d%s epochs=%d jitter=%g data=%s", shape, *n, *base, extra, *epochs, *jitter,
		map[bool]string{true: "per seed", false: "seed 1"}[*varyData])
	for _, seeds := range groups {
		dataSeed := uint64(1)
		if *varyData {
			dataSeed = seeds[0]
		}
		split := calib.SyntheticSplits
		if *vol {
			split = calib.SyntheticVolumeSplits
		}
		train, val, test, err := split(calib.SynthOptions{N: *n, Size: *size, Jitter: *jitter, Seed: dataSeed})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		t0 := time.Now()
		c, err := calib.Experiment{Train: train, Val: val, Test: test, Losses: losses, Seeds: seeds,
			UNet: calib.UNetOptions{Base: *base, Depth: *depth}, Training: calib.TrainOptions{Epochs: *epochs, Batch: *batch}}.Run(context.Background())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("synthetic task (data seed %d): %d train / %d val / %d test samples of %s, 4 classes, label jitter %.2f (train, val and the test set's annotated labels); "+
			"U-Net base %d depth %d, Adam 1e-3, batch %d, %d epochs, best epoch on validation Dice; seeds %v; %s wall\n\n",
			dataSeed, train.Len(), val.Len(), test.Len(), shape, *jitter, *base, *depth, *batch, *epochs, seeds, time.Since(t0).Round(time.Second))
		fmt.Print(c.Markdown())
		fmt.Println()
		for _, r := range c.Runs {
			fmt.Printf("%s seed %d: best epoch %d, val Dice %.4f, T %.3f\n", r.Method, r.Seed, r.Trained.BestEpoch, r.Trained.BestValDice, r.Temperature)
		}
		if *jsonl != "" {
			if err := appendRuns(*jsonl, setting, c); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
	}
}

// record is one finished run in a JSON-lines file; metric values are
// strings so that NaN survives.
type record struct {
	Setting     string                       `json:"setting"`
	Method      string                       `json:"method"`
	Seed        uint64                       `json:"seed"`
	BestEpoch   int                          `json:"best_epoch"`
	Temperature float64                      `json:"temperature"`
	Scores      map[string]map[string]string `json:"scores"` // label set → metric → value
}

var labelSets = []string{"clean", "clean +TS", "annotated", "annotated +TS"}

func appendRuns(path, setting string, c *calib.Results) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, r := range c.Runs {
		rec := record{Setting: setting, Method: r.Method, Seed: r.Seed, BestEpoch: r.Trained.BestEpoch, Temperature: r.Temperature,
			Scores: map[string]map[string]string{}}
		for i, s := range []calib.Summary{r.Test, r.TS, r.Annotated, r.AnnotatedTS} {
			if s.Images == 0 {
				continue
			}
			m := map[string]string{}
			for _, name := range calib.Metrics {
				m[name] = strconv.FormatFloat(s.Metric(name), 'g', 8, 64)
			}
			rec.Scores[labelSets[i]] = m
		}
		b, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		if _, err := f.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	return nil
}

// printTables prints, per setting and label set, mean ± SE over seeds of
// each loss.
func printTables(path string) error {
	recs, settings, methods, err := readRecords(path)
	if err != nil {
		return err
	}
	cols := []string{"Dice", "HD95", "ECE", "CECE", "NLL", "Brier", "ECE(all,10)"}
	for _, st := range settings {
		for _, ls := range labelSets {
			var rows []string
			for _, m := range methods {
				runs := 0
				vals := map[string][]float64{}
				for _, r := range recs {
					if r.Setting != st || r.Method != m || r.Scores[ls] == nil {
						continue
					}
					runs++
					for _, c := range cols {
						v, _ := strconv.ParseFloat(r.Scores[ls][c], 64)
						vals[c] = append(vals[c], v)
					}
				}
				if runs == 0 {
					continue
				}
				row := fmt.Sprintf("| %s (%d) ", m, runs)
				for _, c := range cols {
					s := display.MeanSE(vals[c])
					row += fmt.Sprintf("| %.4f ± %.4f ", s.Mean, s.SE)
				}
				rows = append(rows, row+"|")
			}
			if len(rows) == 0 {
				continue
			}
			fmt.Printf("%s; scored against the %s\n\n| loss (seeds) | %s |\n|---|%s\n%s\n\n", st, strings.Replace(ls+" labels", " +TS labels", " labels after temperature scaling", 1), strings.Join(cols, " | "),
				strings.Repeat("---|", len(cols)), strings.Join(rows, "\n"))
		}
	}
	return nil
}

// readRecords reads a JSON-lines file of runs, with its settings and
// methods in order of first appearance.
func readRecords(path string) (recs []record, settings, methods []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %v", path, err)
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, nil, err
	}
	seen := map[string]bool{}
	for _, r := range recs {
		if !seen["s"+r.Setting] {
			seen["s"+r.Setting] = true
			settings = append(settings, r.Setting)
		}
		if !seen["m"+r.Method] {
			seen["m"+r.Method] = true
			methods = append(methods, r.Method)
		}
	}
	return recs, settings, methods, nil
}

// printByMetric prints one table per metric: a row per loss, a column per
// setting and label set (mean ± SE over seeds), then each setting's fitted
// temperatures and best epochs by seed.
func printByMetric(path string, metrics []string) error {
	recs, settings, methods, err := readRecords(path)
	if err != nil {
		return err
	}
	type column struct{ setting, labels, head string }
	var cols []column
	for _, st := range settings {
		name := st
		if i := strings.Index(st, "jitter="); i >= 0 {
			j := strings.Fields(st[i+len("jitter="):])[0]
			name = "jitter " + j
			if j == "0" {
				name = "no jitter"
			}
		}
		var sets []string
		for _, ls := range labelSets {
			for _, r := range recs {
				if r.Setting == st && r.Scores[ls] != nil {
					sets = append(sets, ls)
					break
				}
			}
		}
		for _, ls := range sets {
			head := name
			if strings.HasSuffix(ls, "+TS") {
				head = "+TS"
			} else if len(sets) > 2 {
				head += ", vs " + ls
			}
			cols = append(cols, column{st, ls, head})
		}
	}
	seeds := func(m string) int {
		n := 0
		for _, r := range recs {
			if r.Method == m && r.Setting == settings[0] {
				n++
			}
		}
		return n
	}
	for _, metric := range metrics {
		fmt.Printf("%s (mean ± SE over seeds; seeds per cell in the first column)\n\n| loss |", metric)
		for _, c := range cols {
			fmt.Printf(" %s |", c.head)
		}
		fmt.Printf("\n|---|%s\n", strings.Repeat("---|", len(cols)))
		for _, m := range methods {
			fmt.Printf("| %s (%d) |", m, seeds(m))
			for _, c := range cols {
				var vals []float64
				for _, r := range recs {
					if r.Setting == c.setting && r.Method == m && r.Scores[c.labels] != nil {
						v, _ := strconv.ParseFloat(r.Scores[c.labels][metric], 64)
						vals = append(vals, v)
					}
				}
				st := display.MeanSE(vals)
				fmt.Printf(" %.4f ± %.4f |", st.Mean, st.SE)
			}
			fmt.Println()
		}
		fmt.Println()
	}
	for _, st := range settings {
		fmt.Printf("%s: fitted temperature (best epoch) by seed\n", st)
		for _, m := range methods {
			fmt.Printf("  %s:", m)
			for _, r := range recs {
				if r.Setting == st && r.Method == m {
					fmt.Printf(" %d: %.2f (%d)", r.Seed, r.Temperature, r.BestEpoch)
				}
			}
			fmt.Println()
		}
	}
	return nil
}
