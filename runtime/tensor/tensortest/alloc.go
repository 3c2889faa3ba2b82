package tensortest

import "runtime"

// BytesPerRun runs f three times to reach steady state, then returns the
// bytes it allocates per run over runs more runs. Unlike
// testing.AllocsPerRun it leaves GOMAXPROCS alone, so the threaded paths
// (and what they allocate) are the ones measured.
func BytesPerRun(runs int, f func()) int {
	for range 3 {
		f()
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return int(after.TotalAlloc-before.TotalAlloc) / runs
}
