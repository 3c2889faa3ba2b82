package claps

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestTaskInput(t *testing.T) {
	task := SentimentTask()
	cases := []struct{ prompt, text, want string }{
		{"", " Loved it. ", "Sentence: Loved it., Sentiment:"},
		{"great movie", "Loved it.", "great movie. Sentence: Loved it., Sentiment:"},
	}
	for _, c := range cases {
		if got := task.Input(c.prompt, c.text); got != c.want {
			t.Errorf("Input(%q, %q) = %q, want %q", c.prompt, c.text, got, c.want)
		}
	}
	bad := []Task{{Template: "{text}", Labels: []string{"a", "b"}}, {Template: "{prompt}", Labels: []string{"a", "b"}}, {Template: "{prompt}{text}", Labels: []string{"a"}}}
	for _, b := range bad {
		if _, err := NewEvaluator(steering, b, EvalOptions{}); err == nil {
			t.Errorf("%+v: no error", b)
		}
	}
}

func TestObjective(t *testing.T) {
	scores := []float64{0, math.Log(3)} // p = (0.25, 0.75)
	if got, want := CrossEntropy.loss(scores, 1), -math.Log(0.75); math.Abs(got-want) > 1e-12 {
		t.Errorf("CE = %v, want %v", got, want)
	}
	// On probabilities: softmax(0.25, 0.75)[1] = 1/(1+e^-0.5).
	if got, want := CrossEntropyOnProbs.loss(scores, 1), math.Log(1+math.Exp(-0.5)); math.Abs(got-want) > 1e-12 {
		t.Errorf("CE on probabilities = %v, want %v", got, want)
	}
}

func TestFewShot(t *testing.T) {
	var ex []Example
	for i := 0; i < 50; i++ {
		ex = append(ex, Example{Text: fmt.Sprint("t", i), Label: i % 2})
	}
	s, err := FewShot(ex, 4, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Train) != 8 || len(s.Val) != 8 || len(s.Test) != 34 {
		t.Fatalf("sizes %d/%d/%d", len(s.Train), len(s.Val), len(s.Test))
	}
	seen := map[string]bool{}
	count := map[int]int{}
	for _, set := range [][]Example{s.Train, s.Val, s.Test} {
		for _, e := range set {
			if seen[e.Text] {
				t.Errorf("%q in two sets", e.Text)
			}
			seen[e.Text] = true
		}
	}
	for _, e := range s.Train {
		count[e.Label]++
	}
	if count[0] != 4 || count[1] != 4 {
		t.Errorf("train classes %v", count)
	}
	again, _ := FewShot(ex, 4, 7)
	if !reflect.DeepEqual(s, again) {
		t.Error("same seed, different split")
	}
	if _, err := FewShot(ex, 20, 1); err == nil || !strings.Contains(err.Error(), "fewer") {
		t.Errorf("too few examples: err = %v", err)
	}
}

func TestLoadExamples(t *testing.T) {
	ex, err := LoadExamples("../../notebooks/data/yelp.json")
	if err != nil {
		t.Fatal(err)
	}
	n := [2]int{}
	for _, e := range ex {
		n[e.Label]++
	}
	if n[0] < 500 || n[1] < 500 {
		t.Errorf("yelp classes %v", n)
	}
	if _, err := LoadExamples("testdata/missing.json"); err == nil {
		t.Error("missing file: no error")
	}
}

func ExampleTask_Input() {
	task := SentimentTask()
	fmt.Println(task.Input("", "The food was cold."))
	fmt.Println(task.Input("honest review", "The food was cold."))
	// Output:
	// Sentence: The food was cold., Sentiment:
	// honest review. Sentence: The food was cold., Sentiment:
}
