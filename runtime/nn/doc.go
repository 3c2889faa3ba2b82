// Package nn holds neural-network layers, activations and losses on top of
// runtime/tensor's autodiff.
//
// # Modules
//
// A Module maps a tensor to a tensor, lists its Parameters in a fixed order
// and switches between training and evaluation (Train). Linear, the
// activation modules, Flatten and Func compose with NewSequential:
//
//	rng := tensor.NewRand(1)
//	net := nn.NewSequential(nn.NewLinear(100, 100, rng), nn.ReLU{}, nn.NewLinear(100, 1, rng))
//
// Layers use PyTorch's layouts (Linear weight (out, in), images (N, C, H, W))
// and initialisations, so weights and figures can be compared with it. In a
// notebook, a module type defined in a cell joins a Sequential with Append
// (yaegi cannot pass interpreted values as variadic interface arguments).
//
// # Convolutions
//
// Conv2d multiplies each sample's column matrix (im2col) by the weight:
// with packed gemm (runtime/gemm) when both the output channels and the
// column rows number 32 or more, else with runtime/tensor/vec's register
// tiles (MulAdd, MulAddT), which need no packing. A stride-1 convolution of
// up to 128 channels (or a narrow one of any width) does not even write the
// columns out: they are shifted windows of the zero-padded sample, read in
// place (MulAddOffsets; MulAddOffsetsSet writes each output line once,
// starting from the bias), and its input gradient is the correlation of the
// output gradient with the flipped kernel, read the same way (no column
// gradient to fold back). A strided convolution too wide for the vector
// kernels (the MNIST CNN's 64→128 stride 2) computes its output the same
// way over the sample split into its stride×stride phases, where each tap
// reads one phase shifted (at stride 2 the phases are laid out, and the
// input gradient's columns folded back, by vec.EveryOther and
// vec.AddEveryOther, a block of lines per call). Wide convolutions (64-128 channels and more)
// take their gradients a group of samples at a time (convwide.go): the
// group's columns side by side make gemm products of about a thousand
// columns, and the weight gradient multiplies dY by the columns written
// transposed (a row of taps per output position), which gemm reads in
// place; stride-1 layers of 64 channels and more keep the direct path for
// the output and the input gradient and take only their weight gradient
// this way.
// Stride-1 3×3 convolutions with padding 1, 64 channels or more in and
// out and a batch of at least 512 2×2 output tiles (the MNIST CNN's
// 128→128 layers on 64-image batches and more) take their output and all
// three gradients by Winograd instead (convwino.go): each tile of outputs
// from the input block under it with fewer multiplications per channel
// pair, the sums over channels as one gemm product per position of the
// transformed tile over a group of samples, the transforms around them by
// runtime/tensor/vec's vectorised kernels, the weight gradient as the
// products' adjoint. F(4×4, 3×3) (convwino43.go: 36 products per 4×4
// tile) is taken where it needs fewer products than F(2×2, 3×3) (16 per
// 2×2 tile), which is nearly everywhere from 5×5 up: on 14×14 maps 576
// against 784 per channel pair. On the MNIST CNN's 128→128 layer (320
// images, one thread) forward and backward took 218-224 ms of CPU by
// F(2×2) at the start of session 9 and 145-157 by F(4×4) at its end
// (BENCHMARKS.md, session 9; 81 direct on 64 images in session 8). The results
// differ from the direct path's by a few roundings for F(2×2), and by
// about ten times more for F(4×4), whose transforms scale values by up to
// 8 and G's 1/6 and 1/24 back down: against float64 the worst error
// relative to 1+|value| on 128→128, 14×14 is 1.3e-5 for the output,
// 1.6e-5 for the input gradient and 1.9e-4 for the weight gradient (F(2×2)
// 1e-6, 1e-6, 2.5e-5; direct 1.7e-6, 1.6e-6, 2.3e-5), inside the bound
// the tests hold every path to (TestWinogradMatchesReference);
// TestWinogradMatchesDirect compares both with the direct path. Wide
// stride-2 3×3 convolutions with padding 1 (32 channels or more in, 64
// out, the same batch rule; the MNIST CNN's 64→128) take a Winograd of
// their own (convwinos2.go): each 2×2 output tile from the 5×5 input block
// at stride 4 under it, 25 products per tile and channel pair instead of
// 36, additions only in the transforms, for the output and both gradients.
// Samples, or groups, are split across goroutines when the batch is big
// enough, each goroutine with its own workspace and, for groups, a
// one-thread gemm (two threads meeting inside every small product scaled
// poorly); the weight gradient is summed per sample, or per chunk of
// groups of a size fixed by the geometry, and the partial sums added in a
// fixed order, so the bits do not depend on the thread count. Conv2d.ReLU (or ConvReLU)
// fuses the activation into the same op. Workspace (padded samples, column
// buffers, partial sums) comes from tensor.Scratch and goes back after each
// call, and layouts are cached per geometry: in a training loop a step
// allocates its output and tape node only, and not even the output's data
// when the loop frees each step's graph (tensor.FreeGraph): outputs of
// convolutions, pooling, upsampling and the losses' saved values come from
// the same free list.
//
// # Volumes
//
// Conv3d (stride 1, zero padding, any kernel size; VolumeConv and
// VolumeConvReLU as functions), MaxPool3d (MaxPoolVolume) and Upsample3d
// (nearest, UpsampleNearestVolume) take volumes (N, C, D, H, W) with
// PyTorch's layouts, initialisation and results (checked against conv3d,
// max_pool3d and interpolate in testdata/torch3d_reference.json). Conv3d
// runs the direct path of Conv2d one dimension up: column row (c, i, j, l)
// is the zero-padded volume shifted by (i, j, l), read in place by the
// same register-tiled kernels, and the input gradient is the correlation
// of the output gradient with the flipped kernel; nothing is unfolded, the
// outputs past the valid rows and planes are computed and dropped. Its
// workspace comes from tensor.Scratch as Conv2d's does, so a training step
// allocates no feature map once it frees its graph.
//
// # Saving
//
// StateDict names a module's tensors as PyTorch's state_dict does, and
// SaveState/LoadState write and read them as safetensors (see runtime/tensor,
// "Files").
//
// # Losses
//
// MSE, BCEWithLogits, CrossEntropy (over the class axis 1 of (N, C) or
// (N, C, H, W, ...) logits, with class weights, label smoothing and negative
// labels ignored), KLDiv and Entropy. Each is one node on the tape with a
// hand-written backward, so a loss costs one pass forward and one backward.
// The per-pixel cross-entropy keeps only each position's log-sum-exp and
// recomputes the softmax while writing the gradient, instead of storing a
// map of probabilities.
//
// # Errors
//
// Layers and losses panic with an error wrapping ErrShape, ErrEmpty, ErrLabel
// or ErrNonFinite, with a message prefixed "nn:" that says what was wrong;
// tensor.Catch turns the panic into that error. Where NaN is checked: every
// loss checks its result, so a NaN or Inf in the logits or targets at a
// counted position is reported by the loss instead of silently poisoning the
// parameters. Layers do not scan their inputs (that would double the cost of
// a small network); a NaN there is reported by the loss downstream.
package nn
