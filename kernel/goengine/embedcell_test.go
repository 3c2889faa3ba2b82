package goengine

import "testing"

// embedCellCases are programs whose structs embed cell types with methods;
// each prints in the interpreter what go run prints (the promoted String
// through fmt, interface checks, pointer methods, two levels of
// embedding, a method the struct declares itself, an ambiguous one).
// Not asserted, as yaegi's own assertion still gets them wrong: a Dog
// value asserted to an interface of *Dog's promoted pointer methods
// (true), and a struct whose two embedded fields both have String
// asserted to fmt.Stringer (true).
var embedCellCases = []struct{ name, src string }{
	{"a struct embedding a cell type gets its methods", `
type Animal struct{ Name string }

func (a Animal) String() string { return "animal " + a.Name }

func (a *Animal) Rename(n string) { a.Name = n }

func (a Animal) Sound(times int, extra ...string) (string, int) {
	return strings.Repeat("!", times) + strings.Join(extra, ""), times
}

type Dog struct {
	Animal
	Breed string
}

type PDog struct {
	*Animal
	Breed string
}

type Namer interface{ String() string }

type Renamer interface{ Rename(string) }

// cell

type Puppy struct {
	Dog
	Age int
}

// Loud declares String itself: Animal's is not promoted.
type Loud struct {
	Animal
}

func (l Loud) String() string { return "LOUD " + l.Name }

type Tag struct{ Name string }

func (t Tag) String() string { return "tag " + t.Name }

// Both promote String at the same depth: neither is.
type Both struct {
	Animal
	Tag
}

// cell

func main() {
	d := Dog{Animal{"rex"}, "lab"}
	fmt.Println(d)
	fmt.Printf("%v|%s|%+v|%d\n", d, d, d, len(d.String()))
	var s fmt.Stringer = d
	var n Namer = d
	_, ok := any(d).(fmt.Stringer)
	var x any = d
	_, ok2 := x.(Namer)
	fmt.Println(s, n, ok, ok2, x)
	p := &d
	p.Rename("max")
	var r Renamer = p
	r.Rename("maxi")
	_, pIsRenamer := any(p).(Renamer)
	fmt.Println(p, d.Name, pIsRenamer)
	fmt.Println(d.Sound(2, "a", "b"))
	pd := PDog{&Animal{"bo"}, "x"}
	_, pdIsRenamer := any(pd).(Renamer)
	pd.Rename("bob")
	fmt.Println(pd, pdIsRenamer)
	pu := Puppy{d, 1}
	fmt.Println(pu, []Puppy{pu}, map[string]Dog{"k": d})
	fmt.Println(Loud{Animal{"l"}})
	b := Both{Animal{"a"}, Tag{"t"}}
	fmt.Println(b, b.Animal.String())
}
`},
	{"encoding/json calls an embedded cell type's promoted methods", `
type Celsius float64

func (c Celsius) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("\"%.1fC\"", float64(c))), nil }

func (c *Celsius) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	_, err := fmt.Sscanf(s, "%fC", (*float64)(c))
	return err
}

type Reading struct {
	Celsius
}

// cell

func main() {
	b, err := json.Marshal(Reading{21.5})
	fmt.Println(string(b), err)
	var r Reading
	err = json.Unmarshal([]byte(` + "`" + `"18.5C"` + "`" + `), &r)
	fmt.Println(float64(r.Celsius), err)
	xs, _ := json.Marshal([]Reading{{1}, {2}})
	fmt.Println(string(xs))
}
`},
	// x.(interface{ Describe() string }) panicked in yaegi ("reflect.Set:
	// value of type interface {} is not assignable to type
	// interp.valueInterface"), and a type switch never took such a case.
	{"interface literals asserted and switched on, over embedded types", `
type Shape interface {
	Area() float64
	Perimeter() float64
}

type Named struct{ Name string }

func (n Named) Describe() string { return "I am " + n.Name }

type Rect struct {
	Named
	W, H float64
}

func (r Rect) Area() float64      { return r.W * r.H }
func (r Rect) Perimeter() float64 { return 2 * (r.W + r.H) }

type Square struct {
	Rect
}

func NewSquare(s float64) Square { return Square{Rect{Named{"square"}, s, s}} }

type Describer interface{ Describe() string }

// cell

type byArea []Shape

func (b byArea) Len() int           { return len(b) }
func (b byArea) Less(i, j int) bool { return b[i].Area() < b[j].Area() }
func (b byArea) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

func main() {
	shapes := []Shape{Rect{Named{"r"}, 3, 4}, NewSquare(2), Rect{Named{"big"}, 10, 1}}
	sort.Sort(byArea(shapes))
	for _, s := range shapes {
		fmt.Printf("%T %.1f %.1f\n", s, s.Area(), s.Perimeter())
		if d, ok := s.(interface{ Describe() string }); ok {
			fmt.Println(d.Describe())
		}
		switch v := s.(type) {
		case interface{ Volume() float64 }:
			fmt.Println("solid", v.Volume())
		case interface{ Describe() string }:
			fmt.Println("describer", v.Describe())
		}
	}
	var x any = 3
	_, isD := x.(interface{ Describe() string })
	var nx any
	_, nilD := nx.(interface{ Describe() string })
	var ns Shape
	_, nilS := ns.(interface{ Describe() string })
	dn, nilN := ns.(Describer)
	fmt.Println(isD, nilD, nilS, nilN, dn == nil)
	sq := NewSquare(3)
	fmt.Printf("%v %+v\n", sq, sq)
	fmt.Println(sq.Describe(), sq.Name, sq.Rect.Named.Name)
	var s Shape = sq
	switch v := s.(type) {
	case Rect:
		fmt.Println("rect", v.W)
	case Square:
		fmt.Println("square", v.W)
	}
	func() {
		defer func() { fmt.Println(recover() != nil) }()
		fmt.Println(x.(interface{ Describe() string }).Describe())
	}()
}
`},
}

const embedCellImports = "import (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"sort\"\n\t\"strings\"\n)\n\nvar _, _, _ = strings.Repeat, json.Marshal, sort.Ints\n"

func TestEmbeddedCellTypesAgreeWithGoRun(t *testing.T) {
	needGo(t)
	agreeWithGoRun(t, embedCellCases, embedCellImports)
}

// A method that a later cell gives the embedded type reaches the struct
// of an earlier cell, and one the struct declares later replaces the
// forwarded one.
func TestEmbeddedCellTypeGrowsAcrossCells(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import \"fmt\"\n\ntype Animal struct{ Name string }\n\ntype Dog struct {\n\tAnimal\n\tBreed string\n}")
	must(t, e, "d := Dog{Animal{\"rex\"}, \"lab\"}")
	cellsPrint(t, e, []struct{ cell, want string }{
		{"fmt.Println(d)", "{{rex} lab}\n"},
		{"func (a Animal) String() string { return \"animal \" + a.Name }", ""},
		{"d2 := Dog{Animal{\"rex\"}, \"lab\"}\nfmt.Println(d2)\n_, ok := any(d2).(fmt.Stringer)\nfmt.Println(ok)", "animal rex\ntrue\n"},
		{"func (d Dog) String() string { return \"dog \" + d.Name }", ""},
		{"d3 := Dog{Animal{\"rex\"}, \"lab\"}\nfmt.Println(d3, d3.Animal)", "dog rex animal rex\n"},
	})
}
