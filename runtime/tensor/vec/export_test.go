package vec

// UsePath switches to one kernel set of Available and returns a function
// that restores the previous one.
func UsePath(name string) (restore func()) {
	prev, err := UseKernels(name)
	if err != nil {
		panic(err)
	}
	return func() { UseKernels(prev) }
}
