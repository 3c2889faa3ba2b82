package bert

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/yaknb/yak/runtime/lm/store"

	"github.com/yaknb/yak/internal/proccpu"
)

// BenchmarkMLM32x64 scores a batch of 32 texts of 64 tokens, one mask each
// (what prompt search does); bench/lm_torch.py runs it beside transformers.
func BenchmarkMLM32x64(b *testing.B) {
	m := loadModel(b)
	defer m.Close()
	benchMLM(b, m)
}

// BenchmarkMLM32x64BF16 is the same with the bfloat16 encoder weights.
func BenchmarkMLM32x64BF16(b *testing.B) {
	dir, _, err := store.Dir("bert-base-uncased")
	if err != nil {
		b.Skipf("skipping: %v", err)
	}
	m, err := LoadBF16(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	benchMLM(b, m)
}

func benchMLM(b *testing.B, m *Model) {
	batch := make([][]int, 32)
	at := make([]Pos, 32)
	for i := range batch {
		ids := make([]int, 64)
		ids[0], ids[63] = 101, 102
		for j := 1; j < 63; j++ {
			ids[j] = 1000 + (i*131+j*17)%20000
		}
		ids[60] = 103
		batch[i], at[i] = ids, Pos{i, 60}
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	c0 := proccpu.Time()
	for i := 0; i < b.N; i++ {
		if _, err := m.MLMLogits(ctx, batch, at); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(32*b.N)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(float64((proccpu.Time()-c0).Microseconds())/1e3/float64(32*b.N), "cpu-ms/sentence")
	b.ReportMetric(rssMB(), "MB-rss")
}

// BenchmarkLoad opens the converted model from the cache (memory-mapped).
func BenchmarkLoad(b *testing.B) {
	dir, _, err := store.Dir("bert-base-uncased")
	if err != nil {
		b.Skipf("skipping: %v", err)
	}
	for i := 0; i < b.N; i++ {
		m, err := Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		m.Close()
	}
}

// rssMB is this process's resident memory (Linux; 0 elsewhere).
func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkLoadBF16 opens the model and converts the encoder's matrices to
// bfloat16 (what LoadBF16 adds to BenchmarkLoad).
func BenchmarkLoadBF16(b *testing.B) {
	dir, _, err := store.Dir("bert-base-uncased")
	if err != nil {
		b.Skipf("skipping: %v", err)
	}
	for i := 0; i < b.N; i++ {
		m, err := LoadBF16(dir)
		if err != nil {
			b.Fatal(err)
		}
		m.Close()
	}
}
