"""Shared, memoised steps of the `yak run` and report tests (no tests here).

Running every notebook takes a while, so each step runs once per pytest
session and the test files share the results: `yak run` over notebooks/, the
same notebooks executed by the real Jupyter (nbconvert with the yak
kernelspec installed into a temporary JUPYTER_PATH), and nbconvert's HTML and
Markdown exports of yak's executed notebooks.
"""

import atexit
import functools
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import nbformat

from kernel_support import yak  # noqa: F401 - the test files import it from here

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# YAK_RUN_NOTEBOOKS="00-tour other" narrows the run while working on one notebook.
if os.environ.get("YAK_RUN_NOTEBOOKS"):
    NOTEBOOKS = [p for p in NOTEBOOKS if p.stem in os.environ["YAK_RUN_NOTEBOOKS"].split()]

# Cells may train small models: generous, but a hung cell still ends the run.
CELL_TIMEOUT = 600


def run(cmd, **kw):
    """Runs cmd and fails with its output when it fails."""
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert p.returncode == 0, f"{cmd} exited {p.returncode}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}"
    return p


def once(fn):
    """Like functools.cache, but a failure is remembered too: the tests that
    share a failed step fail at once instead of running it again."""
    results = {}

    @functools.wraps(fn)
    def wrapper(*args):
        if args not in results:
            try:
                results[args] = (True, fn(*args))
            except BaseException as e:  # noqa: BLE001 - re-raised below, for every caller
                results[args] = (False, e)
        ok, value = results[args]
        if not ok:
            raise value
        return value
    return wrapper


def _tmp(name):
    """A fresh directory, removed when the session ends (kept when
    YAK_KEEP_TEST_OUTPUT is set, to look at the reports)."""
    path = pathlib.Path(tempfile.mkdtemp(prefix=f"yak-{name}-"))
    if not os.environ.get("YAK_KEEP_TEST_OUTPUT"):
        atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@once
def yak_run_dir():
    """`yak run --out DIR notebooks/*.ipynb`: DIR holds NAME.ipynb and NAME.html."""
    assert NOTEBOOKS, "notebooks/ holds no notebooks"
    out = _tmp("run")
    run([yak(), "run", "--out", str(out), "--timeout", f"{CELL_TIMEOUT}s", *map(str, NOTEBOOKS)])
    return out


@once
def jupyter_env():
    """An environment whose JUPYTER_PATH holds only the yak kernelspec."""
    prefix = _tmp("jupyter")
    run([yak(), "install", "--prefix", str(prefix)])
    env = dict(os.environ)
    env["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
    env["JUPYTER_DATA_DIR"] = str(prefix / "data")
    env["JUPYTER_CONFIG_DIR"] = str(prefix / "config")
    env["JUPYTER_RUNTIME_DIR"] = str(prefix / "runtime")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    spec = prefix / "share" / "jupyter" / "kernels" / "yak" / "kernel.json"
    assert spec.exists(), f"yak install --prefix did not write {spec}"
    return env


def nbconvert(*args, env=None):
    return run([sys.executable, "-m", "nbconvert", *args], env=env or jupyter_env())


@once
def jupyter_run_dir():
    """The notebooks executed by the real Jupyter: nbconvert --execute."""
    out = _tmp("nbconvert")
    nbconvert(
        "--execute", "--to", "notebook", "--output-dir", str(out),
        "--ExecutePreprocessor.kernel_name=yak",
        f"--ExecutePreprocessor.timeout={CELL_TIMEOUT}",
        *map(str, NOTEBOOKS),
    )
    return out


@once
def exports(fmt):
    """nbconvert --to FMT of each notebook that yak run executed: {name: path}."""
    src = yak_run_dir()
    out = _tmp("export-" + fmt)
    paths = [str(src / (nb.stem + ".ipynb")) for nb in NOTEBOOKS]
    nbconvert("--to", fmt, "--output-dir", str(out), *paths)
    ext = {"html": ".html", "markdown": ".md"}[fmt]
    return {nb.stem: out / (nb.stem + ext) for nb in NOTEBOOKS}


def read(path):
    return nbformat.read(str(path), as_version=4)


def is_chart(output):
    html = output.get("data", {}).get("text/html", "")
    if isinstance(html, list):
        html = "".join(html)
    return 'class="yak-chart"' in html


def chart_outputs(nb):
    """The chart outputs of an executed notebook, in order."""
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if is_chart(o)]
