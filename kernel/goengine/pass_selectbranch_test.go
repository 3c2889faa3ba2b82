package goengine

import "testing"

func TestSelectBranchPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func f(c chan int) {\nloop:\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tbreak loop\n\t\tdefault:\n\t\t\tcontinue loop\n\t\t}\n\t}\n}",
			want: "func f(c chan int) {\nloop:\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tif true { break loop }\n\t\tdefault:\n\t\t\tif true { continue loop }\n\t\t}\n\t}\n}",
			why:  "yaegi takes a labeled break or continue in a select's case for the select's own: inside a block it takes the label"},
		{in: "func f(c chan int) {\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tbreak\n\t\t}\n\t\tswitch {\n\t\tcase true:\n\t\t\tbreak\n\t\t}\n\t}\n}",
			want: "func f(c chan int) {\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tbreak\n\t\t}\n\t\tswitch {\n\t\tcase true:\n\t\t\tbreak\n\t\t}\n\t}\n}",
			why:  "a break without a label is the select's own, and a switch's labeled break works in yaegi: left alone"},
	})
}

// The loop ends where go run's does, as one cell and split over cells.
func TestSelectBranchAgreesWithGoRun(t *testing.T) {
	needGo(t)
	agreeWithGoRun(t, []struct{ name, src string }{{"labeled break and continue in a select", `
func drain(done chan int) int {
	n := 0
loop:
	for {
		select {
		case <-done:
			break loop
		default:
		}
		n++
	}
	return n
}

// cell

func main() {
	done := make(chan int)
	close(done)
	fmt.Println(drain(done))
	m := 0
outer:
	for i := 0; i < 3; i++ {
		select {
		case <-done:
			m++
			continue outer
		}
		m += 100
	}
	fmt.Println(m)
}
`}}, "import \"fmt\"\n")
}
