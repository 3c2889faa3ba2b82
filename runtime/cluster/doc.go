// Package cluster is k-means for the runtime: k-means++ initialisation,
// Lloyd iterations over both cores, nearest-centre queries and inertia, on
// row-major float32 data (n points × dim values).
//
// # Speed
//
// The distance from every point to every centre is one matrix multiply per
// chunk of 256 points through runtime/gemm: the points carry an extra column
// of ones and the centres are stored as [-2c | ‖c‖²], so the product is
// ‖c‖² − 2x·c, the squared distance less ‖x‖², whose arg-min is the nearest
// centre. This form loses precision when a point is very close to a centre
// (cancellation), which can only swap near-ties; the inertia reported is
// recomputed exactly, in float64, from the differences.
//
// # Determinism
//
// The same data, options and seed give the same centres, labels and inertia
// whatever the number of threads: every sum is taken in an order that does
// not depend on how the work is split.
//
// # Compatibility
//
// Initialisation, stopping rule and empty-cluster handling follow
// scikit-learn's KMeans(algorithm="lloyd") (greedy k-means++ with 2+ln k
// local trials, tolerance relative to the mean column variance, an empty
// cluster takes the point farthest from its centre), so iteration counts and
// timings compare; see bench/kmeans.py.
package cluster
