"""Real-browser check of the reports: headless Chromium with no network opens
each HTML report that `yak run` wrote, and nbconvert's HTML export of the same
executed notebooks, and every chart must have drawn: its ECharts canvas (or
SVG) is shown and holds a picture, not a blank area.

Needs Debian's chromium and chromium-driver (.ci/run installs them); Selenium
drives the system chromedriver, so nothing is downloaded.
"""

import os
import pathlib
import shutil
import tempfile
import time

import nbformat
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from test_run_support import NOTEBOOKS, chart_outputs, exports, nbconvert, read, run, yak, yak_run_dir

# How long a page may take to decode the embedded ECharts and draw.
DRAW_TIMEOUT = 30

CHECK_JS = """
var out = [];
// Image grids (chart.Images) share the class but are static: no plot to draw.
document.querySelectorAll('.yak-chart:not(.yak-image-grid)').forEach(function (root) {
  var plot = root.querySelector('.yak-chart-plot'), r = {id: root.id, shown: false, drawn: false, kind: 'none'};
  if (plot) {
    r.shown = getComputedStyle(plot).display !== 'none' && plot.offsetWidth > 0 && plot.offsetHeight > 0;
    var c = plot.querySelector('canvas'), s = plot.querySelector('svg');
    if (c && c.width > 0 && c.height > 0) {
      r.kind = 'canvas';
      var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, colours = {}, n = 0, inked = 0;
      for (var i = 0; i < d.length; i += 4 * 5) {
        if (d[i + 3] > 0) {
          inked++;
          var k = d[i] + ',' + d[i + 1] + ',' + d[i + 2];
          if (!colours[k]) { colours[k] = 1; n++; }
        }
      }
      r.inked = inked; r.colours = n;
      r.drawn = inked > 200 && n >= 3;
    } else if (s) {
      r.kind = 'svg';
      r.drawn = s.querySelectorAll('path, rect, text').length > 3;
    }
  }
  out.push(r);
});
return {charts: out, resources: performance.getEntriesByType('resource').map(function (e) { return e.name; })};
"""


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    assert chromium and driver, "install Debian's chromium and chromium-driver (.ci/run does)"
    profile = tempfile.mkdtemp(prefix="yak-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--window-size=1200,900",
        "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
        # No network: names resolve nowhere and any proxied request fails.
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
    ]:
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(driver), options=opts)
    d.set_page_load_timeout(60)
    yield d
    d.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _check_page(browser, page, want_charts):
    browser.get(page.as_uri())
    deadline = time.time() + DRAW_TIMEOUT
    while True:
        got = browser.execute_script(CHECK_JS)
        charts = got["charts"]
        if (len(charts) == want_charts and all(c["shown"] and c["drawn"] for c in charts)) or time.time() > deadline:
            break
        time.sleep(0.25)
    shots = os.environ.get("YAK_SCREENSHOTS")
    if shots:
        pathlib.Path(shots).mkdir(parents=True, exist_ok=True)
        browser.execute_script("var c = document.querySelector('.yak-chart'); if (c) c.scrollIntoView();")
        browser.save_screenshot(str(pathlib.Path(shots) / (page.parent.name + "-" + page.stem + ".png")))
    bad = [c for c in charts if not (c["shown"] and c["drawn"])]
    logs = "\n".join(str(e) for e in browser.get_log("browser"))
    assert len(charts) == want_charts, f"{page}: {len(charts)} charts on the page, want {want_charts}"
    assert not bad, f"{page}: charts that did not draw: {bad}\nbrowser log:\n{logs}"
    return got


def _expected_charts():
    want = {src.stem: len(chart_outputs(read(yak_run_dir() / (src.stem + ".ipynb")))) for src in NOTEBOOKS}
    assert sum(want.values()) > 0, "no notebook shows a chart; the tour should"
    return want


def test_yak_reports_draw_charts_offline(browser):
    for stem, n in _expected_charts().items():
        got = _check_page(browser, yak_run_dir() / (stem + ".html"), n)
        remote = [r for r in got["resources"] if not r.startswith(("file:", "data:", "blob:"))]
        assert not remote, f"{stem}.html asked for {remote}"


def test_nbconvert_html_draws_charts_offline(browser):
    pages = exports("html")
    for stem, n in _expected_charts().items():
        _check_page(browser, pages[stem], n)


MATH_JS = """
var all = document.querySelectorAll('.math[data-tex]'), bad = [];
all.forEach(function (m) { if (!m.classList.contains('typeset')) bad.push(m.getAttribute('data-tex') + ' ' + (m.title || '')); });
return {state: document.documentElement.getAttribute('data-math'), n: all.length, bad: bad,
        mathml: document.querySelectorAll('.math.typeset math').length};
"""


def test_yak_reports_typeset_math_offline(browser):
    """Every formula of every executed notebook's report is typeset by the
    embedded KaTeX as MathML, with no network."""
    total = 0
    for src in NOTEBOOKS:
        page = yak_run_dir() / (src.stem + ".html")
        browser.get(page.as_uri())
        deadline = time.time() + DRAW_TIMEOUT
        while True:
            got = browser.execute_script(MATH_JS)
            if got["n"] == 0 or got["state"] or time.time() > deadline:
                break
            time.sleep(0.25)
        total += got["n"]
        if got["n"]:
            assert got["state"] == "typeset", f"{page}: KaTeX did not run ({got})"
            assert not got["bad"], f"{page}: formulas not typeset: {got['bad']}"
            assert got["mathml"] == got["n"], f"{page}: {got['mathml']} MathML formulas of {got['n']}"
    assert total > 0, "no formula in the shipped notebooks' reports"


def _twenty_charts(path):
    """A notebook of twenty line charts of 200 points each, with some math."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "yak", "display_name": "Go (yak)", "language": "go"}
    nb.cells.append(nbformat.v4.new_markdown_cell("# Twenty charts\n\nEach a line of 200 points: $y = \\sin(x/k)$."))
    nb.cells.append(nbformat.v4.new_code_cell(
        'import (\n\t"math"\n\n\t"github.com/yaknb/yak/plugins/chart"\n)\n\n'
        'func curve(k float64) ([]float64, []float64) {\n\txs, ys := make([]float64, 200), make([]float64, 200)\n'
        '\tfor i := range xs {\n\t\txs[i] = float64(i)\n\t\tys[i] = math.Sin(float64(i) / k)\n\t}\n\treturn xs, ys\n}'))
    for k in range(1, 21):
        nb.cells.append(nbformat.v4.new_code_cell(
            f'xs, ys := curve({k}.0)\nc := chart.Line("chart {k}", xs, ys)\nc.XLabel, c.YLabel = "x", "y"\nc'))
    nbformat.write(nb, str(path))


def test_twenty_charts_stay_small_and_interactive(browser, tmp_path):
    """A notebook with twenty charts stays under 1 MB executed, exported by
    nbconvert to HTML and as yak run's report, and every chart of both pages
    draws interactively offline (one ECharts copy per document)."""
    src = tmp_path / "charts20.ipynb"
    _twenty_charts(src)
    out = tmp_path / "out"
    run([yak(), "run", "--out", str(out), str(src)])
    nbconvert("--to", "html", "--output-dir", str(tmp_path / "export"), str(out / "charts20.ipynb"))
    # The same notebook run by the kernel, as JupyterLab or Notebook 7 would
    # run and save it (nbclient keeps each output as the kernel sent it).
    nbconvert("--execute", "--to", "notebook", "--ExecutePreprocessor.kernel_name=yak",
              "--output-dir", str(tmp_path / "kernel"), str(src))
    files = {"yak run .ipynb": out / "charts20.ipynb", "kernel-run .ipynb": tmp_path / "kernel" / "charts20.ipynb",
             "nbconvert HTML": tmp_path / "export" / "charts20.html", "yak run report": out / "charts20.html"}
    sizes = {k: p.stat().st_size for k, p in files.items()}
    print("twenty charts:", ", ".join(f"{k} {v / 1e6:.3f} MB" for k, v in sizes.items()))
    big = {k: v for k, v in sizes.items() if v >= 1_000_000}
    assert not big, f"over 1 MB: {big}"
    for nb in (files["yak run .ipynb"], files["kernel-run .ipynb"]):
        charts = chart_outputs(read(nb))
        assert len(charts) == 20, f"{nb}: {len(charts)} charts"
        assert all("application/vnd.yak.echarts+json" in o.data for o in charts), f"{nb}: charts without JSON"
    for page in (files["nbconvert HTML"], files["yak run report"]):
        text = page.read_text()
        assert text.count("data-yak-echarts=") == 1, f"{page}: want one ECharts copy"
        _check_page(browser, page, 20)
