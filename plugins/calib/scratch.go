package calib

import (
	"unsafe"

	"github.com/yaknb/yak/runtime/tensor"
)

// The losses' float64 work buffers (log-probabilities, targets, the
// gradient) come from the runtime's free list as pairs of float32: a
// training loop that frees its graph each step (loss.FreeGraph) then
// allocates none of them. fused gives the first two kinds back as soon as
// the value is computed and hands the gradient to the loss tensor, which
// FreeGraph releases.

// buf64 lends n float64 values, uncleared.
func buf64(n int) []float64 {
	if n == 0 {
		return nil
	}
	b := tensor.Scratch(2 * n)
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(b))), cap(b)/2)[:n]
}

// zeros64 lends n zeroed float64 values.
func zeros64(n int) []float64 {
	b := buf64(n)
	clear(b)
	return b
}

// as32 is the float32 buffer from the free list that b (from buf64) lives in.
func as32(b []float64) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(b))), 2*cap(b))
}

// release64 gives buffers from buf64 back; nothing may read them after.
func release64(bufs ...[]float64) {
	for _, b := range bufs {
		if cap(b) > 0 {
			tensor.Release(as32(b))
		}
	}
}
