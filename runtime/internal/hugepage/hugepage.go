package hugepage

import (
	"os"
	"strings"
	"unsafe"
)

// MinBytes is the smallest buffer advised: below 4 MiB a slice holds at most
// one aligned 2 MiB page and the TLB reach of 4 KiB pages covers it anyway.
const MinBytes = 4 << 20

// Size is the huge page size advised, the x86-64 and arm64 default.
const Size = 2 << 20

// adviseRange is madvise; a test counts its calls through it.
var adviseRange = madvise

// enabled is false when YAK_HUGEPAGES turns the advice off or the system has
// no madvise.
var enabled = supported && !off(os.Getenv("YAK_HUGEPAGES"))

func off(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "off", "0", "false", "no":
		return true
	}
	return false
}

// Enabled reports whether Float32s advises huge pages.
func Enabled() bool { return enabled }

// Float32s returns make([]float32, n, size) (size >= n), with the whole 2 MiB
// pages inside it advised to be huge pages when it is at least MinBytes.
func Float32s(n, size int) []float32 {
	s := make([]float32, n, size)
	if enabled && 4*size >= MinBytes {
		Advise(unsafe.Pointer(unsafe.SliceData(s)), uintptr(4*size))
	}
	return s
}

// Advise gives the 2 MiB-aligned pages inside [p, p+bytes) MADV_HUGEPAGE;
// it does nothing when the range holds none or the advice is off.
func Advise(p unsafe.Pointer, bytes uintptr) {
	if !enabled {
		return
	}
	if beg, end := interior(uintptr(p), bytes); beg < end {
		adviseRange(beg, end-beg)
	}
}

// interior returns the whole huge pages inside [p, p+bytes): beg == end when
// there are none.
func interior(p, bytes uintptr) (beg, end uintptr) {
	beg = (p + Size - 1) &^ (Size - 1)
	end = (p + bytes) &^ (Size - 1)
	return beg, max(beg, end)
}
