package tensor

import "fmt"

// Catch runs fn and returns the panic it raised, if any, as an error. The
// runtime reports argument errors (bad shapes, empty inputs, NaN losses) by
// panicking with a package-prefixed message; code that wants an error value
// instead wraps the call: err := tensor.Catch(func() { loss = ... }).
func Catch(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			switch v := r.(type) {
			case error:
				err = v
			default:
				err = fmt.Errorf("%v", v)
			}
		}
	}()
	fn()
	return nil
}
