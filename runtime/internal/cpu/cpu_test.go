package cpu

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

// procFlags returns the CPU flags Linux reports, or ok=false (the test
// skipped with the reason) elsewhere.
func procFlags(t *testing.T) (has map[string]bool, ok bool) {
	t.Helper()
	if runtime.GOARCH != "amd64" || runtime.GOOS != "linux" {
		t.Skip("compares with /proc/cpuinfo on linux/amd64 only")
		return nil, false
	}
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip("no /proc/cpuinfo:", err)
		return nil, false
	}
	has = map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "flags") {
			for _, f := range strings.Fields(line[strings.IndexByte(line, ':')+1:]) {
				has[f] = true
			}
			break
		}
	}
	return has, true
}

// The CPUID checks must agree with what the Linux kernel reports for this CPU.
func TestHasAVX2FMAMatchesProcCPUInfo(t *testing.T) {
	has, ok := procFlags(t)
	if !ok {
		return
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

func TestHasAVX512MatchesProcCPUInfo(t *testing.T) {
	has, ok := procFlags(t)
	if !ok {
		return
	}
	want := has["avx512f"] && has["avx512bw"] && has["avx512dq"] && has["avx512vl"] && !purego
	if HasAVX512 != want {
		t.Errorf("HasAVX512 = %v, /proc/cpuinfo says avx512f=%v bw=%v dq=%v vl=%v (purego build: %v)",
			HasAVX512, has["avx512f"], has["avx512bw"], has["avx512dq"], has["avx512vl"], purego)
	}
	if HasAVX512 && !HasAVX2FMA {
		t.Error("HasAVX512 without HasAVX2FMA")
	}
}

func TestBF16FeaturesMatchProcCPUInfo(t *testing.T) {
	has, ok := procFlags(t)
	if !ok {
		return
	}
	if want := HasAVX512 && has["avx512_bf16"]; HasAVX512BF16 != want {
		t.Errorf("HasAVX512BF16 = %v, /proc/cpuinfo says avx512_bf16=%v (HasAVX512 %v)", HasAVX512BF16, has["avx512_bf16"], HasAVX512)
	}
	// Linux lists amx_tile and amx_bf16 only when it supports the tile state.
	if want := HasAVX512 && has["amx_tile"] && has["amx_bf16"]; HasAMXBF16 != want {
		t.Errorf("HasAMXBF16 = %v, /proc/cpuinfo says amx_tile=%v amx_bf16=%v", HasAMXBF16, has["amx_tile"], has["amx_bf16"])
	}
}

func TestHasAVX512VNNIMatchesProcCPUInfo(t *testing.T) {
	has, ok := procFlags(t)
	if !ok {
		return
	}
	want := has["avx512_vnni"] && HasAVX512
	if HasAVX512VNNI != want {
		t.Errorf("HasAVX512VNNI = %v, /proc/cpuinfo says avx512_vnni=%v (HasAVX512 %v)", HasAVX512VNNI, has["avx512_vnni"], HasAVX512)
	}
}
