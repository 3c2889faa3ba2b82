package claps

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestResultsTable(t *testing.T) {
	outs := []*Outcome{
		{Method: "empty prompt", Test: Eval{Accuracy: 0.5}},
		{Method: "ClaPS greedy", Space: 20, Test: Eval{Accuracy: 0.6}, Queries: 100, Elapsed: time.Second},
		{Method: "empty prompt", Test: Eval{Accuracy: 0.52}},
		{Method: "ClaPS greedy", Space: 20, Test: Eval{Accuracy: 0.7}, Queries: 300, Elapsed: 3 * time.Second, Exhausted: true},
	}
	tab := (&Results{Seeds: []uint64{1, 2}, Outcomes: outs}).Table()
	if len(tab.Rows) != 2 {
		t.Fatalf("%d rows, want one per method", len(tab.Rows))
	}
	text := tab.String()
	for _, want := range []string{"empty prompt", "ClaPS greedy (budget exhausted)", "200", "2s"} {
		if !strings.Contains(text, want) {
			t.Errorf("table lacks %q:\n%s", want, text)
		}
	}
}

func ExamplePruning_CumulativeShare() {
	p := &Pruning{Tokens: []string{"a", "b", "c", "d"}, Influence: []float64{0.5, 0.25, 0.25, -0.2}}
	fmt.Println(p.CumulativeShare())
	// Output: [0.5 0.75 1 1]
}
