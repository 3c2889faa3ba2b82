package goengine

import "testing"

// tutorialCases are programs of the kinds a notebook user writes (JSON
// with tags, iterators, worker pools with select), run against go run.
// The worker pool sent `result{id, strings.Repeat("*", j)}` from a
// select's case, which yaegi sent as {id ""} (the selectsend pass).
var tutorialCases = []struct{ name, imports, src string }{
	{"json with tags, iterators, maps and slices helpers", "import (\n\t\"bufio\"\n\t\"context\"\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"iter\"\n\t\"maps\"\n\t\"slices\"\n\t\"sort\"\n\t\"strconv\"\n\t\"strings\"\n\t\"sync\"\n\t\"time\"\n)\n\nvar _, _, _, _, _, _, _, _ = bufio.NewScanner, context.Background, json.Marshal, sort.Ints, strconv.Itoa, strings.Join, time.Now, sync.NewCond\n\nvar _ = func() int { slices.Sort([]int{}); _ = maps.Clone(map[int]int{}); return 0 }()\n", `
type Address struct {
	City string ` + "`json:\"city\"`" + `
	Zip  string ` + "`json:\"zip,omitempty\"`" + `
}

type Person struct {
	Name    string   ` + "`json:\"name\"`" + `
	Age     int      ` + "`json:\"age\"`" + `
	Tags    []string ` + "`json:\"tags,omitempty\"`" + `
	Address *Address ` + "`json:\"address,omitempty\"`" + `
	secret  string
}

func (p Person) String() string { return fmt.Sprintf("%s (%d)", p.Name, p.Age) }

func Evens(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i += 2 {
			if !yield(i) {
				return
			}
		}
	}
}

// cell

func main() {
	p := Person{Name: "Ada", Age: 36, Address: &Address{City: "London"}, secret: "x"}
	b, _ := json.Marshal(p)
	fmt.Println(string(b))
	var q Person
	err := json.Unmarshal([]byte(` + "`" + `{"name":"Bob","age":5,"tags":["a","b"]}` + "`" + `), &q)
	fmt.Println(q, q.Tags, q.Address == nil, err)
	people := []Person{p, q}
	bi, _ := json.MarshalIndent(people, "", "  ")
	fmt.Println(len(bi) > 0, strings.Count(string(bi), "\n"))
	for v := range Evens(7) {
		if v == 4 {
			continue
		}
		fmt.Print(v, " ")
	}
	fmt.Println()
	m := map[string]int{"z": 1, "a": 2, "m": 3}
	fmt.Println(slices.Sorted(maps.Keys(m)))
	for i, s := range slices.Backward([]string{"x", "y"}) {
		fmt.Print(i, s, ";")
	}
	fmt.Println()
	sc := bufio.NewScanner(strings.NewReader("one\ntwo\nthree"))
	n := 0
	for sc.Scan() {
		n += len(sc.Text())
	}
	fmt.Println(n, strconv.Quote("hi"), strconv.FormatFloat(1.5, 'f', 2, 64))
}
`},
	{"a worker pool with select, a context and sync helpers", "import (\n\t\"context\"\n\t\"fmt\"\n\t\"sort\"\n\t\"strings\"\n\t\"sync\"\n\t\"time\"\n)\n\nvar _, _, _, _, _, _ = context.Background, sort.Ints, strings.Join, time.Now, sync.NewCond, fmt.Sprint\n", `
type result struct {
	id  int
	val string
}

func worker(ctx context.Context, id int, jobs <-chan int, out chan<- result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		select {
		case <-ctx.Done():
			return
		case out <- result{id, strings.Repeat("*", j)}:
		}
	}
}

// cell

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	jobs := make(chan int, 10)
	out := make(chan result, 10)
	var wg sync.WaitGroup
	for w := 1; w <= 3; w++ {
		wg.Add(1)
		go worker(ctx, w, jobs, out, &wg)
	}
	for j := 1; j <= 5; j++ {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	close(out)
	var vals []string
	for r := range out {
		vals = append(vals, r.val)
	}
	sort.Strings(vals)
	fmt.Println(vals)
	var mu sync.Mutex
	total := 0
	var wg2 sync.WaitGroup
	for i := range 10 {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			mu.Lock()
			total += i
			mu.Unlock()
		}()
	}
	wg2.Wait()
	fmt.Println(total)
	select {
	case <-time.After(10 * time.Millisecond):
		fmt.Println("timeout")
	case <-ctx.Done():
		fmt.Println("done")
	}
	var once sync.Once
	for range 3 {
		once.Do(func() { fmt.Println("once") })
	}
}
`},
	{"matrices, statistics, sorting and formatting", "import (\n\t\"fmt\"\n\t\"math\"\n\t\"math/rand/v2\"\n\t\"os\"\n\t\"sort\"\n\t\"strings\"\n\t\"text/tabwriter\"\n\t\"time\"\n)\n\nvar _, _, _, _, _, _, _, _ = math.Sqrt, rand.NewPCG, os.Stdout, sort.Ints, strings.Join, tabwriter.NewWriter, time.Now, fmt.Sprint\n", `
type Matrix [][]float64

func NewMatrix(r, c int) Matrix {
	m := make(Matrix, r)
	for i := range m {
		m[i] = make([]float64, c)
	}
	return m
}

func (m Matrix) Mul(o Matrix) Matrix {
	out := NewMatrix(len(m), len(o[0]))
	for i := range m {
		for j := range o[0] {
			for k := range o {
				out[i][j] += m[i][k] * o[k][j]
			}
		}
	}
	return out
}

func (m Matrix) String() string {
	var b strings.Builder
	for _, row := range m {
		for j, v := range row {
			if j > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "%6.2f", v)
		}
		b.WriteString("\n")
	}
	return b.String()
}

type Stats struct {
	Mean, Std float64
	N         int
}

func Describe(xs []float64) Stats {
	var s Stats
	s.N = len(xs)
	for _, x := range xs {
		s.Mean += x
	}
	s.Mean /= float64(s.N)
	for _, x := range xs {
		s.Std += (x - s.Mean) * (x - s.Mean)
	}
	s.Std = math.Sqrt(s.Std / float64(s.N-1))
	return s
}

type Item struct {
	Name  string
	Score float64
	Rank  int
}

// cell

func main() {
	a := Matrix{{1, 2}, {3, 4}}
	b := Matrix{{0, 1}, {1, 0}}
	fmt.Print(a.Mul(b))
	fmt.Println(a.Mul(b)[1])
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 5)
	for i := range xs {
		xs[i] = math.Round(r.Float64()*1000) / 100
	}
	st := Describe(xs)
	fmt.Printf("%+v\n", st)
	fmt.Printf("%.3f %v %8.3e %x\n", st.Mean, math.Inf(1), 12345.678, 255)
	items := []Item{{"b", 2.5, 0}, {"a", 2.5, 0}, {"c", 9, 0}}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].Score != items[j].Score {
			return items[i].Score > items[j].Score
		}
		return items[i].Name < items[j].Name
	})
	for i := range items {
		items[i].Rank = i + 1
	}
	for _, it := range items {
		it.Rank *= 10
	}
	fmt.Println(items)
	byName := map[string]Item{}
	for _, it := range items {
		byName[it.Name] = it
	}
	it := byName["a"]
	it.Score = 0
	fmt.Println(byName["a"].Score, it.Score, len(byName))
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 1, ' ', 0)
	fmt.Fprintln(w, "name\tscore")
	for _, it := range items {
		fmt.Fprintf(w, "%s\t%.1f\n", it.Name, it.Score)
	}
	w.Flush()
	for i, ch := range "héllo" {
		fmt.Print(i, string(ch), " ")
	}
	fmt.Println(len("héllo"), []byte("hi"), 1<<10|3, 7&^2)
	d := 1500 * time.Millisecond
	fmt.Println(d, d.Seconds(), time.Duration(90)*time.Second)
}
`},
	// yaegi's type switch took neither `case error:` nor `case
	// fmt.Stringer:`, and its v.(fmt.Stringer) that keeps a cell value
	// panicked.
	{"a type switch and assertions to error, fmt.Stringer and io.Writer", "import (\n\t\"fmt\"\n\t\"io\"\n\t\"os\"\n)\n", `
type E struct{}

func (E) Error() string { return "E!" }

type Animal struct{ Name string }

func (a Animal) String() string { return "animal " + a.Name }

func chk9(v any) string {
	switch w := v.(type) {
	case error:
		return "error " + w.Error()
	case fmt.Stringer:
		return "stringer " + w.String()
	}
	return "none"
}

func kindPS(v any) string {
	switch v.(type) {
	case fmt.Stringer:
		return "stringer"
	case PS:
		return "PS value"
	}
	return "none"
}

// PS is a Stringer through its pointer only.
type PS struct{}

func (p *PS) String() string { return "ps" }

func describe(v any) string {
	if s, ok := v.(fmt.Stringer); ok {
		return s.String()
	}
	return "?"
}

// cell

func main() {
	fmt.Println(chk9(E{}), chk9(fmt.Errorf("c")), chk9(Animal{"a"}), chk9(3))
	fmt.Println(describe(Animal{"c"}), describe(3), describe(nil))
	fmt.Println(chk9(PS{}), chk9(&PS{}), describe(PS{}), describe(&PS{}))
	fmt.Println(kindPS(PS{}), kindPS(&PS{}), kindPS(Animal{"k"}))
	var x any = Animal{"b"}
	if s, ok := x.(fmt.Stringer); ok {
		fmt.Println(s.String())
	}
	var w io.Writer = os.Stdout
	var y any = w
	if ww, ok := y.(io.Writer); ok {
		fmt.Fprintln(ww, "to stdout")
	}
}
`},
	{"generic helpers over a cell type with String", "import (\n\t\"fmt\"\n\t\"strconv\"\n)\n", `
type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// cell

func main() {
	temps := Map([]float64{12, 21.5, 30}, func(f float64) Celsius { return Celsius(f) })
	fmt.Println(temps)
	fmt.Println(Filter(temps, func(c Celsius) bool { return c > 20 }))
	fmt.Println(Map([]int{1, 2}, strconv.Itoa), len(temps))
	fmt.Printf("%v %s\n", Map(temps, func(c Celsius) Celsius { return c + 1 }), Filter(temps, func(c Celsius) bool { return c < 20 }))
}
`},
}

func TestTutorialProgramsAgreeWithGoRun(t *testing.T) {
	needGo(t)
	for _, c := range tutorialCases {
		agreeWithGoRun(t, []struct{ name, src string }{{c.name, c.src}}, c.imports)
	}
}
