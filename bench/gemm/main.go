// Command gemm times runtime/gemm implementations: for each size it prints
// one JSON line with the best wall time of several repeats. With -serve it
// answers timing requests on stdin instead, which is how bench/gemm.py and
// bench/bf16.py interleave it with their peers.
//
//	go run ./bench/gemm -impl avx2 -sizes 64,256,1024 -threads 0
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/tensor"
)

type result struct {
	Impl    string  `json:"impl"`
	M       int     `json:"m"`
	N       int     `json:"n"`
	K       int     `json:"k"`
	TransA  bool    `json:"transA"`
	TransB  bool    `json:"transB"`
	Threads int     `json:"threads"`
	Seconds float64 `json:"seconds"`
	GFLOPS  float64 `json:"gflops"`
	CPUFrac float64 `json:"cpu_per_wall"`
}

func main() {
	impl := flag.String("impl", gemm.Default().Name(), "implementation: "+strings.Join(gemm.Names(), ", "))
	sizes := flag.String("sizes", "64,256,1024", "square sizes n, or m×n×k triples like 1x100x100t (trailing t: B transposed; leading t: A, stored k×m)")
	threads := flag.Int("threads", 0, "threads (0: GOMAXPROCS)")
	minTime := flag.Duration("mintime", 300*time.Millisecond, "time spent per repeat")
	repeats := flag.Int("repeats", 5, "repeats; the best is reported")
	bf16 := flag.String("bf16", "", "time the bfloat16 matmul (BF16Matrix.MulT, C = A·Wᵀ with W n×k) on this path instead: "+strings.Join(gemm.BF16Paths(), ", "))
	serveFlag := flag.Bool("serve", false, "answer timing requests on stdin (see serve.go) and exit at EOF")
	flag.Parse()
	if *serveFlag {
		serve(os.Stdin, os.Stdout)
		return
	}
	if *bf16 != "" {
		os.Exit(benchBF16(*bf16, *sizes, *threads, *minTime, *repeats))
	}
	g, err := gemm.New(*impl, *threads)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	enc := json.NewEncoder(os.Stdout)
	for _, s := range strings.Split(*sizes, ",") {
		m, n, k, tA, tB, err := parseSize(s)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		best, frac := timeIt(g, m, n, k, tA, tB, *minTime, *repeats)
		enc.Encode(result{g.Name(), m, n, k, tA, tB, *threads, best, 2 * float64(m*n*k) / best / 1e9, frac})
	}
}

// parseSize reads n, or [t]MxNxK[t]: a leading t transposes A (stored k×m,
// as a convolution's input gradient Wᵀ·dY has it), a trailing t B.
func parseSize(s string) (m, n, k int, tA, tB bool, err error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "t") {
		tA, s = true, strings.TrimPrefix(s, "t")
	}
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
			return 0, 0, 0, false, false, fmt.Errorf("bad size %q: want n or [t]mxnxk[t]", s)
		}
		if v[i], err = strconv.Atoi(p); err != nil {
			return 0, 0, 0, false, false, fmt.Errorf("bad size %q: %v", s, err)
		}
	}
	return v[0], v[1], v[2], tA, tB, nil
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// timeIt returns the best seconds per call over the repeats and the CPU time
// per wall time of the best repeat (about the threads used when the machine
// is otherwise idle; lower means other processes took the cores).
func timeIt(g gemm.Impl, m, n, k int, tA, tB bool, minTime time.Duration, repeats int) (float64, float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	// Allocated as a notebook's tensors are (see serve.go's newRun).
	a := tensor.Zeros(m * k).Data
	b := tensor.Zeros(k * n).Data
	c := tensor.Zeros(m * n).Data
	for i := range a {
		a[i] = rng.Float32()
	}
	for i := range b {
		b[i] = rng.Float32()
	}
	lda, ldb := lds(m, n, k, tA, tB)
	run := func() { g.Sgemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, c, n) }
	return timeCalls(run, minTime, repeats)
}

// timeCalls returns the best seconds per call of run over the repeats and
// the CPU time per wall time of the best repeat.
func timeCalls(run func(), minTime time.Duration, repeats int) (float64, float64) {
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

// benchBF16 times BF16Matrix.MulT on the named path (YAK_BF16 must select
// it: the path is chosen at start-up), one JSON line per size.
func benchBF16(path, sizes string, threads int, minTime time.Duration, repeats int) int {
	if gemm.BF16Path() != path {
		fmt.Fprintf(os.Stderr, "bfloat16 path in use is %s, not %s: run with YAK_BF16=%s (have %s)\n",
			gemm.BF16Path(), path, path, strings.Join(gemm.BF16Paths(), ", "))
		return 2
	}
	if threads > 0 {
		runtime.GOMAXPROCS(threads)
	}
	enc := json.NewEncoder(os.Stdout)
	for _, s := range strings.Split(sizes, ",") {
		m, n, k, _, _, err := parseSize(s)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		rng := rand.New(rand.NewPCG(1, 2))
		a, w, c := make([]float32, m*k), make([]float32, n*k), make([]float32, m*n)
		for i := range a {
			a[i] = rng.Float32()
		}
		for i := range w {
			w[i] = rng.Float32()
		}
		wm, err := gemm.NewBF16Matrix(n, k, w, k)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		run := func() { wm.MulT(m, a, k, c, n) }
		best, frac := timeCalls(run, minTime, repeats)
		enc.Encode(result{"bf16-" + path, m, n, k, false, true, threads, best, 2 * float64(m*n*k) / best / 1e9, frac})
	}
	return 0
}

// lds returns the leading dimensions of A and B as stored.
func lds(m, n, k int, tA, tB bool) (lda, ldb int) {
	lda, ldb = k, n
	if tA {
		lda = m
	}
	if tB {
		ldb = k
	}
	return lda, ldb
}
