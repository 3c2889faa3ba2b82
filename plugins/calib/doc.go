// Package calib is neighbour-aware calibration of segmentation networks
// (NACL: Murugesan, Vasudeva, Liu, Lombaert, Ben Ayed and Dolz,
// "Neighbor-Aware Calibration of Segmentation Networks with Penalty-Based
// Constraints", the journal version of "Trust your neighbours", MICCAI
// 2023) and its baselines: training losses, post-hoc calibrators,
// segmentation calibration metrics, a seeded synthetic segmentation task, a
// NIfTI slice loader, a 2-D U-Net and its training loop, reliability
// diagrams and confidence maps.
//
//	loss := calib.NACL{}                     // λ = 0.1, 3×3 mean prior, L1
//	v, err := loss.Loss(logits, labels)      // logits (N, C, H, W), labels N·H·W
//	v.Backward()
//
// # Losses
//
// Every loss takes raw logits (N, C, H, W) — or (N, C), read as 1×1 images,
// so the same losses train classifiers — and one label per pixel, and
// returns a scalar that joins the runtime's autodiff graph. Each computes
// its value and its gradient in one compiled pass (a fused op, in float64)
// and averages over pixels (and classes, for the penalties):
//
//   - CE: cross-entropy.
//   - Focal{Gamma}: −(1−p_y)^γ log p_y; γ = 3 by default.
//   - LS{Alpha}: cross-entropy against (1−α)·onehot + α/C (PyTorch's
//     label_smoothing); α = 0.1.
//   - ECP{Alpha}: cross-entropy minus α times the mean entropy (Pereyra et
//     al. 2017); α = 0.1.
//   - SVLS{Sigma}: cross-entropy against the one-hot labels filtered with a
//     3×3 Gaussian (σ = 1) whose centre weight is replaced by the sum of
//     its neighbours and then renormalised (so the centre keeps half the
//     mass), with replicate padding (Islam and Glocker 2021).
//   - MbLS{Margin, Alpha}: cross-entropy + α · mean over pixels and classes
//     of relu(max_j l_j − l_k − m) (Liu et al. 2022); m = 10, α = 0.1.
//   - NACL: cross-entropy + λ · mean over pixels and classes of |τ_k − l_k|
//     on the raw logits, where τ_k is the share of class k in the k×k
//     window around the pixel; λ = 0.1, k = 3. Options: Distance L2
//     squares the difference, Prior PriorGaussian weights the window with a
//     normalised k×k Gaussian (σ = Sigma, 1 by default).
//
// A zero parameter means its default (so ECP with α = 0 is not CE: use CE).
//
// # NACL at the image border
//
// The window of a border pixel reaches outside the image. The authors'
// code unfolds the label map with zero padding, and 0 is the background
// label, so outside neighbours count as background: BorderBackground, the
// default. MONAI's NACLLoss filters the one-hot map with zero padding, so
// they count as nothing and τ sums to less than one near the border:
// BorderIgnore. Both are tested against PyTorch.
//
// # Checked against PyTorch
//
// testdata/gen_losses.py writes every loss in plain PyTorch from its
// definition (NACL's prior by unfold, as the authors do), evaluates value
// and gradient on a fixed (2, 3, 5, 6) input and stores them in
// testdata/losses.json; the tests compare to 1e-5 relative and also check
// gradients against finite differences.
package calib
