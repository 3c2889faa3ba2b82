// Command gemm times runtime/gemm implementations for bench/gemm.py: for each
// size it prints one JSON line with the best wall time of several repeats.
//
//	go run ./bench/gemm -impl avx2 -sizes 64,256,1024 -threads 0
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/yaknb/yak/runtime/gemm"
)

type result struct {
	Impl    string  `json:"impl"`
	M       int     `json:"m"`
	N       int     `json:"n"`
	K       int     `json:"k"`
	TransB  bool    `json:"transB"`
	Threads int     `json:"threads"`
	Seconds float64 `json:"seconds"`
	GFLOPS  float64 `json:"gflops"`
	CPUFrac float64 `json:"cpu_per_wall"`
}

func main() {
	impl := flag.String("impl", gemm.Default().Name(), "implementation: "+strings.Join(gemm.Names(), ", "))
	sizes := flag.String("sizes", "64,256,1024", "square sizes n, or m×n×k triples like 1x100x100t (t: B transposed)")
	threads := flag.Int("threads", 0, "threads (0: GOMAXPROCS)")
	minTime := flag.Duration("mintime", 300*time.Millisecond, "time spent per repeat")
	repeats := flag.Int("repeats", 5, "repeats; the best is reported")
	flag.Parse()
	g, err := gemm.New(*impl, *threads)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	enc := json.NewEncoder(os.Stdout)
	for _, s := range strings.Split(*sizes, ",") {
		m, n, k, tB, err := parseSize(s)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		best, frac := timeIt(g, m, n, k, tB, *minTime, *repeats)
		enc.Encode(result{g.Name(), m, n, k, tB, *threads, best, 2 * float64(m*n*k) / best / 1e9, frac})
	}
}

func parseSize(s string) (m, n, k int, tB bool, err error) {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "t") {
		tB, s = true, strings.TrimSuffix(s, "t")
	}
	parts := strings.Split(s, "x")
	var v [3]int
	for i := range v {
		p := parts[0]
		if len(parts) == 3 {
			p = parts[i]
		} else if len(parts) != 1 {
			return 0, 0, 0, false, fmt.Errorf("bad size %q: want n or mxnxk", s)
		}
		if v[i], err = strconv.Atoi(p); err != nil {
			return 0, 0, 0, false, fmt.Errorf("bad size %q: %v", s, err)
		}
	}
	return v[0], v[1], v[2], tB, nil
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// timeIt returns the best seconds per call over the repeats and the CPU time
// per wall time of the best repeat (about the threads used when the machine
// is otherwise idle; lower means other processes took the cores).
func timeIt(g gemm.Impl, m, n, k int, tB bool, minTime time.Duration, repeats int) (float64, float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	a := make([]float32, m*k)
	b := make([]float32, k*n)
	c := make([]float32, m*n)
	for i := range a {
		a[i] = rng.Float32()
	}
	for i := range b {
		b[i] = rng.Float32()
	}
	ldb := n
	if tB {
		ldb = k
	}
	run := func() { g.Sgemm(false, tB, m, n, k, 1, a, k, b, ldb, 0, c, n) }
	run()
	calls := 1
	for start := time.Now(); time.Since(start) < minTime/4; calls *= 2 {
		for i := 0; i < calls; i++ {
			run()
		}
	}
	best, frac := 1e9, 0.0
	for r := 0; r < repeats; r++ {
		c0, t0 := cpuTime(), time.Now()
		for i := 0; i < calls; i++ {
			run()
		}
		wall := time.Since(t0)
		if s := wall.Seconds() / float64(calls); s < best {
			best, frac = s, float64(cpuTime()-c0)/float64(wall)
		}
	}
	return best, frac
}
