//go:build !amd64 || purego

package cluster

func argmin(s []float32) (int, float32) { return argminGo(s, 0, 0, s[0]) }
