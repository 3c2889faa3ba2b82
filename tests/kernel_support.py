"""Shared set-up of the kernel tests (no tests here).

The yak binary comes from $YAK (make test-py sets it). Its kernelspec is
installed once per session into a temporary directory under the name
"yak-test", so the tests never depend on, or touch, a user-level kernelspec;
JUPYTER_PATH points there only while a kernel starts. The spec's env sends the
kernel's history to a temporary file.
"""

import atexit
import contextlib
import functools
import json
import os
import pathlib
import shutil
import subprocess
import tempfile

from jupyter_client.manager import KernelManager

NAME = "yak-test"
TIMEOUT = 20


def yak():
    path = os.environ.get("YAK")
    assert path, "set YAK to the built yak binary (make test-py does)"
    assert os.access(path, os.X_OK), f"YAK={path} is not an executable"
    return path


@functools.lru_cache(maxsize=None)
def prefix():
    """Installs the spec with `yak install --prefix` and returns the prefix."""
    root = pathlib.Path(tempfile.mkdtemp(prefix="yak-kernel-tests-"))
    atexit.register(shutil.rmtree, root, True)
    p = subprocess.run([yak(), "install", "--prefix", str(root), "--name", NAME],
                       capture_output=True, text=True, check=False)
    assert p.returncode == 0, p.stderr
    spec = root / "share" / "jupyter" / "kernels" / NAME / "kernel.json"
    data = json.loads(spec.read_text())
    data["env"] = {"YAK_HISTORY_FILE": str(root / "history.jsonl"), "YAK_LOG": "info"}
    spec.write_text(json.dumps(data))
    (root / "runtime").mkdir()
    return root


@contextlib.contextmanager
def jupyter_env():
    """JUPYTER_PATH (and the runtime dir for connection files) set to the
    temporary install while a kernel starts or restarts."""
    keys = ("JUPYTER_PATH", "JUPYTER_RUNTIME_DIR")
    saved = {k: os.environ.get(k) for k in keys}
    os.environ["JUPYTER_PATH"] = str(prefix() / "share" / "jupyter")
    os.environ["JUPYTER_RUNTIME_DIR"] = str(prefix() / "runtime")
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def start(transport="tcp", stderr_path=None, env=None):
    """Starts a yak kernel and a ready blocking client: (km, kc, stderr file).
    env adds variables to the kernel's environment (the spec's still apply)."""
    with jupyter_env():
        km = KernelManager(kernel_name=NAME, transport=transport)
        kw = {}
        if env:
            kw["env"] = dict(os.environ, **env)
        log = None
        if stderr_path is not None:
            log = open(stderr_path, "w")
            kw["stderr"] = log
        km.start_kernel(**kw)
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=TIMEOUT)
    return km, kc, log


def stop(km, kc, log=None):
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    if log is not None:
        log.close()


def drain_iopub(kc, msg_id, timeout=TIMEOUT):
    """IOPub messages of request msg_id up to its idle status (excluded)."""
    out = []
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return out
        out.append(m)


def reply_to(kc, msg_id, timeout=TIMEOUT):
    while True:
        m = kc.get_shell_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") == msg_id:
            return m


def execute(kc, code, timeout=TIMEOUT, **kw):
    """Runs code; returns (reply content, IOPub outputs other than status/execute_input)."""
    msg_id = kc.execute(code, **kw)
    reply = reply_to(kc, msg_id, timeout)
    outs = [m for m in drain_iopub(kc, msg_id, timeout) if m["msg_type"] not in ("status", "execute_input")]
    return reply["content"], outs
