// Package display turns Go values into Jupyter rich outputs (MIME bundles) and
// sends them to whoever runs the cell: the yak kernel or `yak run`.
//
// It is a leaf package: it imports nothing of yak, so plugins, the runtime's
// callers and compiled programs can all use it.
package display
