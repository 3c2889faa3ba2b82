"""Shared set-up of the deployment tests (no tests here).

The tests follow the README's "Deploying yak" section: the binary is copied to
a deployment prefix that every user can read (PREFIX/bin/yak), the spec is
installed with `yak install --prefix PREFIX`, and Jupyter finds it through
JUPYTER_PATH=PREFIX/share/jupyter. Every server the tests start listens on
127.0.0.1 on a free port, is waited for with a deadline, has its log printed
when a test fails, and is killed (its whole process group) at the end.
Artifacts (screenshots, logs) go to testout/deploy/ at the repository root.
"""

import contextlib
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "testout" / "deploy"
VENV_BIN = pathlib.Path(sys.executable).parent


def yak():
    path = os.environ.get("YAK")
    assert path, "set YAK to the built yak binary (make test-py sets it)"
    assert os.access(path, os.X_OK), f"YAK={path} is not an executable"
    return path


def shared_tempdir(prefix):
    """A temporary directory that other users may read and enter (mode 755).

    pytest's tmp_path is private to root, which the non-root users of the
    install and hub tests could not reach."""
    d = pathlib.Path(tempfile.mkdtemp(prefix=prefix))
    d.chmod(0o755)
    return d


def deploy_prefix(root, *install_args):
    """Lays out a deployment as the README says: PREFIX/bin/yak, then
    `PREFIX/bin/yak install --prefix PREFIX`. Returns (prefix, kernelspec dir)."""
    prefix = pathlib.Path(root)
    (prefix / "bin").mkdir(parents=True, exist_ok=True)
    exe = prefix / "bin" / "yak"
    shutil.copy2(yak(), exe)
    exe.chmod(0o755)
    p = subprocess.run([str(exe), "install", "--prefix", str(prefix), *install_args],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, f"yak install --prefix failed: {p.stdout}{p.stderr}"
    return prefix, prefix / "share" / "jupyter" / "kernels" / "yak"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, check, timeout, interval=0.25, logs=()):
    """Calls check until it returns a true value or timeout seconds pass."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            v = check()
            if v:
                return v
        except Exception as e:  # noqa: BLE001 - the server may not be up yet
            last = e
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last error: {last!r})\n"
                         + "".join(tail(p) for p in logs))


def tail(path, n=80):
    try:
        lines = pathlib.Path(path).read_text(errors="replace").splitlines()
    except OSError as e:
        return f"--- {path}: {e}\n"
    return f"--- last {min(n, len(lines))} lines of {path}\n" + "\n".join(lines[-n:]) + "\n"


def http_ok(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=5) as r:
        return 200 <= r.status < 400


class Server:
    """A server process in its own process group, logging to a file."""

    def __init__(self, argv, log, env=None, cwd=None):
        self.log = pathlib.Path(log)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._f = open(self.log, "w")
        self.proc = subprocess.Popen(argv, stdout=self._f, stderr=subprocess.STDOUT, env=env,
                                     cwd=cwd, start_new_session=True)

    def alive(self):
        return self.proc.poll() is None

    def stop(self, grace=10):
        """SIGTERM to the group, then SIGKILL to what is left: no stray
        kernels, proxies or single-user servers outlive a test."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        self._f.close()


def yak_processes():
    """pids of running `yak kernel` processes, with their real uid."""
    out = {}
    for d in pathlib.Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            argv = (d / "cmdline").read_bytes().split(b"\0")
            status = (d / "status").read_text()
        except OSError:
            continue
        if len(argv) > 1 and argv[0].endswith(b"/yak") and argv[1] == b"kernel":
            uid = next(int(l.split()[1]) for l in status.splitlines() if l.startswith("Uid:"))
            out[int(d.name)] = uid
    return out
