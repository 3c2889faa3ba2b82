package cpu

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

// The CPUID check must agree with what the Linux kernel reports for this CPU.
func TestHasAVX2FMAMatchesProcCPUInfo(t *testing.T) {
	if runtime.GOARCH != "amd64" || runtime.GOOS != "linux" {
		t.Skip("compares with /proc/cpuinfo on linux/amd64 only")
	}
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip("no /proc/cpuinfo:", err)
	}
	var flags []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "flags") {
			flags = strings.Fields(line[strings.IndexByte(line, ':')+1:])
			break
		}
	}
	has := map[string]bool{}
	for _, f := range flags {
		has[f] = true
	}
	// Linux often leaves osxsave out of the flags, so the OS-support half
	// of the check (XGETBV) is not compared.
	want := has["avx2"] && has["fma"] && has["avx"]
	if purego {
		want = false
	}
	if HasAVX2FMA != want {
		t.Errorf("HasAVX2FMA = %v, /proc/cpuinfo says avx2=%v fma=%v avx=%v (purego build: %v)",
			HasAVX2FMA, has["avx2"], has["fma"], has["avx"], purego)
	}
}
