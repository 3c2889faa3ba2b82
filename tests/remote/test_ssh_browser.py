"""The JupyterLab browser test of tests/deploy, against a yak kernel that the
DistributedProvisioner started over SSH on 127.0.0.2 or 127.0.0.3.

JupyterLab 4 runs with the environment of ssh_support's cluster and a kernelspec written by
`yak install --ssh` under the name and display name of the local one, so the same UI steps run
unchanged (print, HTML, an ECharts chart drawn by the extension, a progress bar, the toolbar's
interrupt of an endless cell with state kept); then the kernel is checked to have run on one of
the SSH hosts, and to be gone once the server stopped.
"""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "deploy"))
from browser_support import Browser  # noqa: E402
from deploy_support import ARTIFACTS, VENV_BIN, Server, free_port, http_ok, wait_for  # noqa: E402
import test_deploy_browser as local  # noqa: E402

import ssh_support as ss  # noqa: E402


@pytest.fixture
def remote_lab():
    cluster = ss.Cluster(server=False, name="yak", display="Go (yak)")
    root = cluster.root
    (root / "notebooks").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(cluster.env())
    port = free_port()
    argv = [str(VENV_BIN / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={local.TOKEN}",
            f"--ServerApp.root_dir={root / 'notebooks'}", "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly", "--ServerApp.log_level=DEBUG"]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    server = Server(argv, ARTIFACTS / "lab-remote-server.log", env=env, cwd=root)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for("jupyter lab to serve", lambda: server.alive() and http_ok(f"{base}/api/status?token={local.TOKEN}"),
                 120, logs=[server.log])
        yield ("lab", base, server), cluster
    finally:
        server.stop()
        cluster.close()


@pytest.fixture
def browser():
    b = Browser()
    yield b
    b.quit()


def test_jupyterlab_with_a_remote_kernel(remote_lab, browser):
    (app, base, server), cluster = remote_lab
    local.test_notebook_in_browser((app, base, server), browser)
    log = server.log.read_text(errors="replace")
    launched = [h for h in ss.HOSTS if f"DistributedProvisioner: kernel launched.  Host: '{h}'" in log]
    assert launched, "the notebook's kernel was not started by the DistributedProvisioner"
    pids = cluster.yak_pids = ss.yak_kernels(cluster.yak)
    assert pids, "no remote yak kernel process while the notebook is open"
    server.stop()
    for p in pids:
        ss.wait_for(f"kernel {p} to end with the server", lambda p=p: not ss.alive(p), logs=cluster.logs())
