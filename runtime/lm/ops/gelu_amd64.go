//go:build amd64 && !purego

package ops

import "github.com/yaknb/yak/runtime/internal/cpu"

//go:noescape
func geluRowsAVX512(x, bias *float32, rows, cols int)

func init() {
	if !cpu.HasAVX512 {
		return
	}
	geluRowsSIMD = func(x, bias []float32, rows, cols int) {
		_ = x[rows*cols-1]
		var b *float32
		if bias != nil {
			_ = bias[cols-1]
			b = &bias[0]
		}
		geluRowsAVX512(&x[0], b, rows, cols)
	}
}
