"""JupyterLab 4 and Notebook 7 in headless Chromium with the yak kernel.

Each test starts the real server from the venv on 127.0.0.1 (free port,
token, temporary root and Jupyter dirs) with yak's spec installed as the
README's deployment section says (PREFIX/bin/yak, `yak install --prefix`,
JUPYTER_PATH), creates a "Go (yak)" notebook from the UI, runs cells that
print, display HTML, draw an ECharts chart (through the JupyterLab extension
that `yak install` installs; hovering it shows a tooltip) and show a progress bar, stops an
endless cell with the toolbar's interrupt button, and checks that the kernel
comes back with its state. Screenshots go to testout/deploy/ and are checked:
the chart's canvas holds a drawing (its pixels are read).
"""

import os
import shutil
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from browser_support import CANVAS_JS, Browser, NotebookUI, png_ink
from deploy_support import (ARTIFACTS, VENV_BIN, Server, deploy_prefix, free_port, http_ok,
                            shared_tempdir, tail, wait_for)

TOKEN = "yak-deploy-test-token"

CELLS = {
    "print": 'import "fmt"\n\nx := 41\nfmt.Println("hello from yak", x+1)',
    "html": 'import "github.com/yaknb/yak/display"\n\n'
            'display.HTML(`<b id="yak-html-check">rich <i>HTML</i> from Go</b>`)',
    "chart": 'import "github.com/yaknb/yak/plugins/chart"\n\n'
             'xs := []float64{0, 1, 2, 3, 4, 5, 6, 7}\n'
             'c := chart.Line("squares", xs, []float64{0, 1, 4, 9, 16, 25, 36, 49}).\n'
             '\tAdd("cubes/8", xs, []float64{0, 0.125, 1, 3.375, 8, 15.625, 27, 42.875})\n'
             'c.Title, c.XLabel, c.YLabel = "deployment check", "x", "y"\n'
             'c',
    "progress": 'import "time"\n\n'
                'p := display.NewProgress(5, "steps")\n'
                'for i := 0; i < 5; i++ {\n\ttime.Sleep(40 * time.Millisecond)\n\tp.Set(i+1, "loss", 1/float64(i+1))\n}',
    "endless": "for {\n}",
    "after": 'fmt.Println("x is still", x)',
}


@pytest.fixture(params=["lab", "notebook"])
def jupyter(request):
    """The server (`jupyter lab` or `jupyter notebook`) and its base URL."""
    app = request.param
    root = shared_tempdir(f"yak-deploy-{app}-")
    prefix, _ = deploy_prefix(root / "opt")
    for d in ("notebooks", "config", "data", "runtime", "home"):
        (root / d).mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_PATH=str(prefix / "share" / "jupyter"), JUPYTER_CONFIG_DIR=str(root / "config"),
               JUPYTER_DATA_DIR=str(root / "data"), JUPYTER_RUNTIME_DIR=str(root / "runtime"),
               HOME=str(root / "home"), XDG_DATA_HOME=str(root / "home" / "data"))
    port = free_port()
    app_class = "LabApp" if app == "lab" else "JupyterNotebookApp"
    argv = [str(VENV_BIN / "jupyter"), app, "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={root / 'notebooks'}", f"--{app_class}.expose_app_in_browser=True"]
    if app == "lab":  # no update checks, news or extension index from the network (Notebook 7 has none)
        argv += ["--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                 "--LabApp.extension_manager=readonly"]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    server = Server(argv, ARTIFACTS / f"{app}-server.log", env=env, cwd=root)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"jupyter {app} to serve", lambda: server.alive() and http_ok(f"{base}/api/status?token={TOKEN}"),
                 120, logs=[server.log])
        yield app, base, server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def browser():
    b = Browser()
    yield b
    b.quit()


def open_yak_notebook(app, base, b):
    """Creates a "Go (yak)" notebook from the UI: the launcher's card in
    JupyterLab, the New menu of the file browser in Notebook 7 (which opens
    the notebook in a new tab)."""
    d = b.d
    if app == "lab":
        d.get(f"{base}/lab?token={TOKEN}")
        card = '.jp-LauncherCard[data-category="Notebook"][title="Go (yak)"]'
        wait_for("the launcher's Go (yak) card", lambda: d.find_elements(By.CSS_SELECTOR, card), 120)[0].click()
    else:
        d.get(f"{base}/tree?token={TOKEN}")
        menu = '[data-jp-item-name="new-dropdown"] .lm-MenuBar-item'
        wait_for("the New menu", lambda: d.find_elements(By.CSS_SELECTOR, menu), 120)[0].click()
        items = wait_for("the New menu's items", lambda: [
            e for e in d.find_elements(By.CSS_SELECTOR, '.lm-Menu-item[data-command="notebook:create-new"]')
            if e.text.strip() == "Go (yak)"], 30)
        before = set(d.window_handles)
        items[0].click()
        new = wait_for("the notebook's tab", lambda: set(d.window_handles) - before, 30)
        d.switch_to.window(new.pop())


def test_notebook_in_browser(jupyter, browser):
    app, base, server = jupyter
    ui = NotebookUI(browser, ARTIFACTS, app)
    (ARTIFACTS / f"{app}-failure.png").unlink(missing_ok=True)  # from an earlier failed run
    try:
        open_yak_notebook(app, base, browser)
        s = ui.wait_kernel_idle(120)
        assert s["kernel"] == "yak" and s["display"] == "Go (yak)", s

        i = ui.run(CELLS["print"])
        assert "hello from yak 42" in ui.state()["cells"][i]["text"]

        i = ui.run(CELLS["html"])
        b = ui.cell(i).find_element(By.CSS_SELECTOR, ".jp-OutputArea #yak-html-check")
        assert b.text == "rich HTML from Go" and b.find_element(By.TAG_NAME, "i").text == "HTML"

        i = ui.run(CELLS["chart"], timeout=90)
        chart_cell = ui.cell(i)
        # yak install put the chart extension beside the kernelspec: it draws
        # the chart's JSON with its own ECharts (the output's HTML carries none).
        wait_for("the chart extension's output", lambda: chart_cell.find_elements(
            By.CSS_SELECTOR, ".jp-OutputArea .yak-chart-mime[data-yak-drawn]"), 60)
        assert not chart_cell.find_elements(By.CSS_SELECTOR, ".yak-chart-static"), "the HTML fallback was shown"
        drawn = wait_for("the ECharts canvas to be drawn",
                         lambda: (r := browser.d.execute_script(CANVAS_JS, chart_cell))["drawn"] and r, 60)
        assert drawn["width"] >= 300 and drawn["height"] >= 200, drawn
        # Interactive: hovering the plot shows ECharts' tooltip with both series.
        plot = chart_cell.find_element(By.CSS_SELECTOR, ".yak-chart-mime .yak-chart-plot")
        ActionChains(browser.d).move_to_element_with_offset(plot, 40, 0).perform()
        tip = wait_for("the chart's tooltip on hover", lambda: [
            t for t in plot.find_elements(By.CSS_SELECTOR, "div") if "squares" in t.text and "cubes/8" in t.text], 20)
        assert tip[0].is_displayed(), "the tooltip is not shown"
        shot = ui.shot("chart", chart_cell.find_element(By.CSS_SELECTOR, ".yak-chart"))
        ink, colours = png_ink(shot)  # the picture itself: lines, axes, anti-aliasing
        assert ink > 2000 and colours > 20, f"{shot} looks blank: {ink} inked pixels, {colours} colours"

        i = ui.run(CELLS["progress"])
        bar = ui.cell(i).find_element(By.CSS_SELECTOR, ".jp-OutputArea .yak-progress")
        assert "steps" in bar.text and "100%" in bar.text and "5/5" in bar.text, bar.text
        assert len(ui.cell(i).find_elements(By.CSS_SELECTOR, ".yak-progress")) == 1  # updated in place
        ui.shot("outputs")

        # An endless cell, stopped with the toolbar's interrupt button.
        i = ui.run(CELLS["endless"], wait=False)
        wait_for("the endless cell to run", lambda: (s := ui.state())["status"] == "busy"
                 and "*" in s["cells"][i]["prompt"], 30)
        time.sleep(1)
        ui.shot("running")
        started = time.monotonic()
        ui.click_command("notebook:interrupt-kernel")
        stopped = ui.wait_done(i, 30)
        took = time.monotonic() - started
        assert "interrupt" in stopped["text"].lower(), stopped
        j = ui.run(CELLS["after"])
        assert "x is still 41" in ui.state()["cells"][j]["text"]
        ui.shot("interrupted")
        print(f"{app}: interrupt took {took:.2f}s; chart canvas {drawn}")
    except BaseException:
        print(tail(server.log, 60))
        print("--- browser console\n" + browser.console())
        try:
            ui.shot("failure")
        except Exception as e:  # noqa: BLE001
            print("no failure screenshot:", e)
        raise
