//go:build !amd64 || purego

package gemm

func bf16Transposer() transposer { return nil }

// mulPacked is never reached here: only the "float32" path exists.
func (w *BF16Matrix) mulPacked(m int, a []float32, lda int, c []float32, ldc int) {
	panic("gemm: bfloat16 path " + w.path + " is not in this build")
}

func rowToPairs(dst, src []float32) { toPairs(dst, src) }

// amxErr: AMX is used on amd64 builds only.
var amxErr error
