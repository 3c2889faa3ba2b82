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
}

func TestTutorialProgramsAgreeWithGoRun(t *testing.T) {
	needGo(t)
	for _, c := range tutorialCases {
		agreeWithGoRun(t, []struct{ name, src string }{{c.name, c.src}}, c.imports)
	}
}
