"""`yak run` against the real Jupyter stack.

The notebooks it writes must be valid nbformat 4.5, carry the yak kernelspec,
and hold the same kinds of output, cell by cell, as when the real Jupyter runs
them with the yak kernel (jupyter nbconvert --execute).
"""

import re
import subprocess

import nbformat
import pytest

from test_run_support import (
    NOTEBOOKS, chart_outputs, exports, jupyter_run_dir, read, yak, yak_run_dir,
)


def test_written_notebooks_are_valid_nbformat():
    out = yak_run_dir()
    for src in NOTEBOOKS:
        nb = read(out / (src.stem + ".ipynb"))
        nbformat.validate(nb)  # raises ValidationError
        assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
        assert nb.metadata.kernelspec.name == "yak"
        assert nb.metadata.kernelspec.display_name == "Go (yak)"
        assert nb.metadata.language_info.name == "go"
        ids = [c.id for c in nb.cells]
        assert len(set(ids)) == len(ids), f"{src.name}: duplicate cell ids"
        ran = [c for c in nb.cells if c.cell_type == "code" and c.execution_count]
        assert ran, f"{src.name}: no code cell ran"


def _signature(cell):
    """The kinds of output of a cell: consecutive streams of one name merged
    (how they split depends on timing), rich outputs by their MIME types."""
    sig = []
    for o in cell.get("outputs", []):
        if o.output_type == "stream":
            item = ("stream", o.name)
            if sig and sig[-1] == item:
                continue
        elif o.output_type == "error":
            item = ("error", o.ename)
        else:
            item = (o.output_type, tuple(sorted(o.data)))
        sig.append(item)
    return sig


def test_same_output_types_as_jupyter():
    ours, theirs = yak_run_dir(), jupyter_run_dir()
    compared = 0
    for src in NOTEBOOKS:
        a, b = read(ours / (src.stem + ".ipynb")), read(theirs / (src.stem + ".ipynb"))
        assert len(a.cells) == len(b.cells)
        for i, (ca, cb) in enumerate(zip(a.cells, b.cells)):
            if ca.cell_type != "code":
                continue
            assert _signature(ca) == _signature(cb), (
                f"{src.name} cell {i + 1}:\n  yak run: {_signature(ca)}\n  jupyter: {_signature(cb)}\n"
                f"source:\n{ca.source}")
            assert (ca.execution_count is None) == (cb.execution_count is None), f"{src.name} cell {i + 1}"
            compared += bool(ca.outputs)
    assert compared > 0, "no cell had outputs to compare"


def _write(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata.kernelspec = {"name": "yak", "display_name": "Go (yak)", "language": "go"}
    nbformat.write(nb, str(path))
    return path


def test_failing_cell_exit_status_and_message(tmp_path):
    nb = _write(tmp_path / "fails.ipynb", ['import "fmt"', 'var s []int\ns[3] = 1', 'fmt.Println("after")'])
    p = subprocess.run([yak(), "run", "--out", str(tmp_path / "out"), str(nb)], capture_output=True, text=True)
    assert p.returncode != 0
    assert "fails.ipynb: cell 2 (id " in p.stderr and "index out of range" in p.stderr, p.stderr
    # The results are still written, with the error in them.
    written = read(tmp_path / "out" / "fails.ipynb")
    assert [o.output_type for o in written.cells[1].outputs] == ["error"]
    assert written.cells[2].execution_count is None
    assert "index out of range" in (tmp_path / "out" / "fails.html").read_text()

    p = subprocess.run([yak(), "run", "--allow-errors", "--out", str(tmp_path / "out"), str(nb)],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert read(tmp_path / "out" / "fails.ipynb").cells[2].outputs[0].text == "after\n"


@pytest.mark.parametrize("content, message", [
    (None, "no such notebook"),
    ("{not json", "not valid JSON at line 1"),
    ('{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}', "yak reads nbformat 4"),
])
def test_bad_input_file(tmp_path, content, message):
    path = tmp_path / "in.ipynb"
    if content is not None:
        path.write_text(content)
    p = subprocess.run([yak(), "run", "--out", str(tmp_path), str(path)], capture_output=True, text=True)
    assert p.returncode != 0
    assert message in p.stderr and "in.ipynb" in p.stderr, p.stderr
    assert not (tmp_path / "in.html").exists()


def test_stdin_answers(tmp_path):
    nb = _write(tmp_path / "ask.ipynb", ['import "fmt"\n\nvar name string\nfmt.Print("name? ")\nfmt.Scanln(&name)\nfmt.Println("hello", name)'])
    answers = tmp_path / "answers.txt"
    answers.write_text("Ada\n")
    run = subprocess.run([yak(), "run", "--stdin", str(answers), "-o", str(tmp_path / "o.ipynb"),
                          "--html", str(tmp_path / "o.html"), str(nb)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    text = "".join(o.get("text", "") for o in read(tmp_path / "o.ipynb").cells[0].outputs)
    assert "hello Ada" in text, text


def _static_images(fragment):
    return len(re.findall(r"data:image/(?:svg\+xml|png)|<svg\b|!\[(?:svg|png)\]", fragment))


def test_exports_keep_static_charts():
    """nbconvert's HTML and Markdown exports of yak's notebooks still show each
    chart: every chart output carries an SVG or PNG, and both exports keep an
    image for each chart (the chart's HTML holds its static rendering)."""
    total = 0
    for src in NOTEBOOKS:
        nb = read(yak_run_dir() / (src.stem + ".ipynb"))
        charts = chart_outputs(nb)
        total += len(charts)
        for o in charts:
            assert {"image/svg+xml", "image/png"} & set(o.data), f"{src.name}: a chart without a static image"
        ids = [re.search(r'class="yak-chart" id="([^"]+)"', "".join(o.data["text/html"])).group(1) for o in charts]
        for fmt in ("html", "markdown"):
            text = exports(fmt)[src.stem].read_text()
            for cid in ids:
                at = text.find(f'id="{cid}"')
                assert at >= 0, f"{src.name}: the {fmt} export lost chart {cid}"
                end = text.find('class="yak-chart-plot"', at)
                assert end > at and _static_images(text[at:end]) >= 1, (
                    f"{src.name}: chart {cid} has no static image in the {fmt} export")
    assert total > 0, "no notebook shows a chart; the tour should"


def test_report_is_self_contained():
    for src in NOTEBOOKS:
        page = (yak_run_dir() / (src.stem + ".html")).read_text()
        for tag, attr, url in re.findall(r'<(script|link|img|iframe)\b[^>]*?\b(src|href)="([^"]*)"', page):
            assert url.startswith(("data:", "#")), f"{src.name}.html: <{tag} {attr}={url!r}> needs the network"
