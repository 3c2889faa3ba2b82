package vec

// SetAVX2 switches the assembly kernels off (or back on, where the CPU has
// them) so tests can compare both paths; it returns the previous setting.
func SetAVX2(on bool) bool {
	prev := useAVX2
	setAVX2(on && detectOK)
	return prev
}
