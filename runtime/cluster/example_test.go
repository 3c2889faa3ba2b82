package cluster_test

import (
	"context"
	"fmt"

	"github.com/yaknb/yak/runtime/cluster"
)

func ExampleKMeans() {
	// Six points on a line, two obvious groups.
	x := []float32{1, 1.5, 2, 10, 10.5, 11}
	m, err := cluster.KMeans(context.Background(), x, 6, 1, cluster.Options{K: 2, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Labels[0] == m.Labels[2], m.Labels[0] != m.Labels[3])
	fmt.Printf("inertia %.2f\n", m.Inertia)
	c, _, _ := m.Nearest([]float32{9})
	fmt.Println(c == m.Labels[3])
	// Output:
	// true true
	// inertia 1.00
	// true
}
