package bert

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"runtime"
	"testing"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/lm/store"
)

type mlmRef struct {
	Sentences []struct {
		Text      string
		IDs       []int
		Mask      int
		LogSumExp float64
		TokenIDs  []int `json:"token_ids"`
		Logits    []float64
	}
}

func loadModel(t testing.TB) *Model {
	t.Helper()
	dir, _, err := store.Dir("bert-base-uncased")
	if err != nil {
		t.Skipf("skipping: needs the fetched model (%v)", err)
	}
	m, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// tolerance is the agreement with transformers' float32 BertForMaskedLM:
// both sum in float32, in different orders, over 12 layers.
const tolerance = 1e-4

// TestMLMMatchesTransformers runs the 20 reference sentences as one padded
// batch and compares logits and log-sum-exps with transformers'
// (testdata/bert_mlm.json, from bench/lm_reference.py).
func TestMLMMatchesTransformers(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	b, err := os.ReadFile("../testdata/bert_mlm.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref mlmRef
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Sentences) != 20 {
		t.Fatalf("reference has %d sentences", len(ref.Sentences))
	}
	var batch [][]int
	var at []Pos
	for i, s := range ref.Sentences {
		batch = append(batch, s.IDs)
		at = append(at, Pos{i, s.Mask})
	}
	logits, err := m.MLMLogits(context.Background(), batch, at)
	if err != nil {
		t.Fatal(err)
	}
	V := m.VocabSize
	worst := 0.0
	for i, s := range ref.Sentences {
		row := logits[i*V : (i+1)*V]
		for j, id := range s.TokenIDs {
			d := math.Abs(float64(row[id]) - s.Logits[j])
			worst = max(worst, d)
			if d > tolerance*max(1, math.Abs(s.Logits[j])) {
				t.Errorf("%q: logit of token %d = %.6f, transformers %.6f", s.Text, id, row[id], s.Logits[j])
				break
			}
		}
		if d := math.Abs(logSumExp(row) - s.LogSumExp); d > tolerance*max(1, math.Abs(s.LogSumExp)) {
			t.Errorf("%q: log-sum-exp %.6f, transformers %.6f", s.Text, logSumExp(row), s.LogSumExp)
		}
	}
	t.Logf("largest logit difference from transformers: %.2g", worst)
}

// TestLastLayerAtMasksOnly: computing the last layer at the asked positions
// alone gives the logits of computing it at every position (up to the
// GEMM's summation order), with positions repeated and in any order.
func TestLastLayerAtMasksOnly(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	batch := [][]int{
		{101, 1996, 3007, 1997, 2605, 2003, 103, 1012, 102},
		{101, 1045, 3866, 2023, 2143, 1010, 2009, 2001, 103, 999, 1045, 3866, 2023, 2143, 102},
	}
	at := []Pos{{1, 8}, {0, 6}, {1, 8}, {0, 0}, {1, 14}}
	ctx := context.Background()
	fast, err := m.MLMLogits(ctx, batch, at)
	if err != nil {
		t.Fatal(err)
	}
	m.fullLastLayer = true
	full, err := m.MLMLogits(ctx, batch, at)
	m.fullLastLayer = false
	if err != nil {
		t.Fatal(err)
	}
	for i := range full {
		if d := math.Abs(float64(fast[i] - full[i])); d > 1e-4*max(1, math.Abs(float64(full[i]))) {
			t.Fatalf("logit %d of position %+v: %g from the masks only, %g from every row", i%m.VocabSize, at[i/m.VocabSize], fast[i], full[i])
		}
	}
	none, err := m.MLMLogits(ctx, batch, nil)
	if err != nil || len(none) != 0 {
		t.Fatalf("no positions: %d logits, %v", len(none), err)
	}
}

// TestDeterministic: the same batch gives the same bits again, at one
// thread and at several (the scratch kept between batches carries nothing
// over), for the float32 and the bfloat16 model.
func TestDeterministic(t *testing.T) {
	dir, _, err := store.Dir("bert-base-uncased")
	if err != nil {
		t.Skipf("skipping: needs the fetched model (%v)", err)
	}
	batch := [][]int{
		{101, 1996, 3007, 1997, 2605, 2003, 103, 1012, 102},
		{101, 1045, 3866, 2023, 2143, 1010, 2009, 2001, 103, 999, 1045, 3866, 2023, 2143, 102},
	}
	at := []Pos{{0, 6}, {1, 8}}
	for _, load := range []struct {
		name string
		fn   func(string) (*Model, error)
	}{{"float32", Load}, {"bfloat16", LoadBF16}} {
		m, err := load.fn(dir)
		if err != nil {
			t.Fatal(err)
		}
		var first []float32
		for _, procs := range []int{1, 2, 1, 2} {
			prev := runtime.GOMAXPROCS(procs)
			got, err := m.MLMLogits(context.Background(), batch, at)
			runtime.GOMAXPROCS(prev)
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = got
				continue
			}
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(first[i]) {
					t.Fatalf("%s, GOMAXPROCS=%d: logit %d is %g, %g the first time", load.name, procs, i, got[i], first[i])
				}
			}
		}
		m.Close()
	}
}

func logSumExp(x []float32) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, float64(v))
	}
	var s float64
	for _, v := range x {
		s += math.Exp(float64(v) - m)
	}
	return m + math.Log(s)
}

// TestPaddingDoesNotLeak: a sequence scores the same alone as in a batch
// with a longer one.
func TestPaddingDoesNotLeak(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	short := []int{101, 1996, 3007, 1997, 2605, 2003, 103, 1012, 102}
	long := []int{101, 1045, 3866, 2023, 2143, 1010, 2009, 2001, 103, 999, 1045, 3866, 2023, 2143, 102}
	ctx := context.Background()
	alone, err := m.MLMLogits(ctx, [][]int{short}, []Pos{{0, 6}})
	if err != nil {
		t.Fatal(err)
	}
	both, err := m.MLMLogits(ctx, [][]int{long, short}, []Pos{{1, 6}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range alone {
		if d := math.Abs(float64(alone[i] - both[i])); d > 1e-4 {
			t.Fatalf("logit %d: %g alone, %g batched with a longer sequence", i, alone[i], both[i])
		}
	}
}

func TestBadInputs(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	ctx := context.Background()
	if _, err := m.MLMLogits(ctx, [][]int{make([]int, 600)}, nil); err == nil {
		t.Error("600 tokens accepted")
	}
	if _, err := m.MLMLogits(ctx, [][]int{{101, 99999, 102}}, nil); err == nil {
		t.Error("token id past the vocabulary accepted")
	}
	if _, err := m.MLMLogits(ctx, [][]int{{101, 102}}, []Pos{{0, 5}}); err == nil {
		t.Error("position past the sequence accepted")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := m.MLMLogits(cctx, [][]int{{101, 102}}, nil); err == nil {
		t.Error("cancelled context ignored")
	}
}

// TestBF16CloseToFloat32: the bfloat16 encoder gives log-probabilities of
// the float32 model's top token within 0.05 nats (measured: 0.016 on AMX) on the reference sentences.
func TestBF16CloseToFloat32(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	b, err := os.ReadFile("../testdata/bert_mlm.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref mlmRef
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	dir, _, _ := store.Dir("bert-base-uncased")
	bf, err := LoadBF16(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer bf.Close()
	t.Logf("bfloat16 path: %s", bf.BF16)
	var batch [][]int
	var at []Pos
	for i, s := range ref.Sentences {
		batch = append(batch, s.IDs)
		at = append(at, Pos{i, s.Mask})
	}
	ctx := context.Background()
	f32, err := m.MLMLogits(ctx, batch, at)
	if err != nil {
		t.Fatal(err)
	}
	b16, err := bf.MLMLogits(ctx, batch, at)
	if err != nil {
		t.Fatal(err)
	}
	V := m.VocabSize
	worst := 0.0
	for i := range ref.Sentences {
		a, c := f32[i*V:(i+1)*V], b16[i*V:(i+1)*V]
		la, lc := logSumExp(a), logSumExp(c)
		best := 0
		for j := range a {
			if a[j] > a[best] {
				best = j
			}
		}
		d := math.Abs((float64(a[best]) - la) - (float64(c[best]) - lc))
		worst = max(worst, d)
		if d > 0.05 {
			t.Errorf("%q: top token log-prob %.3f in float32, %.3f in bfloat16", ref.Sentences[i].Text, float64(a[best])-la, float64(c[best])-lc)
		}
	}
	t.Logf("largest top-token log-prob difference, bfloat16 vs float32: %.3g", worst)
}

// TestPackedWeightsAgree: the weights packed at load give the logits of
// products that pack them at every call (what the model falls back to when
// another GEMM is put in use after loading), up to summation order: the
// plain product reads a non-transposed B in place, blocked otherwise.
// TestDeterministic checks each path gives the same bits every time.
func TestPackedWeightsAgree(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	if m.wordT == nil || m.layers[0].qkv.pw == nil {
		t.Skipf("skipping: the GEMM in use (%s) cannot reuse packed weights", gemm.Current().Name())
	}
	batch := [][]int{
		{101, 1996, 3007, 1997, 2605, 2003, 103, 1012, 102},
		{101, 1045, 3866, 2023, 2143, 1010, 2009, 2001, 103, 999, 1045, 3866, 2023, 2143, 102},
	}
	at := []Pos{{0, 6}, {1, 8}, {1, 3}}
	ctx := context.Background()
	packed, err := m.MLMLogits(ctx, batch, at)
	if err != nil {
		t.Fatal(err)
	}
	// Another implementation's name makes every product take the unpacked
	// path (the packed copies belong to the one that made them).
	m.wordT.impl = "other"
	m.headDense.pw.impl = "other"
	for i := range m.layers {
		L := &m.layers[i]
		for _, d := range []*dense{&L.qkv, &L.o, &L.in, &L.out} {
			d.pw.impl = "other"
		}
	}
	plain, err := m.MLMLogits(ctx, batch, at)
	if err != nil {
		t.Fatal(err)
	}
	for i := range plain {
		if d := math.Abs(float64(packed[i] - plain[i])); d > 1e-4*max(1, math.Abs(float64(plain[i]))) {
			t.Fatalf("logit %d: %g with packed weights, %g without", i, packed[i], plain[i])
		}
	}
}
