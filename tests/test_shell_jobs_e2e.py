"""Background jobs of shell commands, end to end through jupyter_client.

`!sleep 300 &` leaves a job that runs on after its cell (a server a user
starts on purpose): it is the kernel's for life. A later cell's stop button
does not reach it, %jobs lists it and %kill stops it, and it ends with the
kernel: shutdown, restart, and a SIGKILL of the kernel's process (the
watchdog of kernel/goengine/internal/childproc). Processes are checked
gone in /proc; each step waits for an event with a generous deadline, so a
loaded machine makes the tests slower, not red.
"""

import os
import pathlib
import re
import sys
import time

import pytest

import kernel_support as ks

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads process states from /proc")


def text(outs, name=None):
    return "".join(m["content"]["text"] for m in outs
                   if m["msg_type"] == "stream" and name in (None, m["content"]["name"]))


def exe_of(pid):
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return None


def running(pid, exe):
    """Whether pid is still a live process of exe (a reaped pid may be reused)."""
    if exe_of(pid) != exe:
        return False
    try:
        state = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_gone(pid, exe, what, timeout=60):
    deadline = time.monotonic() + timeout
    while running(pid, exe) and time.monotonic() < deadline:
        time.sleep(0.05)
    if running(pid, exe):
        os.kill(pid, 9)
        pytest.fail(f"{what}: the job {pid} still runs")


def start_job(kc):
    """Runs `!sleep 300 & echo $!` and returns the job's pid and executable."""
    reply, outs = ks.execute(kc, "!sleep 300 & echo $!")
    assert reply["status"] == "ok", (reply, outs)
    m = re.fullmatch(r"(\d+)\n", text(outs, "stdout"))
    assert m, outs
    assert "runs on in the background" in text(outs, "stderr"), outs
    pid = int(m.group(1))
    exe = exe_of(pid)
    assert exe and running(pid, exe), f"the job {pid} does not run after its cell"
    return pid, exe


def test_job_dies_with_a_sigkilled_kernel():
    km, kc, _ = ks.start()
    proc = km.provisioner.process
    try:
        pid, exe = start_job(kc)
        reply, outs = ks.execute(kc, '!echo another cell')
        assert reply["status"] == "ok" and text(outs) == "another cell\n", (reply, outs)
        assert running(pid, exe), "the job ended with the next cell"
        proc.kill()
        proc.wait(timeout=60)
        wait_gone(pid, exe, "after the kernel's SIGKILL")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.mark.parametrize("how", ["shutdown", "restart"])
def test_job_ends_with_shutdown_and_restart(how):
    km, kc, _ = ks.start()
    try:
        pid, exe = start_job(kc)
        if how == "restart":
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=ks.TIMEOUT)
            wait_gone(pid, exe, "after a restart")
            reply, outs = ks.execute(kc, "%jobs")
            assert reply["status"] == "ok" and text(outs).startswith("no background jobs"), (reply, outs)
        else:
            kc.stop_channels()
            km.shutdown_kernel(now=False)
            wait_gone(pid, exe, "after a shutdown")
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)


def test_interrupt_leaves_an_earlier_job_and_kill_stops_it(tmp_path):
    km, kc, _ = ks.start()
    try:
        pid, exe = start_job(kc)
        started = tmp_path / "started"
        msg_id = kc.execute(f"!touch {started}; sleep 300")
        deadline = time.monotonic() + ks.TIMEOUT
        while not started.exists():
            assert time.monotonic() < deadline, "the foreground command never started"
            time.sleep(0.05)
        km.interrupt_kernel()
        reply = ks.reply_to(kc, msg_id, timeout=60)
        ks.drain_iopub(kc, msg_id)
        assert reply["content"]["status"] == "error", reply["content"]
        assert running(pid, exe), "the stop button stopped an earlier cell's job"
        reply, outs = ks.execute(kc, "%jobs")
        assert reply["status"] == "ok" and str(pid) in text(outs) and "sleep 300" in text(outs), (reply, outs)
        reply, outs = ks.execute(kc, "%kill 1")
        assert reply["status"] == "ok" and text(outs).startswith("[1] stopped"), (reply, outs)
        wait_gone(pid, exe, "after %kill 1")
    finally:
        ks.stop(km, kc)
