"""yak kernels on two SSH hosts through gateway_provisioners' DistributedProvisioner.

A real jupyter_server starts the kernels (kernelspec written by `yak install --ssh`),
round-robin over two sshd "hosts" on 127.0.0.2 and 127.0.0.3 (ssh_support.py); cells run
over the server's kernel websocket as JupyterLab sends them. Interrupts and restarts go
through the provisioner (signals on the launcher's communication port), and every test
checks that the kernel processes it ended are gone. YAK_KEEP_SSH_LOGS=1 keeps the logs.
"""

import contextlib
import os
import pwd
import signal
import time
import urllib.error

import pytest

import ssh_support as ss


@pytest.fixture(scope="module")
def cluster():
    c = ss.Cluster()
    yield c
    c.close()


@contextlib.contextmanager
def kernel(c):
    kid = c.start_kernel()
    ws = c.ws(kid)
    try:
        yield kid, ws
    finally:
        ws.close()
        with contextlib.suppress(urllib.error.HTTPError):
            c.api("DELETE", f"/api/kernels/{kid}")


def launched(c, kid):
    return ss.wait_for(f"the launch of {kid} in the server log", lambda: c.launched(kid), logs=c.logs())


def gone(c, pid):
    ss.wait_for(f"kernel process {pid} to end", lambda: not ss.alive(pid), logs=c.logs())


def test_round_robin_over_both_hosts(cluster):
    c = cluster
    with kernel(c) as (k1, ws1), kernel(c) as (k2, ws2):
        (h1, p1), (h2, p2) = launched(c, k1), launched(c, k2)
        assert {h1, h2} == set(ss.HOSTS), f"kernels on {h1} and {h2}"
        assert ss.alive(p1) and ss.alive(p2)
        uid = pwd.getpwnam(c.user).pw_uid
        assert [os.stat(f"/proc/{p}").st_uid for p in (p1, p2)] == [uid, uid], f"kernels not run as {c.user}"
        for ws, n in ((ws1, 1), (ws2, 2)):
            reply, out = ws.execute(f'import "fmt"\nhost := {n}\nfmt.Println("on", host)\nhost * 10')
            assert reply["status"] == "ok", reply
            assert out == f"on {n}\n{n * 10}"
    for p in (p1, p2):
        gone(c, p)


def test_interrupt_stops_the_cell_and_keeps_state(cluster):
    c = cluster
    with kernel(c) as (kid, ws):
        assert ws.execute("n := 7")[0]["status"] == "ok"
        msg_id = ws.send("for {\n}")
        ws.wait_started(msg_id)
        time.sleep(0.3)
        c.api("POST", f"/api/kernels/{kid}/interrupt")  # interrupt_mode signal: SIGINT via the comm port
        reply, out = ws.result(msg_id, timeout=30)
        assert reply["status"] == "error" and reply["ename"] == "Interrupted", reply
        reply, out = ws.execute("n + 1")
        assert (reply["status"], out) == ("ok", "8")


def test_restart_replaces_the_process(cluster):
    c = cluster
    with kernel(c) as (kid, ws):
        _, before = launched(c, kid)
        assert ws.execute("kept := 1")[0]["status"] == "ok"
        c.api("POST", f"/api/kernels/{kid}/restart")
        _, after = ss.wait_for("the relaunch", lambda: (c.launched(kid) or (None, before))[1] != before and c.launched(kid), logs=c.logs())
        gone(c, before)
        assert ss.alive(after)
        ws2 = c.ws(kid)
        try:
            reply, out = ws2.execute("kept")
            assert reply["status"] == "error" and out == "CompileError", (reply, out)  # a fresh interpreter
            assert ws2.execute("1 + 1")[1] == "2"
        finally:
            ws2.close()
    gone(c, after)


def test_shutdown_leaves_no_process_on_either_host(cluster):
    c = cluster
    kids = [c.start_kernel() for _ in range(2)]
    pids = [launched(c, k)[1] for k in kids]
    for k in kids:
        c.api("DELETE", f"/api/kernels/{k}")
    for p in pids:
        gone(c, p)
    assert ss.yak_kernels(c.yak) == [], "yak kernels left running"
    assert c.api("GET", "/api/kernels") == []


def test_a_kernel_whose_host_dies_is_reported(cluster):
    """The host goes down (its sshd and the kernel killed): the server's restarter polls the
    provisioner, which finds the communication port closed, and reports the kernel restarting
    (then relaunches it on a live host, or gives up and reports it dead) instead of hanging."""
    c = cluster
    kid = c.start_kernel()
    ws = c.ws(kid)
    try:
        host, pid = launched(c, kid)
        assert ws.execute("x := 1")[0]["status"] == "ok"
        c.hosts[host].stop()
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while not {"restarting", "dead"} & set(ws.statuses):
            assert time.monotonic() < deadline, f"no restarting/dead status after the host died; statuses {ws.statuses}"
            with contextlib.suppress(Exception):
                ws.next(1)
        # A new kernel that round-robin sends to the dead host fails with an error, fast (the
        # restarter's own relaunches also take turns, so try a few).
        errors = 0
        for _ in range(6):
            if errors:
                break
            t = time.monotonic()
            try:
                k = c.start_kernel()
                c.api("DELETE", f"/api/kernels/{k}")
            except urllib.error.HTTPError as e:
                errors += 1
                assert time.monotonic() - t < 30, "the unreachable host was not reported within the launch timeout"
                assert e.code == 500
        assert errors >= 1, "no launch went to the dead host"
        assert f"Failure occurred starting kernel on '{host}'" in c.server_log.read_text(errors="replace")
    finally:
        ws.close()
        with contextlib.suppress(urllib.error.HTTPError):
            c.api("DELETE", f"/api/kernels/{kid}")
        c.hosts[host].start()
    assert ss.yak_kernels(c.yak) == [], "yak kernels left running"
