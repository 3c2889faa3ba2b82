// Package drm is domain-specific risk minimization (DRM; Zhang, Wang,
// Liang, Zhang, Yu, Wang, Tao, Xie, "Domain-Specific Risk Minimization for
// Out-of-Distribution Generalization", KDD 2023) with DomainBed-style
// multi-domain data sets, baselines and protocol.
//
// # Data
//
// A MultiDomain is a list of Domains sharing an input shape (C, H, W) and a
// label set. RotatedMNIST (0°, 15°, … 75°; bilinear rotation about the image
// centre, counter-clockwise), ColoredMNIST (DomainBed's recipe: 14×14, two
// channels, binary label digit < 5 with 25% label noise, colour flipped
// from the label with probability 0.1, 0.2 and 0.9 per domain) and
// RotatedFashionMNIST read local IDX files: the MNIST t10k set ships in
// notebooks/data/mnist; the full sets are looked for in ../shared/data and
// the standard places (MNISTDirs, FashionDirs). MNISTOptions{Split: "all"}
// is DomainBed's split: the 70,000 images of train and t10k shuffled with
// Seed and shared out equally across the domains (11,666 per angle, 23,333
// per colour), so that a new data seed rebuilds the domains. FromRows and
// FromDataset make one from a user's table with a domain column.
//
// # The method
//
// One featurizer, D+1 linear heads: one per training domain and one for all
// of them. A step draws Batch samples of every training domain and
// minimises the mean over domains i of
//
//	(CE(head_i(z_i), y_i) + CE(head_all(z_i), y_i)) / 2
//
// with Adam. At test time nothing says which domain a sample is from:
//
//   - the lowest-entropy rule runs each test batch through the head whose
//     mean softmax entropy on the batch is lowest (Probs.MinEntropyHead);
//   - the ensemble mixes the heads per sample with weights w_k ∝ H_k^(−γ),
//     H_k the entropy of head k on that sample (Probs.Weights, Gamma);
//   - online model steering: for each arriving test batch, the ensemble's
//     labels whose probability is at least β (Beta) become pseudo labels,
//     and SteerSteps Adam steps (SteerLR) lower the heads' mean
//     cross-entropy to them (with SteerAll, the featurizer's too). The
//     prediction returned for the batch is the one made before the steps;
//     the adapted weights carry over to the next batch and are reset
//     between test domains.
//
// # Choices where the paper is open
//
//   - The ensemble and the entropy rule use all D+1 heads, the shared one
//     included; DomainHeadsOnly leaves it out.
//   - Steering's loss is the mean over the heads of each head's
//     cross-entropy to the pseudo labels, so every head is pulled towards the
//     ensemble's consensus.
//   - A head of entropy 0 would get an infinite weight; entropies are
//     floored at 1e-8 first.
//   - Model selection (which checkpoint to keep) scores the ensemble on the
//     training domains' held-out parts.
//
// # Quirks of the authors' code, not copied by default
//
//  1. Confidence. The authors' steering code takes the softmax of the
//     ensemble's output, which is already a probability vector. A second
//     softmax squeezes every confidence towards 1/classes (with 10 classes
//     the largest possible value is e/(e+9) ≈ 0.23), so a threshold such as
//     0.9 is never met and the model is never steered; of their grid of
//     thresholds 0.1, 0.25, 0.75, 1.1, each keeps all samples or none.
//     Here the confidence is the ensemble probability itself (Argmax).
//  2. Step count. In the authors' adaptation loop, the loop variable
//     reuses the name of the configured number of steps and overwrites it,
//     so the configured count is not what runs. Here SteerSteps steps are
//     taken on every batch, exactly.
//  3. Their ensemble for steering sums the domain heads only, with weights
//     normalised over all D+1 heads, and their steering loss sums the
//     heads' cross-entropies.
//  4. Selection on test data. The authors' adaptation script runs a grid
//     of steering hyperparameters (threshold, γ, learning rate, steps,
//     labelling rule) and reports the setting with the best accuracy on
//     the test domain. yak does not: its steering settings are fixed
//     beforehand (Config), so its steering rows are not tuned on the data
//     they are scored on.
//
// DRM{AuthorsSteering: []float64{0.1, 0.25, 0.75, 1.1}} adds rows that
// steer exactly as the authors' code does (quirks 1 and 3; AuthorsPseudo),
// one per threshold, beside the corrected rule, so the difference can be
// measured.
//
// # Baselines and protocol
//
// Every algorithm implements Algorithm: ERM (with Tent: test-time entropy
// minimisation of the ERM model, on its linear head, or on everything with
// TentAll), CORAL and IRM (IRMv1 as DomainBed runs it) and DRM.
//
// Featurizers follow DomainBed's choice by input shape (DefaultFeaturizer):
// images get MNISTCNN, DomainBed's MNIST_CNN (four 3×3 convolutions of 64,
// 128, 128, 128 channels, the second of stride 2, each followed by ReLU and
// group normalisation in 8 groups, then the mean over pixels: 128
// features); tables get MLP(128, 2). MLP and CNN (a small two-block CNN)
// stay as named options, and a notebook cell may declare its own type with
// Forward, Parameters, Train and OutDim and pass a FeaturizerFunc making
// it.
//
// Experiment runs DomainBed's protocol: leave-one-domain-out, 20% of each
// training domain held out, the checkpoint with the best mean validation
// accuracy over training domains kept (its score in Results.Val), several
// seeds, trainings in parallel. Config.ValMax and TestMax bound the scoring
// cost for a reduced budget. HParams and RandomHParams are DomainBed's
// random hyperparameter search for small images (trial 0 its defaults; a
// trial's learning rate and batch size are shared by every algorithm, so
// all spend the same budget); bench/drm -search runs it and selects each
// algorithm's trial by training-domain validation. Results render as
// DomainBed tables (mean ± standard error over seeds, per held-out domain
// and on average), a bar chart per held-out domain and a table and
// heatmap of the heads the entropy rule picks.
//
// # Errors
//
// Data with fewer than two domains, an empty domain, values that do not
// match the declared shape, labels out of range or non-finite inputs are
// errors wrapping ErrData that say what is wrong.
package drm
