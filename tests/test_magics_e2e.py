"""IPython's everyday magics in yak, end to end through jupyter_client.

`exit` ends the kernel as ipykernel does (an ok reply with an ask_exit
payload, then the process exits); `!cmd` output reaches the front end while
the command still runs, and an interrupt stops the command and what it
started. The engine's table tests (kernel/goengine/magic_*_test.go) cover the
rest; these check what only the wire shows.
"""

import queue
import re
import time

import pytest

import kernel_support as ks


@pytest.fixture(scope="module")
def kernel():
    km, kc, _ = ks.start()
    yield km, kc
    ks.stop(km, kc)


@pytest.mark.parametrize("code", ["exit", "x := 1\nquit()"])
def test_exit_shuts_the_kernel_down(code):
    km, kc, _ = ks.start()
    try:
        proc = km.provisioner.process
        msg_id = kc.execute(code)
        reply = ks.reply_to(kc, msg_id)["content"]
        assert reply["status"] == "ok", reply
        assert reply["payload"] == [{"source": "ask_exit", "keepkernel": False}]
        assert proc.wait(timeout=10) == 0, "the kernel did not exit by itself after exit"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_shell_output_streams_while_the_command_runs(kernel, tmp_path):
    _, kc = kernel
    flag = tmp_path / "go-on"
    msg_id = kc.execute(f"!echo first; while [ ! -e {flag} ]; do sleep 0.05; done; echo second >&2; exit 4")
    texts = []
    deadline = time.monotonic() + ks.TIMEOUT
    while not any("first" in t for _, t in texts):  # seen before the flag exists
        assert time.monotonic() < deadline, "no output while the command ran"
        m = kc.get_iopub_msg(timeout=ks.TIMEOUT)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream":
            texts.append((m["content"]["name"], m["content"]["text"]))
    with pytest.raises(queue.Empty):
        kc.get_shell_msg(timeout=0.2)  # still running: no reply yet
    flag.touch()
    reply = ks.reply_to(kc, msg_id)["content"]
    assert reply["status"] == "ok", reply
    texts += [(m["content"]["name"], m["content"]["text"]) for m in ks.drain_iopub(kc, msg_id) if m["msg_type"] == "stream"]
    out = "".join(t for n, t in texts if n == "stdout")
    err = "".join(t for n, t in texts if n == "stderr")
    assert out == "first\n"
    assert err == "second\nexit status 4\n"


def test_interrupt_stops_the_shell_command_and_its_children(kernel, tmp_path):
    km, kc = kernel
    pid_file = tmp_path / "pid"
    msg_id = kc.execute(f"!sleep 300 & echo $! > {pid_file}.tmp; mv {pid_file}.tmp {pid_file}; sleep 300")
    deadline = time.monotonic() + ks.TIMEOUT
    while not pid_file.exists():
        assert time.monotonic() < deadline, "the command did not start"
        time.sleep(0.02)
    pid = int(pid_file.read_text())
    km.interrupt_kernel()
    reply = ks.reply_to(kc, msg_id, timeout=10)["content"]
    assert reply["status"] == "error" and reply["ename"] == "Interrupted", reply
    deadline = time.monotonic() + 10
    while alive(pid):
        assert time.monotonic() < deadline, f"background process {pid} survived the interrupt"
        time.sleep(0.05)
    reply, outs = ks.execute(kc, "!echo after")
    assert reply["status"] == "ok"
    assert "".join(m["content"]["text"] for m in outs if m["msg_type"] == "stream") == "after\n"


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_time_and_timeit_print_as_ipython(kernel):
    _, kc = kernel
    reply, outs = ks.execute(kc, "%time 6 * 7")
    assert reply["status"] == "ok", reply
    text = "".join(m["content"]["text"] for m in outs if m["msg_type"] == "stream")
    assert re.fullmatch(r"CPU times: user \S+ \S+, sys: \S+ \S+, total: \S+ \S+\nWall time: \S+ \S+\n", text), text
    assert [m["content"]["data"]["text/plain"] for m in outs if m["msg_type"] == "execute_result"] == ["42"]
    reply, outs = ks.execute(kc, "%timeit -n 10 -r 3 6 * 7")
    text = "".join(m["content"]["text"] for m in outs if m["msg_type"] == "stream")
    assert re.fullmatch(r"\S+ \S+ ± \S+ \S+ per loop \(mean ± std\. dev\. of 3 runs, 10 loops each\)\n", text), text
