package goengine

import "testing"

// iter.Pull and iter.Pull2 (the engine's source, generic.go) step through
// iterators as go run does: two at once, stopped early, never started,
// and one that panics, which reaches the caller of next.
func TestIterPullAgreesWithGoRun(t *testing.T) {
	needGo(t)
	agreeWithGoRun(t, []struct{ name, src string }{
		{"zip two iterators, stop early, a panic", `
func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer fmt.Println("count done")
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func zip(a, b iter.Seq[int]) [][2]int {
	na, sa := iter.Pull(a)
	defer sa()
	nb, sb := iter.Pull(b)
	defer sb()
	var out [][2]int
	for {
		x, ok1 := na()
		y, ok2 := nb()
		if !ok1 || !ok2 {
			return out
		}
		out = append(out, [2]int{x, y})
	}
}

// cell
func main() {
	fmt.Println(zip(count(3), count(5)))
	next, stop := iter.Pull(count(10))
	fmt.Println(next())
	fmt.Println(next())
	stop()
	fmt.Println(next())
	n2, s2 := iter.Pull2(maps.All(map[string]int{"a": 1}))
	fmt.Println(n2())
	fmt.Println(n2())
	s2()
	_, s3 := iter.Pull(count(2))
	s3()
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		var boom iter.Seq[int] = func(yield func(int) bool) { panic("boom") }
		nb, _ := iter.Pull(boom)
		nb()
	}()
}`},
	}, "import (\n\t\"fmt\"\n\t\"iter\"\n\t\"maps\"\n)\n")
}
