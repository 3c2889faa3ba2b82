// Package spec writes yak's Jupyter kernelspec: the kernels/<name>/ directory
// with kernel.json and the logos front ends show in their launchers.
//
// # Where specs go
//
// Jupyter looks for kernelspecs in the kernels/ folder of each of its data
// directories. Dir maps yak install's flags onto them: --user is the user's
// Jupyter data directory ($JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter,
// else ~/.local/share/jupyter), --sys-prefix the active Python environment
// ($VIRTUAL_ENV or $CONDA_PREFIX)/share/jupyter, --prefix DIR is
// DIR/share/jupyter, and no flag is the system-wide /usr/local/share/jupyter.
//
// # Atomic installs
//
// Install builds the whole spec in a temporary sibling directory and renames
// it into place, so an interrupted or failed install never leaves a
// half-written spec that Jupyter would list.
//
// # Logos
//
// The logos are drawn by code (logo.go) rather than shipped as binary files:
// the PNGs and the SVG come from the same shape description.
package spec
