// Package tensortest checks the gradients of runtime operations against
// finite differences, for the runtime's own tests and for plugins that define
// their own differentiable operations with tensor.FromOp.
//
// # Use
//
// In a table test, give GradCheck a function of the inputs and the inputs:
//
//	tensortest.GradCheck(t, func(in []*tensor.Tensor) *tensor.Tensor {
//		return myLoss(in[0], labels)
//	}, logits)
//
// It reduces the output to a scalar with fixed random weights, runs Backward,
// and compares every input's gradient with central differences from gonum's
// diff/fd. Keep inputs away from kinks (ReLU at 0, ties in a max): the
// finite-difference step is 1e-3.
package tensortest
