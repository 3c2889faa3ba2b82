"""yak kernel speaking the gateway provisioners' launch protocol, on this machine.

The server side is gateway_provisioners' own ResponseManager (response_manager_standin.py),
so the payload encryption is checked against the provisioner's code. The kernel is then used
as a provisioner uses it: jupyter_client on the returned ports, signals and shutdown on the
communication port. tests/remote/test_ssh.py runs the same through a Jupyter server and SSH.
"""

import subprocess
import time
import uuid

import pytest
from jupyter_client import BlockingKernelClient

import launcher_support as ls


@pytest.fixture
def remote_kernel(tmp_path):
    kid = str(uuid.uuid4())
    rm = ls.StandIn(kid)
    log = open(tmp_path / "kernel.log", "w")
    proc = subprocess.Popen([ls.yak(), "kernel", "--kernel-id", kid, "--port-range", "0..0",
                             "--response-address", rm.response_address, "--public-key", rm.public_key,
                             "--transport-encryption", "", "--kernel-class-name", "ignored"],
                            stdout=log, stderr=subprocess.STDOUT, env={"YAK_HISTORY_FILE": "off", "YAK_LOG": "info", "PATH": "/usr/bin:/bin"})
    try:
        info = rm.connection_info()
        info["ip"] = "127.0.0.1"  # what the provisioner does: the host it launched on
        kc = BlockingKernelClient()
        kc.load_connection_info({k: info[k] for k in ("ip", "transport", "shell_port", "iopub_port", "stdin_port",
                                                        "hb_port", "control_port", "key", "signature_scheme")})
        kc.start_channels()
        kc.wait_for_ready(timeout=ls.TIMEOUT)
        yield proc, kc, info, kid
        kc.stop_channels()
    finally:
        rm.close()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        log.close()


def run(kc, code, timeout=ls.TIMEOUT):
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: None)
    return reply["content"]


def wait_running(kc, msg_id):
    """Returns once the kernel has begun the request: an interrupt that arrives while the cell is
    still queued has nothing to stop (as in ipykernel), so a fixed sleep raced a loaded machine."""
    deadline = time.monotonic() + ls.TIMEOUT
    while time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=ls.TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            time.sleep(0.2)  # past the compile, into the loop
            return
    raise AssertionError("the kernel never started the cell")


def test_connection_info_reaches_the_provisioner(remote_kernel):
    proc, kc, info, kid = remote_kernel
    assert info["kernel_id"] == kid
    assert info["pid"] == proc.pid
    assert info["comm_port"] > 0
    assert run(kc, "x := 41")["status"] == "ok"
    msgs = []
    kc.execute_interactive("x + 1", output_hook=msgs.append, timeout=ls.TIMEOUT)
    assert [m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"] == ["42"]


def test_signals_on_the_communication_port(remote_kernel):
    proc, kc, info, _ = remote_kernel
    run(kc, "x := 1")
    ls.send_request("127.0.0.1", info["comm_port"], {"signum": 0})  # the provisioner's poll
    msg_id = kc.execute("for {\n}")
    wait_running(kc, msg_id)
    ls.send_request("127.0.0.1", info["comm_port"], {"signum": 2})  # interrupt_mode signal
    reply = kc.get_shell_msg(timeout=ls.TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "Interrupted"
    assert run(kc, "x")["status"] == "ok"  # state kept
    ls.send_request("127.0.0.1", info["comm_port"], {"signum": 15})  # terminate
    assert ls.wait_exit(proc) == 0
    assert not ls.comm_port_open("127.0.0.1", info["comm_port"])


def test_shutdown_as_the_provisioner_does_it(remote_kernel):
    proc, kc, info, _ = remote_kernel
    ls.send_request("127.0.0.1", info["comm_port"], {"shutdown": 1})
    kc.shutdown()
    assert ls.wait_exit(proc) == 0
    assert not ls.comm_port_open("127.0.0.1", info["comm_port"])


def test_kernel_ends_after_the_provisioner_stopped_listening(remote_kernel):
    """No shutdown_request after {"shutdown": 1}: nobody tracks the kernel any more, so it ends."""
    proc, _, info, _ = remote_kernel
    ls.send_request("127.0.0.1", info["comm_port"], {"shutdown": 1})
    assert ls.wait_exit(proc, timeout=40) == 0


def test_unreachable_response_address_is_a_clear_error(tmp_path):
    rm = ls.StandIn("unused")  # only for a real public key
    rm.close()
    addr = f"127.0.0.1:{ls.free_port()}"  # nothing listens there
    p = subprocess.run([ls.yak(), "kernel", "--kernel-id", "k", "--response-address", addr, "--public-key", rm.public_key],
                       capture_output=True, text=True, timeout=60, env={"YAK_HISTORY_FILE": "off", "PATH": "/usr/bin:/bin"})
    assert p.returncode != 0
    assert f"cannot send the connection information to the response address {addr}" in p.stderr


def test_started_by_hand_from_a_gateway_kernelspec():
    p = subprocess.run([ls.yak(), "kernel", "--kernel-id", "{kernel_id}", "--response-address", "{response_address}",
                        "--public-key", "{public_key}"], capture_output=True, text=True, timeout=60)
    assert p.returncode != 0
    assert "started by a gateway provisioner" in p.stderr
