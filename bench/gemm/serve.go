package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/tensor"
)

// serve answers timing requests, one per line on r, so that bench/gemm.py
// can interleave yak with numpy or torch call batch by call batch from one
// long-lived process (no process start, no page faults of fresh operands
// inside the comparison):
//
//	sgemm IMPL SIZE THREADS CALLS
//	bf16 SIZE THREADS CALLS
//	paths
//
// Each reply is one JSON line {"wall": s, "cpu": s} per call of the batch
// (cpu is the process's user+system time, all threads), or {"error": "..."}.
// "paths" replies {"gemm": ..., "bf16": ...}, the implementations in use.
// SIZE is as for -sizes. The bfloat16 path is the one YAK_BF16 chose at
// start-up; its threads are GOMAXPROCS, set per request.
func serve(r io.Reader, w io.Writer) {
	type key struct {
		op, impl string
		size     string
		threads  int
	}
	runs := map[key]func(){}
	enc := json.NewEncoder(w)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		var k key
		var calls int
		var err error
		switch {
		case f[0] == "paths" && len(f) == 1:
			enc.Encode(map[string]string{"gemm": gemm.Current().Name(), "bf16": gemm.BF16Path()})
			continue
		case f[0] == "sgemm" && len(f) == 5:
			k = key{op: f[0], impl: f[1], size: f[2]}
			k.threads, err = strconv.Atoi(f[3])
			if err == nil {
				calls, err = strconv.Atoi(f[4])
			}
		case f[0] == "bf16" && len(f) == 4:
			k = key{op: f[0], size: f[1]}
			k.threads, err = strconv.Atoi(f[2])
			if err == nil {
				calls, err = strconv.Atoi(f[3])
			}
		default:
			err = fmt.Errorf("want 'sgemm IMPL SIZE THREADS CALLS' or 'bf16 SIZE THREADS CALLS', got %q", sc.Text())
		}
		if err == nil && (calls < 1 || k.threads < 1) {
			err = fmt.Errorf("calls and threads must be at least 1 in %q", sc.Text())
		}
		run, ok := runs[k]
		if err == nil && !ok {
			run, err = newRun(k.op, k.impl, k.size, k.threads)
			runs[k] = run
		}
		if err != nil {
			enc.Encode(map[string]string{"error": err.Error()})
			continue
		}
		if k.op == "bf16" {
			runtime.GOMAXPROCS(k.threads)
		} else {
			runtime.GOMAXPROCS(max(k.threads, runtime.NumCPU()))
		}
		c0, t0 := cpuTime(), time.Now()
		for i := 0; i < calls; i++ {
			run()
		}
		wall := time.Since(t0)
		enc.Encode(map[string]float64{
			"wall": wall.Seconds() / float64(calls),
			"cpu":  (cpuTime() - c0).Seconds() / float64(calls),
		})
	}
}

// newRun makes the operands of one request kind and returns the call to time.
func newRun(op, impl, size string, threads int) (func(), error) {
	m, n, k, tA, tB, err := parseSize(size)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	// The operands are allocated as a notebook's tensors are (tensor.Zeros:
	// large ones on huge pages unless YAK_HUGEPAGES=off), not with make.
	fill := func(n int) []float32 {
		s := tensor.Zeros(n).Data
		for i := range s {
			s[i] = rng.Float32()
		}
		return s
	}
	a, b, c := fill(m*k), fill(k*n), tensor.Zeros(m*n).Data
	if op == "bf16" {
		if tA || tB {
			return nil, fmt.Errorf("bf16 sizes take no t: W is always n×k")
		}
		wm, err := gemm.NewBF16Matrix(n, k, b, k)
		if err != nil {
			return nil, err
		}
		return func() { wm.MulT(m, a, k, c, n) }, nil
	}
	g, err := gemm.New(impl, threads)
	if err != nil {
		return nil, err
	}
	lda, ldb := lds(m, n, k, tA, tB)
	return func() { g.Sgemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, c, n) }, nil
}
