package nn

import (
	"errors"
	"fmt"
	"math"
)

// Errors that layers and losses panic with (wrapped, with the details). Use
// errors.Is on the value that tensor.Catch returns to tell them apart.
var (
	ErrShape     = errors.New("nn: shape mismatch")
	ErrEmpty     = errors.New("nn: empty input")
	ErrLabel     = errors.New("nn: label out of range")
	ErrNonFinite = errors.New("nn: non-finite value")
)

func fail(err error, format string, args ...any) {
	panic(fmt.Errorf("%w: "+format, append([]any{err}, args...)...))
}

// checkLoss panics with ErrNonFinite when a loss came out NaN or infinite.
// Losses check their result rather than every input element: a NaN or Inf in
// the logits or targets of any counted position reaches the result, and one
// comparison costs nothing next to the loss itself.
func checkLoss(name string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		fail(ErrNonFinite, "%s is %v: the inputs hold NaN or Inf (a diverged network? lower the learning rate, check the data)", name, v)
	}
}
