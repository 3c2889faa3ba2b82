"""Headless Chromium (Debian's chromium and chromium-driver, through the
venv's Selenium) driving JupyterLab 4 and Notebook 7 as a user would.

The pages are opened with `expose_app_in_browser`, so a test can read the
notebook model (kernel status, execution counts) and put code into a cell
(typing into CodeMirror would fight its auto-closing brackets); everything a
user does is done on the real UI: the launcher card or the New menu creates
the notebook, the toolbar's run and interrupt buttons run and stop cells.
"""

import pathlib
import shutil
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from deploy_support import wait_for

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
    "--window-size=1400,1000",
    # No names resolve: the pages come from 127.0.0.1 and everything they
    # show (ECharts included, embedded by yak) must work without a network.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


class Browser:
    def __init__(self):
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        driver = shutil.which("chromedriver")
        assert chromium and driver, "install Debian's chromium and chromium-driver (.ci/run does)"
        self.profile = tempfile.mkdtemp(prefix="yak-deploy-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = chromium
        for arg in CHROMIUM_FLAGS + ["--user-data-dir=" + self.profile]:
            opts.add_argument(arg)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.d = webdriver.Chrome(service=Service(driver), options=opts)
        self.d.set_page_load_timeout(90)

    def console(self):
        try:
            return "\n".join(f"{e['level']} {e['message']}" for e in self.d.get_log("browser"))
        except Exception as e:  # noqa: BLE001 - only for failure reports
            return f"(no browser log: {e})"

    def quit(self):
        try:
            self.d.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)


# The current notebook panel of JupyterLab or Notebook 7 (both put it in the
# shell's currentWidget), and facts about its cells.
PANEL_JS = """
const app = window.jupyterapp;
if (!app || !app.shell) return null;
const w = app.shell.currentWidget;
if (!w || !w.content || !w.content.widgets || !w.sessionContext) return null;
"""

STATE_JS = PANEL_JS + """
const k = w.sessionContext.session && w.sessionContext.session.kernel;
return {
  kernel: k ? k.name : null,
  status: k ? k.status : null,
  display: w.sessionContext.kernelDisplayName,
  path: w.context.path,
  cells: w.content.widgets.map(c => ({
    count: c.model.executionCount,
    prompt: (c.node.querySelector('.jp-InputPrompt') || {}).textContent || '',
    text: (c.node.querySelector('.jp-OutputArea') || {}).innerText || '',
  })),
  active: w.content.activeCellIndex,
};
"""

SET_SOURCE_JS = PANEL_JS + """
const cell = w.content.activeCell;
cell.model.sharedModel.setSource(arguments[0]);
return w.content.activeCellIndex;
"""

CELL_NODE_JS = PANEL_JS + "return w.content.widgets[arguments[0]].node;"

# Reads the chart's canvas pixels: drawn means many inked pixels of several colours.
CANVAS_JS = """
const c = arguments[0].querySelector('.yak-chart canvas');
if (!c || !c.width || !c.height) return {drawn: false, why: 'no canvas'};
const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
const colours = new Set();
let inked = 0;
for (let i = 0; i < d.length; i += 4 * 3) {
  if (d[i + 3] > 0) { inked++; colours.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]); }
}
return {drawn: inked > 500 && colours.size >= 3, inked: inked, colours: colours.size,
        width: c.width, height: c.height};
"""


class NotebookUI:
    """One open notebook in a JupyterLab or Notebook 7 page."""

    def __init__(self, browser, shots, tag):
        self.b = browser
        self.d = browser.d
        self.shots = pathlib.Path(shots)
        self.tag = tag

    def state(self):
        return self.d.execute_script(STATE_JS)

    def wait_kernel_idle(self, timeout=90):
        return wait_for("the yak kernel to be idle", lambda: (s := self.state()) and s["kernel"] and
                        s["status"] == "idle" and s, timeout)

    def click_command(self, command):
        """Clicks the toolbar button of a notebook command (run, interrupt)."""
        sel = f'.jp-NotebookPanel-toolbar [data-command="{command}"]'
        el = wait_for(f"toolbar button {command}", lambda: [e for e in self.d.find_elements(By.CSS_SELECTOR, sel)
                                                           if e.is_displayed()], 30)[0]
        el.click()

    def run(self, code, timeout=60, wait=True):
        """Puts code into the active cell and runs it with the toolbar's run
        button; returns the cell's index (and waits for it to finish)."""
        i = self.d.execute_script(SET_SOURCE_JS, code)
        self.click_command("notebook:run-cell-and-select-next")
        if wait:
            self.wait_done(i, timeout)
        return i

    def wait_done(self, i, timeout=60):
        def done():
            s = self.state()
            c = s["cells"][i]
            return c["count"] is not None and "*" not in c["prompt"] and s["status"] == "idle" and c
        return wait_for(f"cell {i} to finish", done, timeout)

    def cell(self, i):
        return self.d.execute_script(CELL_NODE_JS, i)

    def shot(self, name, element=None):
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{self.tag}-{name}.png"
        if element is not None:
            self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
            time.sleep(0.3)
            element.screenshot(str(path))
        else:
            self.d.save_screenshot(str(path))
        assert path.stat().st_size > 1000, f"screenshot {path} is empty"
        return path


def png_ink(path):
    """Reads an 8-bit RGB/RGBA PNG (what Chromium's screenshots are) and
    returns (pixels that are not near-white, distinct colours): a blank
    screenshot of a chart has almost no ink and one or two colours."""
    import struct
    import zlib
    data = pathlib.Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype, interlace)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    prev, ink, colours = bytearray(stride), 0, set()
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):  # undo the row filter (PNG spec, section 9)
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, bpp):
            r, g, bl = line[x], line[x + 1], line[x + 2]
            if min(r, g, bl) < 235:
                ink += 1
            colours.add((r, g, bl))
        prev = line
    return ink, len(colours)
