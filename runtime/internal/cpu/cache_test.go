package cpu

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// sysfsCache returns the size in bytes Linux reports for this core's cache
// of the given level and type ("Data" or "Unified"), or 0.
func sysfsCache(level, kind string) int {
	for i := 0; i < 8; i++ {
		dir := "/sys/devices/system/cpu/cpu0/cache/index" + strconv.Itoa(i) + "/"
		l, err1 := os.ReadFile(dir + "level")
		k, err2 := os.ReadFile(dir + "type")
		s, err3 := os.ReadFile(dir + "size")
		if err1 != nil || err2 != nil || err3 != nil {
			continue
		}
		if strings.TrimSpace(string(l)) != level || strings.TrimSpace(string(k)) != kind {
			continue
		}
		v := strings.TrimSpace(string(s))
		mult := 1
		switch {
		case strings.HasSuffix(v, "K"):
			mult, v = 1<<10, strings.TrimSuffix(v, "K")
		case strings.HasSuffix(v, "M"):
			mult, v = 1<<20, strings.TrimSuffix(v, "M")
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0
		}
		return n * mult
	}
	return 0
}

// The cache sizes from CPUID must agree with what Linux reports (it reads
// the same descriptors) where both exist.
func TestCacheSizesMatchSysfs(t *testing.T) {
	if runtime.GOARCH != "amd64" || runtime.GOOS != "linux" {
		t.Skip("compares with /sys on linux/amd64 only")
	}
	l1, l2 := sysfsCache("1", "Data"), sysfsCache("2", "Unified")
	if l1 == 0 || l2 == 0 {
		t.Skip("/sys/devices/system/cpu/cpu0/cache does not list the L1d and L2 sizes")
	}
	if L1DSize == 0 && L2Size == 0 {
		t.Skip("this build or CPU reports no cache descriptors (purego build, or CPUID without leaf 4 / 0x8000001D)")
	}
	if L1DSize != l1 || L2Size != l2 {
		t.Errorf("CPUID says L1d %d, L2 %d bytes; Linux says %d, %d", L1DSize, L2Size, l1, l2)
	}
}
