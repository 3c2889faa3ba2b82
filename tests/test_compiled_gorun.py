"""main() in a notebook prints what `go run` prints, through `yak run`.

tests/testdata/gorun holds small programs on what the interpreter got wrong
(issue 16): reflect on struct types, %v/%+v/%#v/%T of structs, Stringers
and errors of the program's types, generics with constraints, goroutines
and channels, select, panics and recover, defer order, closures in loops,
JSON round trips, interfaces and type switches, embedding, method values,
constants, iterators, sort and heap, package initialisation order. A line
`// %%` separates the cells a user would write one per declaration.

Each program is built with the Go toolchain here and run: its output is
the expectation. The notebook holds the program as one whole-program cell,
then its declarations one per cell and a `main()` cell (both run compiled);
the output of each must equal go run's.
"""

import os
import pathlib
import re
import shutil
import subprocess

import nbformat
import pytest

import kernel_support as ks

PROGRAMS = sorted((pathlib.Path(__file__).resolve().parent / "testdata" / "gorun").glob("*.go"))
GO = os.environ.get("YAK_GO") or shutil.which("go")  # the toolchain yak compiles main() with
SEP = re.compile(r"^// %%\n", re.M)

pytestmark = pytest.mark.skipif(GO is None or GO.lower() == "off",
                                reason="needs the Go toolchain (go on PATH, YAK_GO not off)")


def go_run(src, tmp):
    """Builds and runs the program as `go run` would: (stdout, exit code)."""
    (tmp / "main.go").write_text(src)
    # A file outside any module: the toolchain's own language version.
    subprocess.run([GO, "build", "-o", "prog", "main.go"], cwd=tmp, check=True, capture_output=True, timeout=300)
    p = subprocess.run([str(tmp / "prog")], cwd=tmp, capture_output=True, text=True, timeout=60)
    return p.stdout, p.returncode


def stdout_of(cell):
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_main_prints_what_go_run_prints(program, tmp_path):
    src = program.read_text()
    (tmp_path / "go").mkdir()
    want, code = go_run(SEP.sub("", src), tmp_path / "go")
    assert code == 0 and want, f"{program.name} must run cleanly under go run"
    body = src.replace("package main\n", "", 1)
    cells = [SEP.sub("", src)] + [c.strip("\n") for c in SEP.split(body) if c.strip()] + ["main()"]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata.kernelspec = {"name": "yak", "display_name": "Go (yak)", "language": "go"}
    path = tmp_path / (program.stem + ".ipynb")
    nbformat.write(nb, str(path))
    out = tmp_path / "out.ipynb"
    p = subprocess.run([ks.yak(), "run", "-o", str(out), str(path)], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    ran = nbformat.read(str(out), 4)
    assert stdout_of(ran.cells[0]) == want, "the whole-program cell"
    assert stdout_of(ran.cells[-1]) == want, "main() after one cell per declaration"
