package gemm

import "runtime"

type runtimeMem struct{ bytes uint64 }

func readMem(m *runtimeMem) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.bytes = ms.TotalAlloc
}
