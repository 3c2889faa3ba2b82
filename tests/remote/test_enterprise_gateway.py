"""yak kernels through Jupyter Enterprise Gateway's DistributedProcessProxy over SSH.

EG is not among the test requirements (it pins its own Jupyter stack), so this runs only with
YAK_EG_PYTHON naming a Python whose environment has jupyter-enterprise-gateway (3.3.0 when this
was written); `make test` skips it. The spec is `yak install --enterprise-gateway --ssh`; EG
starts the kernel on one of ssh_support's two sshd hosts; a cell runs over EG's websocket, an
interrupt stops an endless cell with state kept, and shutdown leaves no kernel process.
"""

import os
import pathlib
import subprocess
import time
import uuid

import pytest

import launcher_support as ls
import ssh_support as ss

EG_PYTHON = os.environ.get("YAK_EG_PYTHON")
NAME = "yak_eg"


@pytest.fixture
def gateway():
    if not EG_PYTHON:
        pytest.skip("set YAK_EG_PYTHON to a Python with jupyter-enterprise-gateway to run this")
    c = ss.Cluster(server=False, name=NAME, display="Go (yak, EG SSH)")
    try:
        p = subprocess.run([str(c.yak), "install", "--prefix", str(c.prefix), "--name", NAME, "--display-name",
                            "Go (yak, EG SSH)", "--enterprise-gateway", "--ssh", "--remote-hosts", ",".join(ss.HOSTS),
                            "--env", "YAK_HISTORY_FILE=off"], capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        c.port, c.token = ls.free_port(), uuid.uuid4().hex
        env = dict(os.environ, **c.env(), EG_RESPONSE_IP="127.0.0.1", EG_RESPONSE_PORT=str(ls.free_port()),
                   EG_REMOTE_USER=c.user, EG_SSH_PORT=str(c.ssh_port), EG_KERNEL_LOG_DIR=str(c.kernel_logs))
        c.server_log = c.root / "enterprise-gateway.log"
        eg = str(pathlib.Path(EG_PYTHON).parent / "jupyter-enterprisegateway")
        c.server = subprocess.Popen([eg, "--ip=127.0.0.1", f"--port={c.port}", f"--EnterpriseGatewayApp.auth_token={c.token}",
                                     "--log-level=DEBUG"], stdout=open(c.server_log, "w"), stderr=subprocess.STDOUT,
                                    env=env, start_new_session=True)
        ss.wait_for("Enterprise Gateway", lambda: c.api("GET", "/api/kernelspecs") is not None, logs=[c.server_log])
        yield c
    finally:
        c.close()


def test_enterprise_gateway_runs_yak_over_ssh(gateway):
    c = gateway
    # EG refuses kernels for root (unauthorized_users); KERNEL_USERNAME is the client's user name.
    kid = c.api("POST", "/api/kernels", {"name": NAME, "env": {"KERNEL_USERNAME": "yak-tester"}})["id"]
    log = c.server_log.read_text(errors="replace")
    assert "DistributedProcessProxy" in log and f"ID: {kid}" in log
    pids = ss.yak_kernels(c.yak)
    assert len(pids) == 1
    ws = c.ws(kid)
    try:
        assert ws.execute("x := 41\nx + 1")[1] == "42"
        msg_id = ws.send("for {\n}")
        ws.wait_started(msg_id)
        time.sleep(0.3)
        c.api("POST", f"/api/kernels/{kid}/interrupt")
        reply, _ = ws.result(msg_id, timeout=30)
        assert reply["ename"] == "Interrupted", reply
        assert ws.execute("x")[1] == "41"
    finally:
        ws.close()
    c.api("DELETE", f"/api/kernels/{kid}")
    ss.wait_for("the kernel to end", lambda: not ss.alive(pids[0]), logs=c.logs())
    assert ss.yak_kernels(c.yak) == []
