package parallel_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/yaknb/yak/runtime/parallel"
)

// Partial sums per part, added in part order: the same bits for the same
// worker count, whatever the timing.
func ExampleRanges() {
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = float64(i)
	}
	const workers = 4
	partial := make([]float64, workers)
	err := parallel.Ranges(context.Background(), workers, len(xs), func(part, lo, hi int) {
		for _, x := range xs[lo:hi] {
			partial[part] += x
		}
	})
	total := 0.0
	for _, s := range partial {
		total += s
	}
	fmt.Println(total, err)
	// Output: 499500 <nil>
}

// A worker pool over seeds whose user code panics: the panic comes back as
// an error instead of ending the process.
func ExampleEach() {
	seeds := []uint64{1, 2, 3}
	results := make([]uint64, len(seeds))
	err := parallel.Each(context.Background(), 0, len(seeds), func(ctx context.Context, i int) error {
		if seeds[i] == 3 {
			panic("user code failed on seed 3")
		}
		results[i] = seeds[i] * 10
		return nil
	})
	var pe *parallel.PanicError
	fmt.Println(errors.As(err, &pe), pe.Value)
	// Output: true user code failed on seed 3
}
