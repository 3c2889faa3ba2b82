//go:build !unix

package childproc

// watch has nothing to watch with here: a child outlives a killed kernel.
func watch() (group int, unwatch func()) { return 0, func() {} }
