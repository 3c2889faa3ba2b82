//go:build race

package parallel

// The race detector's sync.Pool drops a share of what is put back, so
// allocation counts mean nothing under it.
const raceEnabled = true
