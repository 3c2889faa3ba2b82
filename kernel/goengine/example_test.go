package goengine_test

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel/goengine"
)

// terminal is a minimal kernel.ExecIO: output to the process's stdout.
type terminal struct{}

func (terminal) Stdout() io.Writer                            { return os.Stdout }
func (terminal) Stderr() io.Writer                            { return os.Stdout }
func (terminal) Publish(b display.Bundle, update bool)        { fmt.Println(b.Data["text/plain"]) }
func (terminal) Clear(wait bool)                              {}
func (terminal) Input(prompt string, pw bool) (string, error) { return "", io.EOF }

func Example() {
	e, err := goengine.New(goengine.Options{})
	if err != nil {
		panic(err)
	}
	defer e.Close()
	ctx := context.Background()
	cells := []string{
		`import "fmt"`,
		"func double(x int) int { return 2 * x }\nfmt.Println(\"defined\")",
		"double(21)",
		"func double(x int) int { return 3 * x }", // redefinitions take effect
		"double(21)",
	}
	for _, code := range cells {
		b, err := e.Execute(ctx, code, terminal{})
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		if b != nil {
			fmt.Println("=>", b.Data["text/plain"])
		}
	}
	// Output:
	// defined
	// => 42
	// => 63
}
