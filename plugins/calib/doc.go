// Package calib is neighbour-aware calibration of segmentation networks
// (NACL: Murugesan, Vasudeva, Liu, Lombaert, Ben Ayed and Dolz,
// "Neighbor-Aware Calibration of Segmentation Networks with Penalty-Based
// Constraints", the journal version of "Trust your neighbours", MICCAI
// 2023) and its baselines: training losses, post-hoc calibrators,
// segmentation calibration metrics, a seeded synthetic segmentation task in
// 2-D and 3-D, a NIfTI slice loader, 2-D and 3-D U-Nets and their training
// loop, reliability diagrams and confidence maps.
//
//	loss := calib.NACL{}                     // λ = 0.1, 3×3 mean prior, L1
//	v, err := loss.Loss(logits, labels)      // logits (N, C, H, W), labels N·H·W
//	v.Backward()
//
// # Losses
//
// Every loss takes raw logits (N, C, H, W) — or (N, C), read as 1×1 images,
// so the same losses train classifiers, or volumes (N, C, D, H, W), whose
// neighbourhoods are k×k×k — and one label per pixel (voxel), and
// returns a scalar that joins the runtime's autodiff graph. Each computes
// its value and its gradient in one compiled pass (a fused op, in float64;
// the cross-entropy of CE and NACL against hard labels in float32, as
// PyTorch does, through runtime/nn's per-pixel kernel) and averages over
// pixels (and classes, for the penalties):
//
//   - CE: cross-entropy.
//   - Focal{Gamma}: −(1−p_y)^γ log p_y; γ = 3 by default.
//   - LS{Alpha}: cross-entropy against (1−α)·onehot + α/C (PyTorch's
//     label_smoothing); α = 0.1.
//   - ECP{Alpha, Entropy}: cross-entropy minus α times the mean entropy
//     (Pereyra et al. 2017); α = 0.1. EntropyPerClass (the default, the
//     authors' code) averages −p_k log p_k over pixels and classes, with p
//     clamped to [1e−10, 1 − 1e−10]; EntropyPerPixel averages the entropy
//     over pixels, so its α is the authors' divided by C.
//   - SVLS{Sigma}: cross-entropy against the one-hot labels filtered with a
//     3×3 Gaussian (σ = 1) whose centre weight is replaced by the sum of
//     its neighbours and then renormalised (so the centre keeps half the
//     mass), with replicate padding (Islam and Glocker 2021).
//   - MbLS{Margin, Alpha}: cross-entropy + α · mean over pixels and classes
//     of relu(max_j l_j − l_k − m) (Liu et al. 2022); m = 10, α = 0.1.
//   - NACL: cross-entropy + λ · mean over pixels and classes of |τ_k − l_k|
//     on the raw logits, where τ_k is the share of class k in the k×k
//     window around the pixel; λ = 0.1, k = 3. Options: Distance L2
//     squares the difference; Prior PriorGaussian is the authors' Gaussian
//     prior (their SVLS kernel, σ = Sigma, 1 by default, replicate
//     padding), PriorGaussianNormalised a plain normalised k×k Gaussian.
//
// A zero parameter means its default (so ECP with α = 0 is not CE: use CE).
//
// # NACL at the image border
//
// The window of a border pixel reaches outside the image. The default,
// BorderAuthors, pads as the authors' code does for the chosen prior: for
// the mean prior it unfolds the label map with zero padding, and 0 is the
// background label, so outside neighbours count as background
// (BorderBackground); for the Gaussian prior its SVLS filter replicates
// the edge (BorderReplicate). MONAI's NACLLoss filters the one-hot map
// with zero padding, so they count as nothing and τ sums to less than one
// near the border: BorderIgnore. All are tested against PyTorch.
//
// # Checked against PyTorch
//
// testdata/gen_losses.py writes every loss in plain PyTorch from its
// definition (NACL's prior by unfold, as the authors do), evaluates value
// and gradient on a fixed (2, 3, 5, 6) input and stores them in
// testdata/losses.json; the tests compare to 1e-5 relative and also check
// gradients against finite differences. fidelity_test.go checks the
// authors' conventions (SVLS kernel, ECP's scale, CECE's class count, 3-D
// windows) on cases small enough to work out by hand.
//
// # Metrics
//
// Evaluate scores each image of probabilities (N, C, H, W), or each volume
// of (N, C, D, H, W); Summarize averages over images (volumes), as the
// paper does (per volume/image, then mean).
// Two families, named apart:
//
//   - the paper's: ECE, class-wise ECE (CECE), adaptive ECE (ACE, equal-mass
//     bins) and MCE with 15 bins over the foreground pixels (ground truth
//     not class 0). A pixel falls in bin (lo, hi] (lo < confidence ≤ hi,
//     with the edges compared exactly, so 0.2 is in (2/15, 3/15]). CECE
//     bins each class's probability over the same pixels against the
//     class indicator and averages over classes 0..max(label), as the
//     authors' code does (a probability of exactly 0 is in no bin);
//     CECEOverC (metric "CECE(C)") averages over all C classes.
//   - ECEAll, CECEAll, MCEAll: all pixels, 10 bins [lo, hi), as
//     calibration libraries such as netcal compute them by default.
//
// NLL and Brier are over all pixels. Dice and HD95 are per foreground
// class. HD95 is in pixels: each mask's surface is the mask minus its
// erosion by the 4-neighbour cross (outside the image counts as
// background), the distances from each surface to the other are pooled
// and their 95th percentile (linear interpolation) taken, as MedPy's hd95
// does.
//
// A volume is scored whole: its calibration errors bin all its foreground
// voxels, Dice counts voxels, and HD95 (HD95Volume) measures 3-D distances
// in voxels between 6-neighbour surfaces, as MedPy's hd95 does on a volume
// with unit spacing.
//
// Documented values, never panics: an image without foreground has NaN
// foreground ECE/CECE/ACE/MCE; a class absent from both prediction and
// truth has NaN Dice and HD95 0; a class present in only one has NaN
// HD95. Summarize leaves NaN out of its means and counts them in Missing.
//
// # Post-hoc calibration
//
// Temperature (Newton on 1/T, the NLL being convex in it), Vector (per-class
// scale and bias by full-batch Adam), Histogram (15 bins) and Isotonic
// (pool adjacent violators) implement Calibrator: Fit on validation logits
// and labels, Calibrate test logits into probabilities. Histogram binning
// and isotonic regression are one-vs-rest, renormalised over classes.
// The same calls take classification logits (N, C).
//
// # Data, model and training
//
// Synthetic draws a seeded task that exercises calibration at boundaries:
// a ring around a nested cavity and a third structure touching the ring,
// rendered with partial volume (4×4 supersampling), Gaussian blur, a smooth
// bias field and noise, with optional one-pixel label jitter at boundaries
// (annotator disagreement). SyntheticSplits applies it to the training and
// validation labels; the test set's Labels are the clean truth and its
// Annotated labels come from the same annotation process (the same
// jitter), and Experiment scores against both (the "vs annotated" rows).
// A model trained on jittered labels learns the annotators' uncertainty
// at boundaries, so its calibration against the clean truth and against
// labels drawn like its training labels can rank losses differently; the
// paper scores against expert annotations, i.e. labels from the same
// process as the training labels. LoadNIfTISlices reads
// 2-D slices of NIfTI-1 volumes (.nii, .nii.gz) with their label maps.
// SyntheticVolumes and SyntheticVolumeSplits draw the same task in 3-D
// (16³ volumes by default): an ellipsoid shell around a nested ellipsoid and
// a third ellipsoid touching it, at random 3-D orientations, with 4×4×4
// supersampled partial volume, 3-D blur, bias field, noise and optional
// 6-neighbour label jitter.
//
// NewUNet is a plain 2-D U-Net: conv3×3+ReLU twice per level, 2×2 max
// pooling, nearest ×2 upsampling, concatenated skips, 1×1 head, base width
// configurable (8 by default), PyTorch's initialisation. With Dims 3 it is
// the 3-D U-Net of the same design on runtime/nn's Conv3d, MaxPool3d and
// Upsample3d; Train picks it for volumes (Dims 0 follows the data). Train runs Adam
// (1e-3) and keeps the epoch with the best mean validation Dice. Experiment
// trains losses × seeds (one per core), scores them on the test set raw
// and after temperature scaling, and gives the results table.
//
// Predict records no graph: it holds the net's own parameters constant with
// tensor.NoGradFor (tensor.NoGrad is process-wide and Experiment trains
// several models at once).
//
// # Choices the paper leaves open
//
//   - NACL's border: the authors' padding by default; BorderIgnore is
//     MONAI's.
//   - NACL's Gaussian prior: the authors' (SVLS kernel, replicate padding)
//     by default; MONAI's GaussianFilter uses a wider truncated kernel
//     with zero padding, which yak does not offer; PriorGaussianNormalised
//     is yak's earlier plain Gaussian.
//   - NACL on volumes: the authors' public loss is 2-D; yak follows
//     MONAI's dim-3 NACLLoss (k×k×k windows), and builds the 3-D Gaussian
//     prior as SVLS's 3-D kernel.
//   - Empty classes in Dice and HD95: NaN and left out of means (above).
//   - HD95 pools both directed distance sets (MedPy), rather than taking
//     the larger of the two directed 95th percentiles (MONAI).
//   - Class-wise ECE averages over all classes, background included, on the
//     foreground pixels.
//   - The synthetic task's three seeds vary the network initialisation and
//     the batch order; the data (seed 1) stay the same.
package calib
