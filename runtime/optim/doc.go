// Package optim updates parameters from their gradients: SGD with momentum
// and weight decay, Adam and AdamW, and learning-rate schedules.
//
// # Use
//
// An optimizer holds the parameters it updates (Module.Parameters()). A
// training step is
//
//	opt.ZeroGrad()
//	loss := nn.MSE(model.Forward(x), y)
//	loss.Backward()
//	opt.Step()
//
// Step skips parameters that received no gradient. The update formulas are
// PyTorch's (torch.optim.SGD, Adam, AdamW with their default arguments), so
// a run can be compared step for step; state is kept in float32 as there.
//
// # Schedules
//
// A Schedule maps a step (or epoch) number to a learning rate; call
// opt.SetLR(s.LR(step)) where PyTorch would call scheduler.step().
package optim
