// Package notebook reads, validates, executes and writes Jupyter notebooks
// (nbformat 4.5) for `yak run`.
//
// # Reading and writing
//
// Read and Parse accept nbformat 4.x notebooks. Older minor versions are
// upgraded to 4.5 on the way in: cells without an id get a stable one derived
// from their position and source, so the same input always gives the same
// output. Write validates the notebook it is about to save against the 4.5
// rules, then writes it atomically: the bytes go to a temporary file in the
// target directory, which is synced and renamed over the target, so a failure
// at any point leaves either the old file or none, never half a notebook.
//
// # Executing
//
// Execute runs a notebook's code cells in order with a kernel.Interpreter (the
// same engine the kernel uses) and records what each cell shows as nbformat
// outputs, the way a Jupyter front end would have stored them:
//
//   - consecutive writes to the same stream merge into one stream output;
//   - displays become display_data, a cell's value becomes execute_result
//     with the cell's execution_count;
//   - update_display_data replaces the data of every earlier output with the
//     same display_id, in any cell;
//   - clear_output removes the cell's outputs at once, or with wait, just
//     before the next output arrives;
//   - a failure becomes an error output.
//
// Each cell runs under its own timeout. Execution stops at the first failing
// cell unless Options.AllowErrors is set or the cell carries the
// "raises-exception" tag; cells tagged "skip-execution" are not run (both tags
// mean what they mean to nbclient, so a notebook behaves the same under
// `jupyter nbconvert --execute`). Code cells that were not run lose their old
// outputs, so a saved notebook never mixes outputs of two runs.
package notebook
