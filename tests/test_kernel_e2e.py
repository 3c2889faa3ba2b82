"""yak as a Jupyter kernel, end to end through jupyter_client.

Bad input of every kind gets its documented behaviour (docs in kernel/doc.go):
a message with a wrong signature, truncated framing, invalid JSON or an unknown
msg_type is logged and dropped; a panicking cell, a syntax error and an
interrupted endless cell each end in one error output; and in every case the
next cell still sees the state of the earlier ones.
"""

import json
import os
import pathlib
import signal
import subprocess
import time

import pytest
import zmq
from jupyter_client.session import Session

import kernel_support as ks


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    log = tmp_path_factory.mktemp("kernel") / "stderr.log"
    km, kc, f = ks.start(stderr_path=log)
    reply, _ = ks.execute(kc, "state := 41")
    assert reply["status"] == "ok", reply
    yield km, kc, log
    ks.stop(km, kc, f)


def assert_state(kc):
    """The cell defined in the fixture is still there."""
    reply, outs = ks.execute(kc, "state + 1")
    assert reply["status"] == "ok", reply
    assert [m["content"]["data"]["text/plain"] for m in outs if m["msg_type"] == "execute_result"] == ["42"]


def raw_shell(km):
    """A DEALER on the kernel's shell port that sends hand-made frames."""
    info = km.get_connection_info()
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.linger = 0
    if info["transport"] == "ipc":
        sock.connect(f"ipc://{info['ip']}-{info['shell_port']}")
    else:
        sock.connect(f"tcp://{info['ip']}:{info['shell_port']}")
    return sock, Session(key=info["key"] if isinstance(info["key"], bytes) else info["key"].encode(),
                         signature_scheme=info["signature_scheme"])


def frames_for(session, msg_type, content):
    msg = session.msg(msg_type, content)
    return session.serialize(msg), msg["header"]["msg_id"]


def no_reply(sock, wait=0.5):
    return sock.poll(int(wait * 1000)) == 0


def wait_logged(log, text, timeout=5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if text in pathlib.Path(log).read_text():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("case", ["wrong signature", "truncated", "invalid json", "unknown msg_type"])
def test_bad_message_is_logged_and_dropped(kernel, case):
    km, kc, log = kernel
    sock, session = raw_shell(km)
    try:
        code = {"code": 'panic("must never run")', "silent": False}
        frames, _ = frames_for(session, "execute_request", code)
        # serialize gives [delimiter, signature, header, parent, metadata, content]
        if case == "wrong signature":
            frames[1] = b"0" * 64
            logged = "signature does not match"
        elif case == "truncated":
            frames = frames[:4]
            logged = "truncated"
        elif case == "invalid json":
            frames[5] = b'{"code": "1+'
            frames[1] = session.sign(frames[2:6])  # correctly signed: only the JSON is wrong
            logged = "not a JSON object"
        else:
            frames, _ = frames_for(session, "frobnicate_request", {})
            logged = "frobnicate_request"
        sock.send_multipart(frames)
        assert no_reply(sock), "the kernel answered a bad message"
        assert wait_logged(log, logged), f"{logged!r} not in the kernel's log"
    finally:
        sock.close()
    assert_state(kc)
    assert km.is_alive()


def test_panicking_cell(kernel):
    _, kc, _ = kernel
    reply, outs = ks.execute(kc, 'var m map[string]int\nm["boom"] = 1')
    assert reply["status"] == "error"
    assert [m["msg_type"] for m in outs] == ["error"]
    assert outs[0]["content"]["traceback"], "empty traceback"
    assert_state(kc)


def test_syntax_error(kernel):
    _, kc, _ = kernel
    reply, outs = ks.execute(kc, "x := := 2")
    assert reply["status"] == "error"
    assert [m["msg_type"] for m in outs] == ["error"]
    assert_state(kc)


@pytest.mark.parametrize("how", ["interrupt_request", "SIGINT"])
def test_interrupt_endless_cell(kernel, how):
    km, kc, _ = kernel
    msg_id = kc.execute("for {\n}")
    while True:  # the cell is interruptible once its execute_input is out
        m = kc.get_iopub_msg(timeout=ks.TIMEOUT)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
            break
    if how == "SIGINT":
        km.signal_kernel(signal.SIGINT)
    else:
        km.interrupt_kernel()  # interrupt_mode "message": interrupt_request on control
    reply = ks.reply_to(kc, msg_id, timeout=10)  # an interrupt that does not work times out here
    outs = ks.drain_iopub(kc, msg_id)
    assert reply["content"]["status"] == "error", reply["content"]
    assert [m["msg_type"] for m in outs if m["msg_type"] != "status"] == ["error"]
    assert km.is_alive()
    assert_state(kc)


def test_stop_on_error_aborts_queued(kernel):
    _, kc, _ = kernel
    first = kc.execute('import "time"\ntime.Sleep(300 * time.Millisecond)\npanic("first fails")')
    queued = [kc.execute("state = 0"), kc.execute("state = 0")]
    assert ks.reply_to(kc, first)["content"]["status"] == "error"
    for msg_id in queued:
        content = ks.reply_to(kc, msg_id)["content"]
        assert content["status"] == "aborted"
        # A skipped cell shows no count (not the failing cell's).
        assert content.get("execution_count") is None, content
    assert_state(kc)  # the aborted cells did not run


def test_streams_are_batched(kernel):
    _, kc, _ = kernel
    reply, outs = ks.execute(kc, 'import "fmt"\nfor i := 0; i < 10000; i++ {\n\tfmt.Println(i)\n}', timeout=60)
    assert reply["status"] == "ok", reply
    streams = [m for m in outs if m["msg_type"] == "stream"]
    text = "".join(m["content"]["text"] for m in streams)
    assert text == "".join(f"{i}\n" for i in range(10000))
    assert len(streams) <= 50, f"{len(streams)} stream messages for 10,000 lines"


def test_stdin(kernel):
    _, kc, _ = kernel
    msg_id = kc.execute('import "fmt"\nvar name string\nfmt.Scanln(&name)\nfmt.Println("hello,", name)', allow_stdin=True)
    req = kc.get_stdin_msg(timeout=ks.TIMEOUT)
    assert req["msg_type"] == "input_request"
    assert req["content"]["password"] is False
    kc.input("gopher")
    reply = ks.reply_to(kc, msg_id)
    outs = ks.drain_iopub(kc, msg_id)
    assert reply["content"]["status"] == "ok", reply["content"]
    assert "hello, gopher" in "".join(m["content"].get("text", "") for m in outs if m["msg_type"] == "stream")


def test_stdin_not_allowed(kernel):
    """With allow_stdin false no input_request is sent; the read fails with a clear error."""
    _, kc, _ = kernel
    reply, outs = ks.execute(kc, 'import "fmt"\nvar v string\n_, err := fmt.Scanln(&v)\nfmt.Println(err)',
                             allow_stdin=False)
    assert reply["status"] == "ok", reply
    text = "".join(m["content"].get("text", "") for m in outs if m["msg_type"] == "stream")
    assert "allow_stdin is false" in text
    assert kc.stdin_channel.msg_ready() is False


def test_comm_info_and_unknown_target(kernel):
    _, kc, _ = kernel
    msg_id = kc.comm_info()
    reply = ks.reply_to(kc, msg_id)
    assert reply["content"] == {"status": "ok", "comms": {}}
    msg = kc.session.msg("comm_open", {"comm_id": "c-1", "target_name": "no.such.target", "data": {}})
    kc.shell_channel.send(msg)
    outs = ks.drain_iopub(kc, msg["header"]["msg_id"])
    assert [m["msg_type"] for m in outs if m["msg_type"] != "status"] == ["comm_close"]


def test_history_survives_restart():
    km, kc, _ = ks.start()
    try:
        marker = f"restart_marker := {os.getpid()}"
        assert ks.execute(kc, marker)[0]["status"] == "ok"
        with ks.jupyter_env():
            km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=ks.TIMEOUT)
        # The restart reset the state ...
        reply, _ = ks.execute(kc, "restart_marker")
        assert reply["status"] == "error"
        # ... but history of the earlier session is there.
        msg_id = kc.history(hist_access_type="search", pattern=marker, raw=True, output=False)
        hist = ks.reply_to(kc, msg_id)["content"]["history"]
        assert [h[2] for h in hist] == [marker]
        msg_id = kc.history(hist_access_type="tail", n=1, raw=True, output=False)
        (session, _, _), = ks.reply_to(kc, msg_id)["content"]["history"]
        assert hist[0][0] < session, "the restart did not start a new session"
    finally:
        ks.stop(km, kc)


def test_shutdown_exits_cleanly():
    km, kc, _ = ks.start()
    proc = km.provisioner.process
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    assert proc.wait(timeout=10) == 0, "the kernel was killed instead of exiting"


def test_ipc_transport():
    km, kc, _ = ks.start(transport="ipc")
    try:
        reply, outs = ks.execute(kc, "20 + 22")
        assert reply["status"] == "ok"
        assert outs[-1]["content"]["data"]["text/plain"] == "42"
    finally:
        ks.stop(km, kc)


def test_install_is_listed_and_refuses_unwritable(tmp_path):
    p = subprocess.run([ks.yak(), "install", "--prefix", str(tmp_path / "p"), "--name", "yak-listed"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert str(tmp_path / "p") in p.stdout
    env = dict(os.environ, JUPYTER_PATH=str(tmp_path / "p" / "share" / "jupyter"))
    jupyter = pathlib.Path(os.sys.executable).parent / "jupyter-kernelspec"
    out = subprocess.run([str(jupyter), "list", "--json"], capture_output=True, text=True, env=env, check=True).stdout
    spec = json.loads(out)["kernelspecs"]["yak-listed"]["spec"]
    assert spec["display_name"] == "Go (yak)" and spec["language"] == "go"
    assert os.path.isabs(spec["argv"][0]) and spec["argv"][-1] == "{connection_file}"

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    p = subprocess.run([ks.yak(), "install", "--prefix", str(blocker)], capture_output=True, text=True)
    assert p.returncode != 0
    assert "cannot write the kernelspec" in p.stderr


def test_display_burst_arrives_whole(kernel):
    """A cell displaying in a tight loop loses nothing on IOPub, its idle status included."""
    _, kc, _ = kernel
    code = 'import "github.com/yaknb/yak/display"\nfor i := 0; i < 3000; i++ {\n\tdisplay.Display(display.Text("x"))\n}'
    reply, outs = ks.execute(kc, code, timeout=60)
    assert reply["status"] == "ok", reply
    assert sum(m["msg_type"] == "display_data" for m in outs) == 3000


def test_kernel_exits_when_its_front_end_dies(tmp_path):
    """A front end killed without a shutdown_request leaves no orphaned kernel."""
    script = tmp_path / "front_end.py"
    script.write_text(
        "import sys, time\n"
        f"sys.path.insert(0, {str(pathlib.Path(__file__).parent)!r})\n"
        "import kernel_support as ks\n"
        "km, kc, _ = ks.start()\n"
        "print(km.provisioner.process.pid, flush=True)\n"
        "time.sleep(120)\n")
    front = subprocess.Popen([os.sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        kernel_pid = int(front.stdout.readline())
    finally:
        front.kill()
        front.wait()
    deadline = time.time() + 15
    stat = pathlib.Path(f"/proc/{kernel_pid}/stat")
    while time.time() < deadline:
        try:
            if stat.read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return  # exited; its new parent has not reaped it yet
        except FileNotFoundError:
            return
        time.sleep(0.1)
    os.kill(kernel_pid, signal.SIGKILL)
    pytest.fail("the kernel outlived its front end")
