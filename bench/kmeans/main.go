// Command kmeans times runtime/cluster's k-means for bench/kmeans.py on
// word vectors (one word then its values per line, gzipped or not). It
// prints one JSON line: initialisation and Lloyd times, iterations, inertia.
//
//	go run ./bench/kmeans -data ../shared/data/embeddings/glove-100d-top30k.txt.gz -k 2000 -iter 20
package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/yaknb/yak/runtime/cluster"
	"github.com/yaknb/yak/runtime/gemm"
)

func main() {
	path := flag.String("data", "../shared/data/embeddings/glove-100d-top30k.txt.gz", "word vectors")
	k := flag.Int("k", 2000, "clusters")
	iter := flag.Int("iter", 20, "Lloyd iterations (tolerance off: stops early only if no label changes)")
	seed := flag.Uint64("seed", 0, "k-means++ seed")
	threads := flag.Int("threads", 0, "threads (0: GOMAXPROCS)")
	initIn := flag.String("init", "", "read initial centres (k×dim float32, little-endian) and skip k-means++")
	initOut := flag.String("centers-out", "", "write the k-means++ centres here (k×dim float32, little-endian)")
	flag.Parse()

	x, n, dim, err := readVectors(*path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	opt := cluster.Options{K: *k, MaxIter: *iter, Tol: -1, Seed: *seed, Threads: *threads}
	out := map[string]any{"n": n, "dim": dim, "k": *k, "gemm": gemm.Current().Name()}
	var init []float32
	if *initIn != "" {
		init, err = readFloats(*initIn, *k*dim)
	} else {
		t0, c0 := time.Now(), cpuTime()
		init, err = cluster.PlusPlus(context.Background(), x, n, dim, opt)
		out["init_s"], out["init_cpu_s"] = time.Since(t0).Seconds(), (cpuTime() - c0).Seconds()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if *initOut != "" {
		if err := writeFloats(*initOut, init); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	t0, c0 := time.Now(), cpuTime()
	m, err := cluster.Lloyd(context.Background(), x, n, dim, init, *k, opt)
	out["lloyd_s"], out["lloyd_cpu_s"] = time.Since(t0).Seconds(), (cpuTime() - c0).Seconds()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out["iter"], out["inertia"] = m.Iter, m.Inertia
	json.NewEncoder(os.Stdout).Encode(out)
}

// cpuTime is the process's user+system CPU time, all threads.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func readVectors(path string) ([]float32, int, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("%v (the word vectors ship in ../shared/data/embeddings)", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			return nil, 0, 0, err
		}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var x []float32
	n, dim := 0, 0
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		if dim == 0 {
			dim = len(fields) - 1
		}
		if len(fields)-1 != dim {
			return nil, 0, 0, fmt.Errorf("%s line %d: %d values, want %d", path, n+1, len(fields)-1, dim)
		}
		for _, s := range fields[1:] {
			v, err := strconv.ParseFloat(s, 32)
			if err != nil {
				return nil, 0, 0, fmt.Errorf("%s line %d: %v", path, n+1, err)
			}
			x = append(x, float32(v))
		}
		n++
	}
	return x, n, dim, sc.Err()
}

func readFloats(path string, count int) ([]float32, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) != 4*count {
		return nil, fmt.Errorf("%s: %d bytes, want %d float32", path, len(b), count)
	}
	v := make([]float32, count)
	return v, binary.Read(strings.NewReader(string(b)), binary.LittleEndian, v)
}

func writeFloats(path string, v []float32) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := binary.Write(f, binary.LittleEndian, v); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
