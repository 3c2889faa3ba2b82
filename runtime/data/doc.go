// Package data loads and prepares the tables and images the notebooks
// train on: CSV files with a header and a label column, IDX files (the
// MNIST format), gzipped or not; standardisation fitted on the training part;
// seeded shuffles, train/validation/test splits and mini-batches.
//
// # Files
//
// Nothing is downloaded: loaders read local files, and a missing file gives
// an error (wrapping ErrNotFound) that names the path and where such data
// can be found. Gzip is recognised by its magic bytes, not the file name.
//
// # Errors
//
// A bad header, a ragged row or a non-numeric value is an error that names
// the file, line and column (ErrHeader, ErrRagged, ErrNumeric, ErrIDX).
//
// # Reproducibility
//
// Every shuffle takes a seed: the same seed gives the same order, and each
// epoch of Batches draws a new order from the seed and the epoch number.
package data
