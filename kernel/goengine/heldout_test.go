package goengine

import "testing"

// heldoutCases are causes of failures found on public tutorial corpora
// that the project does not ship (RESULTS.md, "Public held-out corpora"),
// each shown by a small program written for yak; want is what `go run`
// prints for the same code as a program.
var heldoutCases = []cellsCase{
	{name: "named result called in a loop", cells: []string{"import \"fmt\"",
		"func total(xs []int) (s int) {\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn\n}\nfunc evens(xs []int) (out []int) {\n\tfor _, x := range xs {\n\t\tif x%2 == 0 {\n\t\t\tout = append(out, x)\n\t\t}\n\t}\n\treturn\n}",
		"for i := 0; i < 3; i++ {\n\tfmt.Println(total([]int{1, 2}), evens([]int{1, 2, 4}))\n}"},
		want: "3 [2 4]\n3 [2 4]\n3 [2 4]\n"},
	{name: "declared function with a spread slice", cells: []string{"import \"fmt\"",
		"type test func(int) bool\nfunc keep(t test, xs ...int) []int {\n\tvar out []int\n\tfor _, x := range xs {\n\t\tif t(x) {\n\t\t\tout = append(out, x)\n\t\t}\n\t}\n\treturn out\n}\nfunc odd(n int) bool { return n%2 == 1 }",
		"xs := []int{1, 2, 3, 4, 5}\nfmt.Println(keep(odd, xs...))\nbig := func(n int) bool { return n > 3 }\nfmt.Println(keep(big, xs...))"},
		want: "[1 3 5]\n[4 5]\n"},
	{name: "untyped integer constants divide as integers", cells: []string{"import \"fmt\"", "const total = 7",
		"var avg float64 = total / 2\nvar r float64\nr = 9 / 4\nfmt.Println(avg, r, 9.0/4)"},
		want: "3 2 2.25\n"},
	{name: "composite literal among several values", cells: []string{"import \"fmt\"",
		"names, limit := []string{\"a\", \"b\"}, 2.5\nvar grid, size = [2][2]int{}, 3\nfmt.Println(names, limit, grid, size)"},
		want: "[a b] 2.5 [[0 0] [0 0]] 3\n"},
	{name: "loop body that copies its variable itself", cells: []string{"import \"fmt\"",
		"var fs []func()\nfor _, v := range []string{\"a\", \"b\"} {\n\tv := v // the pre-Go 1.22 idiom\n\tfs = append(fs, func() { fmt.Print(v) })\n}\nfor i := 0; i < 2; i++ {\n\ti := i\n\tfs = append(fs, func() { fmt.Print(i) })\n}\nfor _, f := range fs {\n\tf()\n}"},
		want: "ab01"},
	{name: "type assertions on a recovered value", cells: []string{"import (\"errors\"; \"fmt\")",
		"type Code int\nfunc try(f func()) {\n\tdefer func() {\n\t\tr := recover()\n\t\tif err, ok := r.(error); ok {\n\t\t\tfmt.Println(\"error:\", err)\n\t\t} else if s, ok := r.(string); ok {\n\t\t\tfmt.Println(\"string:\", s)\n\t\t} else if c, ok := r.(Code); ok {\n\t\t\tfmt.Println(\"code:\", int(c))\n\t\t} else {\n\t\t\tfmt.Println(\"other:\", r)\n\t\t}\n\t}()\n\tf()\n}",
		"try(func() {})\ntry(func() { panic(\"boom\") })\ntry(func() { panic(errors.New(\"bad\")) })\ntry(func() { panic(Code(7)) })\ntry(func() { panic(2.5) })"},
		want: "other: <nil>\nstring: boom\nerror: bad\ncode: 7\nother: 2.5\n"},
	{name: "range over a compiled iterator", cells: []string{"import (\"fmt\"; \"strings\")",
		"for w := range strings.FieldsSeq(\"to be or\") {\n\tfmt.Print(strings.ToUpper(w), \".\")\n}"},
		want: "TO.BE.OR."},
	{name: "range over a bound from an outer range", cells: []string{"import \"fmt\"",
		"tri := make([][]int, 3)\nfor i := range 3 {\n\tw := i + 1\n\ttri[i] = make([]int, w)\n\tfor j := range w {\n\t\ttri[i][j] = i * j\n\t}\n}\nfmt.Println(tri)"},
		want: "[[0] [0 1] [0 2 4]]\n"},
	{name: "pending function that uses another pending one", cells: []string{"import \"fmt\"",
		"func main() {\n\tfmt.Println(double(2))\n\treport(3)\n}", "func report(n int) {\n\tfmt.Println(\"report\", double(n))\n}", "func double(n int) int { return 2 * n }", "main()"},
		want: "yak: main waits for double, which no cell has declared yet; it is compiled when a cell declares it\n" +
			"yak: report waits for double, which no cell has declared yet; it is compiled when a cell declares it\n" +
			"yak: compiled report (it was waiting for double)\nyak: compiled main (it was waiting for report)\n4\nreport 6\n"},
	{name: "tagless switch case with several conditions", cells: []string{"import \"fmt\"",
		"func grade(n int) string {\n\tswitch {\n\tcase n > 90, n == 0:\n\t\treturn \"A or none\"\n\tcase n > 50:\n\t\treturn \"pass\"\n\t}\n\treturn \"fail\"\n}",
		"for _, n := range []int{95, 0, 60, 10} {\n\tfmt.Println(grade(n))\n}"},
		want: "A or none\nA or none\npass\nfail\n"},
	{name: "var whose literal calls a function of a later cell", cells: []string{"import \"fmt\"\ntype item struct{ name string; cents int }",
		"var items = []*item{\n\t{\"tea\", price(\"1.50\")},\n}", "func price(s string) int {\n\tvar a, b int\n\tfmt.Sscanf(s, \"%d.%d\", &a, &b)\n\treturn 100*a + b\n}",
		"fmt.Println(items[0].name, items[0].cents)"},
		want: "yak: items waits for price, which no cell has declared yet; it is compiled when a cell declares it\n" +
			"yak: compiled items (it was waiting for price)\ntea 150\n"},
	// goprocs.go: compiled Go runs the last goroutine started first (the
	// runnext slot), then the others in order; an interpreted loop is slow
	// enough for idle processors to steal them first.
	// The interpreter's goroutine order (goprocs.go): compiled, the order
	// is the Go scheduler's, which a loaded machine varies.
	{name: "goroutines started in a loop", cells: []string{"import (\"fmt\"; \"sync\")",
		"func main() {\n\tvar wg sync.WaitGroup\n\tfor i := range 5 {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\tfmt.Println(\"goroutine\", i)\n\t\t}()\n\t}\n\twg.Wait()\n}", "%%interp\nmain()"},
		want: "goroutine 4\ngoroutine 0\ngoroutine 1\ngoroutine 2\ngoroutine 3\n"},
	{name: "two workers on an unbuffered channel", cells: []string{"import \"fmt\"",
		"func worker(id int, jobs <-chan int, done chan<- bool) {\n\tfor j := range jobs {\n\t\tfmt.Println(\"worker\", id, \"job\", j)\n\t}\n\tdone <- true\n}",
		"jobs, done := make(chan int), make(chan bool)\ngo worker(1, jobs, done)\ngo worker(2, jobs, done)\nfor j := range 4 {\n\tjobs <- j\n}\nclose(jobs)\n<-done\n<-done\nfmt.Println(\"done\")"},
		want: "worker 2 job 0\nworker 2 job 1\nworker 2 job 2\nworker 2 job 3\ndone\n"},
	{name: "type switch without a variable on a cell struct type", cells: []string{"import \"fmt\"",
		"type card struct{ name string }\ntype pair [2]int", "func kind(x any) string {\n\tswitch x.(type) {\n\tcase int, string:\n\t\treturn \"basic\"\n\tcase card:\n\t\treturn \"card\"\n\tcase *card:\n\t\treturn \"card pointer\"\n\tcase pair:\n\t\treturn \"pair\"\n\tcase nil:\n\t\treturn \"nil\"\n\t}\n\treturn \"other\"\n}",
		"c := card{\"ace\"}\nfmt.Println(kind(1), kind(\"s\"), kind(c), kind(&c), kind(pair{}), kind(nil), kind(2.5))"},
		want: "basic basic card card pointer pair nil other\n"},
	// progend.go: the program ends when main returns.
	{name: "goroutine still running when main returns", cells: []string{"import \"fmt\"",
		"func say(s string) {\n\tfmt.Println(s)\n}", "func main() {\n\tfmt.Println(\"hello\")\n\tgo say(\"world\")\n}", "main()"},
		want: "hello\n"},
	{name: "range with a value over a slice of channels", cells: []string{"import (\"fmt\"; \"sync\")",
		"func merge(cs ...chan int) chan int {\n\tout := make(chan int)\n\tvar wg sync.WaitGroup\n\twg.Add(len(cs))\n\tfor _, c := range cs {\n\t\tgo func() {\n\t\t\tfor n := range c {\n\t\t\t\tout <- n\n\t\t\t}\n\t\t\twg.Done()\n\t\t}()\n\t}\n\tgo func() { wg.Wait(); close(out) }()\n\treturn out\n}",
		"func gen(xs ...int) chan int {\n\tc := make(chan int, len(xs))\n\tfor _, x := range xs {\n\t\tc <- x\n\t}\n\tclose(c)\n\treturn c\n}",
		"sum := 0\nfor n := range merge(gen(1, 2), gen(3), gen(4, 5)) {\n\tsum += n\n}\nbyName := map[string]chan int{\"a\": gen(7)}\nfor name, c := range byName {\n\tfmt.Println(sum, name, <-c)\n}"},
		want: "15 a 7\n"},
	{name: "%T of a named string type", cells: []string{"import \"fmt\"", "type sentence string",
		"func main() {\n\tvar m sentence = \"hi\"\n\tfmt.Printf(\"%T %v|%s %T\\n\", m, m, m, string(m))\n\tfmt.Print(m, m, 1, 2, \"\\n\")\n}", "main()"},
		want: "main.sentence hi|hi string\nhihi1 2\n"},
	{name: "type switch case naming a type of a later cell", cells: []string{"import \"fmt\"",
		"func kind(x any) string {\n\tswitch v := x.(type) {\n\tcase point:\n\t\treturn fmt.Sprint(\"point \", v.X)\n\t}\n\treturn \"other\"\n}", "type point struct{ X int }",
		"fmt.Println(kind(point{1}), kind(1))"},
		want: "yak: kind waits for point, which no cell has declared yet; it is compiled when a cell declares it\n" +
			"yak: compiled kind (it was waiting for point)\npoint 1 other\n"},
	{name: "new of the constants true and false", cells: []string{"import \"fmt\"", "type config struct {\n\tOn   *bool\n\tSize *int\n}",
		"c := config{On: new(true), Size: new(2 + 1)}\noff := new(false)\nfmt.Println(*c.On, *c.Size, *off)"},
		want: "true 3 false\n"},
	// state.broken: a method that failed to compile broke its type in yaegi.
	{name: "method that waits for a method of a later cell", cells: []string{"import \"fmt\"", "type grid struct{ cells []int }",
		"func (g *grid) sum() int {\n\ts := 0\n\tfor i := range g.cells {\n\t\ts += g.at(i)\n\t}\n\treturn s\n}",
		"func (g *grid) at(i int) int { return g.cells[i] }", "func newGrid(n int) *grid { return &grid{make([]int, n)} }",
		"g := newGrid(3)\ng.cells[1] = 5\nfmt.Println(g.sum())"},
		want: "yak: grid.sum waits for a method or field at, which no cell has declared yet; it is compiled when a cell declares it\n" +
			"yak: compiled grid.sum (it was waiting for a method or field at)\n5\n"},
	{name: "%v, %+v and %#v of maps, slices and arrays of cell structs", cells: []string{"import \"fmt\"",
		"type addr struct {\n\tcity string\n\tzip  int\n}\n\ntype Person struct {\n\tName  string\n\tAddrs map[string]addr\n\tList  []addr\n\tPtrs  []*addr\n\tArr   [2]addr\n\tNil   map[string]addr\n}",
		"func main() {\n\tp := Person{Name: \"J\", Addrs: map[string]addr{\"home\": {\"A\", 1}, \"work\": {\"B\", 2}}, List: []addr{{\"C\", 3}}, Arr: [2]addr{{\"D\", 4}}}\n\tfmt.Printf(\"%v\\n%+v\\n%#v\\n\", p, p, p)\n\txs := []addr{{\"E\", 5}}\n\tm := map[int]addr{2: {\"F\", 6}, 1: {\"G\", 7}}\n\tfmt.Printf(\"%v %+v %#v %T\\n\", xs, xs, xs, xs)\n\tfmt.Printf(\"%v %+v %#v %T\\n\", m, m, m, m)\n\tvar ns []addr\n\tfmt.Printf(\"%#v %v\\n\", ns, ns)\n\tfmt.Println(p, xs, m)\n}", "main()"},
		want: "{J map[home:{A 1} work:{B 2}] [{C 3}] [] [{D 4} { 0}] map[]}\n{Name:J Addrs:map[home:{city:A zip:1} work:{city:B zip:2}] List:[{city:C zip:3}] Ptrs:[] Arr:[{city:D zip:4} {city: zip:0}] Nil:map[]}\nmain.Person{Name:\"J\", Addrs:map[string]main.addr{\"home\":main.addr{city:\"A\", zip:1}, \"work\":main.addr{city:\"B\", zip:2}}, List:[]main.addr{main.addr{city:\"C\", zip:3}}, Ptrs:[]*main.addr(nil), Arr:[2]main.addr{main.addr{city:\"D\", zip:4}, main.addr{city:\"\", zip:0}}, Nil:map[string]main.addr(nil)}\n[{E 5}] [{city:E zip:5}] []main.addr{main.addr{city:\"E\", zip:5}} []main.addr\nmap[1:{G 7} 2:{F 6}] map[1:{city:G zip:7} 2:{city:F zip:6}] map[int]main.addr{1:main.addr{city:\"G\", zip:7}, 2:main.addr{city:\"F\", zip:6}} map[int]main.addr\n[]main.addr(nil) []\n{J map[home:{A 1} work:{B 2}] [{C 3}] [] [{D 4} { 0}] map[]} [{E 5}] map[1:{G 7} 2:{F 6}]\n"},
	{name: "type parameter bound by a constraint of one type", cells: []string{"import \"fmt\"",
		"func least[T int32](x, y T) T {\n\tfmt.Printf(\"%T \", x)\n\tif x < y {\n\t\treturn x\n\t}\n\treturn y\n}", "fmt.Println(least(3, 2))"},
		want: "int32 2\n"},
	{name: "method of a type that waits for a later cell", cells: []string{"import \"fmt\"", "type shelf struct{ top *book }",
		"func (s *shelf) title() string { return s.top.name }", "type book struct{ name string }", "s := &shelf{&book{\"Go\"}}\nfmt.Println(s.title())"},
		want: "yak: shelf waits for book, which no cell has declared yet; it is compiled when a cell declares it\n" +
			"yak: shelf.title waits for shelf, which waits itself; it is compiled after it\n" +
			"yak: compiled shelf (it was waiting for book)\nyak: compiled shelf.title (it was waiting for shelf)\nGo\n"},
	{name: "goroutines started by WaitGroup.Go", cells: []string{"import (\"fmt\"; \"sync\")",
		"func main() {\n\tvar wg sync.WaitGroup\n\tfor i := range 5 {\n\t\twg.Go(func() {\n\t\t\tfmt.Println(\"task\", i)\n\t\t})\n\t}\n\twg.Wait()\n}", "%%interp\nmain()"},
		want: "task 4\ntask 0\ntask 1\ntask 2\ntask 3\n"},
	{name: "receive returned from a function", cells: []string{"import \"fmt\"",
		"var next chan int\nfunc counter() chan int {\n\tc := make(chan int)\n\tn := 0\n\tgo func() {\n\t\tfor {\n\t\t\tc <- n\n\t\t\tn++\n\t\t}\n\t}()\n\treturn c\n}\nfunc take() int { return <-next }\nfunc pair(c chan string) (string, bool) { return <-c, true }",
		"next = counter()\nfmt.Println(take(), take(), take())\nc := make(chan string, 1)\nc <- \"x\"\nfmt.Println(pair(c))"},
		want: "0 1 2\nx true\n"},
	{name: "range with a value over a pointer to an array", cells: []string{"import \"fmt\"",
		"type slots [3]string\nfunc (s *slots) put(v string) {\n\tfor i, x := range s {\n\t\tif x == \"\" {\n\t\t\ts[i] = v\n\t\t\treturn\n\t\t}\n\t}\n}",
		"s := new(slots)\ns.put(\"a\")\ns.put(\"b\")\nn := 0\nfor _, x := range s {\n\tif x != \"\" {\n\t\tn++\n\t}\n}\nfmt.Println(*s, n)"},
		want: "[a b ] 2\n"},
	{name: "json.Unmarshal into a cell type with UnmarshalJSON", cells: []string{"import (\"encoding/json\"; \"fmt\"; \"strings\")",
		"type level int\nfunc (l *level) UnmarshalJSON(b []byte) error {\n\tvar s string\n\tif err := json.Unmarshal(b, &s); err != nil {\n\t\treturn err\n\t}\n\t*l = level(len(strings.TrimSpace(s)))\n\treturn nil\n}",
		"var l level\nerr := json.Unmarshal([]byte(` \"high\" `), &l)\nfmt.Println(l, err)\nerr = json.Unmarshal([]byte(`{`), &l)\nfmt.Println(l, err)\nerr = json.Unmarshal([]byte(`3`), &l)\nfmt.Println(l, err)"},
		want: "4 <nil>\n4 unexpected end of JSON input\n4 json: cannot unmarshal number into Go value of type string\n"},
	{name: "functions of two cells that call each other", cells: []string{"import \"fmt\"",
		"func ping(n int) string {\n\tif n == 0 {\n\t\treturn \"ping\"\n\t}\n\treturn pong(dec(n))\n}", "func pong(n int) string {\n\tif n == 0 {\n\t\treturn \"pong\"\n\t}\n\treturn ping(dec(n))\n}",
		"func dec(n int) int { return n - 1 }", "fmt.Println(ping(3), ping(4))"},
		want: "yak: ping waits for pong, which no cell has declared yet; it is compiled when a cell declares it\n" +
			"yak: pong waits for ping, which waits itself; it is compiled after it\n" +
			"yak: ping waits for dec, which no cell has declared yet; it is compiled when a cell declares it\n" +
			"yak: pong waits for dec, which no cell has declared yet; it is compiled when a cell declares it\n" +
			"yak: compiled ping, pong together (each was waiting for another of them)\npong ping\n"},
	{name: "function named as a package, declared in a later cell", cells: []string{"import \"fmt\"",
		"func main() {\n\tlog(\"start\")\n\tfmt.Println(sort([]int{3, 1}))\n}", "func log(s string) { fmt.Println(\"log:\", s) }",
		"func sort(xs []int) []int {\n\tif xs[0] > xs[1] {\n\t\txs[0], xs[1] = xs[1], xs[0]\n\t}\n\treturn xs\n}", "main()"},
		want: "yak: main waits for log, which no cell has declared yet; it is compiled when a cell declares it\n" +
			"yak: main waits for sort, which no cell has declared yet; it is compiled when a cell declares it\n" +
			"yak: compiled main (it was waiting for sort)\nlog: start\n[1 3]\n"},
	{name: "value given to an interface before its methods are declared", cells: []string{"import (\"fmt\"; \"io\")",
		"type shape interface{ area() int }\ntype sq struct{ n int }\ntype zeros struct{}",
		"func main() {\n\tvar s shape = &sq{3}\n\tvar r io.Reader = zeros{}\n\tb := make([]byte, 2)\n\tn, _ := r.Read(b)\n\t_, isSq := s.(*sq)\n\tfmt.Println(s.area(), n, isSq)\n}",
		"func (s *sq) area() int { return s.n * s.n }", "func (zeros) Read(p []byte) (int, error) { return len(p), nil }", "main()"},
		want: "yak: main waits for a method or field area, which no cell has declared yet; it is compiled when a cell declares it\n" +
			"yak: main waits for a method or field Read, which no cell has declared yet; it is compiled when a cell declares it\n" +
			"yak: compiled main (it was waiting for a method or field Read)\n9 2 true\n"},
	{name: "type assertion to an interface of a cell", cells: []string{"import \"fmt\"",
		"type sizer interface{ size() int }\ntype box struct{ w, h int }\nfunc (b *box) size() int { return b.w * b.h }",
		"func sizeOf(v any) int {\n\tif s, ok := v.(sizer); ok {\n\t\treturn s.size()\n\t}\n\treturn -1\n}",
		"var v interface{} = &box{2, 3}\nfmt.Println(sizeOf(v), sizeOf(4), v.(sizer).size())"},
		want: "6 -1 6\n"},
}

func TestHeldoutCauses(t *testing.T) {
	runCellsCases(t, heldoutCases, nil)
}
