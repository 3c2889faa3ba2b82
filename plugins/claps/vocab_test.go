package claps

import (
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"testing"
)

// blobs makes k tight, well-separated groups of words; the word "cK" sits
// exactly at the centre of group K (its members are symmetric around it),
// so it must be the group's representative.
func blobs(k, perSide int) *Embeddings {
	const dim = 4
	var words []string
	var vecs []float32
	rng := rand.New(rand.NewSource(3))
	for g := 0; g < k; g++ {
		centre := make([]float32, dim)
		for j := range centre {
			centre[j] = float32(g*100 + j*7)
		}
		words = append(words, fmt.Sprintf("c%d", g))
		vecs = append(vecs, centre...)
		for m := 0; m < perSide; m++ {
			off := make([]float32, dim)
			for j := range off {
				off[j] = float32(rng.NormFloat64())
			}
			for _, sign := range []float32{1, -1} {
				words = append(words, fmt.Sprintf("w%d_%d_%v", g, m, sign))
				for j := range off {
					vecs = append(vecs, centre[j]+sign*off[j])
				}
			}
		}
	}
	// Shuffle the rows so that the centres are not first in their group.
	perm := rng.Perm(len(words))
	ws := make([]string, len(words))
	vs := make([]float32, len(vecs))
	for i, p := range perm {
		ws[i] = words[p]
		copy(vs[i*dim:(i+1)*dim], vecs[p*dim:(p+1)*dim])
	}
	return NewEmbeddings(ws, vs, dim)
}

func TestRepresentatives(t *testing.T) {
	emb := blobs(5, 4)
	reps, err := Representatives(context.Background(), emb, nil, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range reps {
		got[r] = true
	}
	want := map[string]bool{"c0": true, "c1": true, "c2": true, "c3": true, "c4": true}
	if !reflect.DeepEqual(got, want) || len(reps) != 5 {
		t.Errorf("representatives %v, want the five centres", reps)
	}
	// In the table's order.
	pos := map[string]int{}
	for i, w := range emb.Words {
		pos[w] = i
	}
	for i := 1; i < len(reps); i++ {
		if pos[reps[i-1]] > pos[reps[i]] {
			t.Errorf("representatives %v not in the table's order", reps)
		}
	}
	again, _ := Representatives(context.Background(), emb, nil, 5, 1)
	if !reflect.DeepEqual(reps, again) {
		t.Error("same seed, different representatives")
	}
}

func TestRepresentativesSmall(t *testing.T) {
	emb := blobs(2, 1)
	// More clusters than words: every word stands for itself; duplicates
	// and unknown words drop out.
	words := []string{"c1", "c0", "c1", "nope"}
	reps, err := Representatives(context.Background(), emb, words, 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(reps, []string{"c1", "c0"}) {
		t.Errorf("got %v", reps)
	}
	if _, err := Representatives(context.Background(), emb, []string{"nope"}, 2, 1); err == nil {
		t.Error("no known word: no error")
	}
	if _, err := Representatives(context.Background(), emb, nil, 0, 1); err == nil {
		t.Error("k = 0: no error")
	}
}
