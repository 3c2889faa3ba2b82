package hugepage

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// vmFlags returns the VmFlags of the mapping in /proc/self/smaps that holds
// addr.
func vmFlags(t *testing.T, addr uintptr) []string {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no smaps to check the advice in: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := strings.Cut(strings.Fields(line)[0], "-"); ok && !strings.HasSuffix(line, ":") && len(strings.Fields(line)) >= 5 {
			a, err1 := strconv.ParseUint(lo, 16, 64)
			b, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 == nil && err2 == nil {
				in = uintptr(a) <= addr && addr < uintptr(b)
				continue
			}
		}
		if rest, ok := strings.CutPrefix(line, "VmFlags:"); ok && in {
			return strings.Fields(rest)
		}
	}
	t.Fatalf("no mapping in /proc/self/smaps holds %#x", addr)
	return nil
}

func has(flags []string, f string) bool {
	for _, g := range flags {
		if g == f {
			return true
		}
	}
	return false
}

// TestAdvised checks that the whole huge pages inside a large buffer carry
// the kernel's huge-page advice flag ("hg"), and that with the advice off
// another large buffer does not.
func TestAdvised(t *testing.T) {
	if !enabled {
		t.Skip("huge-page advice is off (YAK_HUGEPAGES)")
	}
	const bytes = 16 << 20
	s := Float32s(bytes/4, bytes/4)
	beg, end := interior(uintptr(unsafe.Pointer(unsafe.SliceData(s))), bytes)
	if beg >= end {
		t.Fatalf("a 16 MiB buffer holds no whole 2 MiB page")
	}
	for _, a := range []uintptr{beg, end - 1} {
		if fl := vmFlags(t, a); !has(fl, "hg") {
			t.Errorf("mapping at %#x has VmFlags %v, want hg (MADV_HUGEPAGE)", a, fl)
		}
	}

	// With the advice off no range is advised at all. (Checking a fresh
	// buffer's VmFlags instead would flake: the heap may hand back memory an
	// earlier run of this test advised.)
	enabled = false
	calls := 0
	adviseRange = func(beg, n uintptr) { calls++ }
	defer func() { enabled, adviseRange = true, madvise }()
	u := Float32s(bytes/4, bytes/4)
	if calls != 0 {
		t.Errorf("with the advice off, Float32s of 16 MiB advised %d ranges", calls)
	}
	runtime.KeepAlive(s)
	runtime.KeepAlive(u)
}
