package vec

// Every other value: the gathers and scatters of stride-2 convolutions
// (runtime/nn splits a sample into its 2×2 phases for the forward pass and
// folds the input gradient's columns back into every other pixel), a whole
// block of rows per call instead of a scalar loop per line.

// EveryOther copies every other value of rows lines of src into dst:
// dst[r·ldd+k] = src[r·lds+2k] for k < cols.
func EveryOther(dst []float32, ldd int, src []float32, lds, rows, cols int) {
	if rows < 1 || cols < 1 {
		return
	}
	if ldd < cols || lds < 2*cols-1 || len(dst) < (rows-1)*ldd+cols || len(src) < (rows-1)*lds+2*cols-1 {
		panic("vec: EveryOther: slices too short for the rows")
	}
	if useAVX512 && useAVX2 {
		everyOtherAVX512(&dst[0], ldd, &src[0], lds, rows, cols)
		return
	}
	for r := 0; r < rows; r++ {
		d, s := dst[r*ldd:][:cols], src[r*lds:][:2*cols-1]
		for k := range d {
			d[k] = s[2*k]
		}
	}
}

// AddEveryOther adds rows lines of src into every other value of dst:
// dst[r·ldd+2k] += src[r·lds+k] for k < cols; the values between are not
// changed.
func AddEveryOther(dst []float32, ldd int, src []float32, lds, rows, cols int) {
	if rows < 1 || cols < 1 {
		return
	}
	if ldd < 2*cols-1 || lds < cols || len(dst) < (rows-1)*ldd+2*cols-1 || len(src) < (rows-1)*lds+cols {
		panic("vec: AddEveryOther: slices too short for the rows")
	}
	if useAVX512 && useAVX2 {
		addEveryOtherAVX512(&dst[0], ldd, &src[0], lds, rows, cols)
		return
	}
	for r := 0; r < rows; r++ {
		d, s := dst[r*ldd:][:2*cols-1], src[r*lds:][:cols]
		for k, v := range s {
			d[2*k] += v
		}
	}
}
