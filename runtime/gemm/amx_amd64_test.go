//go:build amd64 && !purego

package gemm

import "testing"

func TestAMXGroupFor(t *testing.T) {
	for _, c := range []struct{ k, l2, want int }{
		{768, 2 << 20, 8},  // BERT-base projections: 8 blocks are 384 KiB
		{2048, 2 << 20, 8}, // exactly half of L2
		{3072, 2 << 20, 5}, // the feed-forward down-projection
		{3072, 0, 5},       // L2 unknown: taken as 2 MiB
		{4096, 1 << 20, 2}, // 1 MiB L2
		{65536, 2 << 20, 1},
	} {
		if got := amxGroupFor(c.k/2, c.l2); got != c.want {
			t.Errorf("amxGroupFor(k=%d, l2=%d) = %d, want %d", c.k, c.l2, got, c.want)
		}
	}
}
