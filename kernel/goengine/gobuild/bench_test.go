package gobuild

import (
	"context"
	"fmt"
	"io"
	"testing"
)

const helloSrc = "package main\nimport \"fmt\"\nfunc main() {\n\ts := 0\n\tfor i := range 1000 {\n\t\ts += i\n\t}\n\tfmt.Println(\"sum\", s)\n}\n"

// BenchmarkBuildRun measures build plus run of a small program: warm,
// with the user's build cache (the program, edited by a comment at each
// iteration so that it is compiled and linked again, built once before), and cold,
// with an empty build cache each time (a user's very first compiled
// main(): the standard library packages it imports are compiled too; run
// it with -benchtime=1x).
func BenchmarkBuildRun(b *testing.B) {
	bench := func(b *testing.B, cold bool) {
		bl := toolchain(b)
		if !cold {
			buildRun(b, bl, -1)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if cold {
				b.StopTimer()
				b.Setenv("GOCACHE", b.TempDir())
				b.StartTimer()
			}
			buildRun(b, bl, i)
		}
	}
	b.Run("warm", func(b *testing.B) { bench(b, false) })
	b.Run("cold", func(b *testing.B) { bench(b, true) })
}

func buildRun(b *testing.B, bl *Builder, i int) {
	bin, err := bl.Build(context.Background(), fmt.Appendf(nil, "%s// %d\n", helloSrc, i))
	if err != nil {
		b.Fatal(err)
	}
	if code, err := Run(context.Background(), bin, RunOptions{Stdout: io.Discard, Stderr: io.Discard}); code != 0 || err != nil {
		b.Fatal(code, err)
	}
}
