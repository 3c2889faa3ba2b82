package claps

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"os"
	"sort"
	"strings"
)

// Example is one labelled input: Label indexes Task.Labels.
type Example struct {
	Text  string `json:"text"`
	Label int    `json:"class"`
}

// Objective says how label scores become the reward that the searches
// maximise.
type Objective int

const (
	// CrossEntropy: reward = -mean(-log softmax(scores)[label]), the standard
	// cross-entropy on the model's label scores taken as logits.
	CrossEntropy Objective = iota
	// CrossEntropyOnProbs: cross-entropy applied to the softmax
	// probabilities as if they were logits (a second softmax), as the ClaPS
	// reference code does. Its rewards are squeezed into a narrow band.
	CrossEntropyOnProbs
)

func (o Objective) String() string {
	switch o {
	case CrossEntropy:
		return "cross-entropy"
	case CrossEntropyOnProbs:
		return "cross-entropy on probabilities"
	}
	return fmt.Sprintf("Objective(%d)", int(o))
}

// Task is a few-shot classification task: a template that puts a prompt in
// front of an input text, and a verbalizer mapping each class to a label word.
type Task struct {
	// Template holds {prompt} and {text}. When the prompt is empty the
	// separator right after {prompt} (". ") is dropped, so the empty prompt
	// reads naturally.
	Template string
	// Labels are the label words, one per class, in class order.
	Labels    []string
	Objective Objective
}

// SentimentTask is the binary sentiment task of the ClaPS paper's template:
// "{prompt}. Sentence: {text}, Sentiment:" with labels negative and positive.
func SentimentTask() Task {
	return Task{
		Template: "{prompt}. Sentence: {text}, Sentiment:",
		Labels:   []string{"negative", "positive"},
	}
}

// Input renders the model input for a prompt and a text.
func (t Task) Input(prompt, text string) string {
	text = strings.TrimSpace(text)
	tpl := t.Template
	if prompt == "" {
		if i := strings.Index(tpl, "{prompt}"); i >= 0 {
			rest := strings.TrimLeft(tpl[i+len("{prompt}"):], ".:,;| ")
			tpl = tpl[:i] + rest
		}
	}
	return strings.ReplaceAll(strings.ReplaceAll(tpl, "{prompt}", prompt), "{text}", text)
}

func (t Task) validate() error {
	if len(t.Labels) < 2 {
		return fmt.Errorf("claps: the task needs at least two label words, got %d (set Task.Labels)", len(t.Labels))
	}
	if !strings.Contains(t.Template, "{text}") {
		return fmt.Errorf("claps: the task template %q has no {text} placeholder", t.Template)
	}
	if !strings.Contains(t.Template, "{prompt}") {
		return fmt.Errorf("claps: the task template %q has no {prompt} placeholder", t.Template)
	}
	return nil
}

// LoadExamples reads a JSON array of {"text": ..., "class": ...} objects, the
// format of the sentiment data in notebooks/data.
func LoadExamples(path string) ([]Example, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("claps: reading examples: %w", err)
	}
	var ex []Example
	if err := json.Unmarshal(b, &ex); err != nil {
		return nil, fmt.Errorf("claps: %s is not a JSON array of {\"text\", \"class\"} objects: %w", path, err)
	}
	if len(ex) == 0 {
		return nil, fmt.Errorf("claps: %s holds no examples", path)
	}
	return ex, nil
}

// Split is a few-shot split of a labelled set.
type Split struct {
	Train, Val, Test []Example
}

// FewShot draws k training and k validation examples per class (at random,
// with seed) and leaves every other example for the test set. Classes are
// the distinct labels in examples; each must have at least 2k examples.
func FewShot(examples []Example, k int, seed uint64) (Split, error) {
	if k < 1 {
		return Split{}, fmt.Errorf("claps: k examples per class must be at least 1, got %d", k)
	}
	if len(examples) == 0 {
		return Split{}, fmt.Errorf("claps: no examples to split; load some with claps.LoadExamples")
	}
	byClass := map[int][]int{}
	for i, e := range examples {
		byClass[e.Label] = append(byClass[e.Label], i)
	}
	classes := make([]int, 0, len(byClass))
	for c := range byClass {
		classes = append(classes, c)
	}
	sort.Ints(classes)
	if len(classes) < 2 {
		return Split{}, fmt.Errorf("claps: every example has label %d; a classification task needs at least 2 labels", classes[0])
	}
	rng := rand.New(rand.NewSource(int64(seed)))
	used := make([]bool, len(examples))
	var s Split
	for _, c := range classes {
		idx := byClass[c]
		if len(idx) < 2*k {
			return Split{}, fmt.Errorf("claps: class %d has %d examples, fewer than the 2k = %d a train and a validation set need", c, len(idx), 2*k)
		}
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for _, i := range idx[:k] {
			s.Train = append(s.Train, examples[i])
			used[i] = true
		}
		for _, i := range idx[k : 2*k] {
			s.Val = append(s.Val, examples[i])
			used[i] = true
		}
	}
	for i, e := range examples {
		if !used[i] {
			s.Test = append(s.Test, e)
		}
	}
	return s, nil
}

// logSoftmax returns log softmax(x).
func logSoftmax(x []float64) []float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	var s float64
	for _, v := range x {
		s += math.Exp(v - m)
	}
	lse := m + math.Log(s)
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = v - lse
	}
	return out
}

// softmax returns the class distribution of label scores.
func softmax(x []float64) []float64 {
	p := logSoftmax(x)
	for i := range p {
		p[i] = math.Exp(p[i])
	}
	return p
}

// loss is one example's cross-entropy under the objective.
func (o Objective) loss(scores []float64, label int) float64 {
	if o == CrossEntropyOnProbs {
		return -logSoftmax(softmax(scores))[label]
	}
	return -logSoftmax(scores)[label]
}

// argmax returns the first index of the largest score.
func argmax(x []float64) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

// predict returns the index of the strictly largest score, or -1 when two
// labels tie for it. A tie counts as a wrong prediction, as in the
// reference code: otherwise a scorer that gives every label the same score
// would be right whenever the answer is label 0.
func predict(x []float64) int {
	best := argmax(x)
	for i, v := range x {
		if i != best && v == x[best] {
			return -1
		}
	}
	return best
}
