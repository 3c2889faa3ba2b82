// Package proccpu reads the CPU time the process has used, all threads
// together. On a machine shared with other work, wall time shows the
// contention and CPU time the cost, so the benchmarks report both.
package proccpu
