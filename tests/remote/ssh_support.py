"""Two SSH "hosts" on loopback addresses and a Jupyter server whose
DistributedProvisioner starts yak kernels on them (no tests here).

Each host is a Debian openssh-server (sshd) started by the test on its own
address (127.0.0.2, 127.0.0.3: jupyter_client does not count them as local,
so the provisioner really goes through SSH), with a host key, a client key
and an authorized_keys file made by the test. The server is jupyter_server
with HOME pointing at a directory that holds the client key and the hosts'
known_hosts, as an operator's would. The remote user is yaktest1 when it
exists (.ci/run creates it), else the user running the tests.
"""

import contextlib
import getpass
import json
import os
import pathlib
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

import websocket

import launcher_support as ls

SSHD = "/usr/sbin/sshd"
HOSTS = ("127.0.0.2", "127.0.0.3")
KERNEL_NAME = "yak_ssh"


def wait_for(what, check, timeout=ls.TIMEOUT, interval=0.1, logs=()):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            v = check()
            if v:
                return v
        except Exception as e:  # noqa: BLE001 - not up yet
            last = e
        time.sleep(interval)
    tails = "".join(f"\n--- {p}\n" + pathlib.Path(p).read_text(errors="replace")[-4000:] for p in logs if pathlib.Path(p).exists())
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last error: {last!r}){tails}")


def port_open(host, port):
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
        return True
    return False


def remote_user():
    if os.geteuid() == 0:
        with contextlib.suppress(KeyError):
            pwd.getpwnam("yaktest1")
            return "yaktest1"
    return getpass.getuser()


def alive(pid):
    try:
        state = pathlib.Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def yak_kernels(exe):
    """pids of the `yak kernel` processes running the test's binary."""
    pids = []
    for d in pathlib.Path("/proc").iterdir():
        if d.name.isdigit():
            with contextlib.suppress(OSError):
                argv = (d / "cmdline").read_bytes().split(b"\0")
                if argv[0] == str(exe).encode() and argv[1:2] == [b"kernel"] and alive(int(d.name)):
                    pids.append(int(d.name))
    return pids


class Host:
    """One sshd on one loopback address."""

    def __init__(self, root, ip, port, authorized_keys):
        self.ip, self.port = ip, port
        d = root / f"host-{ip}"
        d.mkdir()
        self.key = d / "host_key"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(self.key)], check=True)
        self.config = d / "sshd_config"
        self.config.write_text("\n".join([
            f"ListenAddress {ip}:{port}", f"HostKey {self.key}", f"PidFile {d / 'sshd.pid'}",
            f"AuthorizedKeysFile {authorized_keys}", "StrictModes no", "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            # PAM: an account without a password (useradd's default, locked) may still log in with a key.
            "UsePAM yes", "PermitRootLogin prohibit-password",
            "AllowTcpForwarding yes", "X11Forwarding no", "PrintMotd no", "LogLevel VERBOSE", ""]))
        self.log = d / "sshd.log"
        self.proc = None
        self.start()

    def start(self):
        if os.geteuid() == 0:
            pathlib.Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation directory
        self.proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(self.config)], stdout=open(self.log, "a"),
                                     stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(f"sshd on {self.ip}:{self.port}", lambda: port_open(self.ip, self.port), logs=[self.log])

    def known_hosts_line(self):
        return f"[{self.ip}]:{self.port} " + " ".join(self.key.with_suffix(".pub").read_text().split()[:2])

    def stop(self):
        """The host goes down: its sshd and every session it started."""
        if self.proc and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


class Cluster:
    """The two hosts, the kernelspec, and (server=True) the Jupyter server."""

    def __init__(self, server=True, name=KERNEL_NAME, display="Go (yak, SSH)"):
        self.server, self.hosts = None, {}
        try:
            self._setup(server, name, display)
        except BaseException:
            self.close()  # no sshd or server outlives a failed set-up
            raise

    def _setup(self, server, name, display):
        if not os.access(SSHD, os.X_OK):
            raise RuntimeError(f"{SSHD} is missing: install openssh-server (.ci/run does)")
        self.root = pathlib.Path(tempfile.mkdtemp(prefix="yak-ssh-"))
        self.root.chmod(0o755)
        self.user = remote_user()
        # The binary as an operator installs it on each host: a path every user can run.
        (self.root / "bin").mkdir(mode=0o755)
        self.yak = self.root / "bin" / "yak"
        shutil.copy2(ls.yak(), self.yak)
        self.yak.chmod(0o755)
        self.kernel_logs = self.root / "kernel-logs"
        self.kernel_logs.mkdir()
        self.kernel_logs.chmod(0o1777)
        # The server's home: the client key and the hosts' keys, as paramiko looks for them.
        self.home = self.root / "home"
        ssh_dir = self.home / ".ssh"
        ssh_dir.mkdir(parents=True, mode=0o700)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(ssh_dir / "id_ed25519")], check=True)
        authorized = self.root / "authorized_keys"
        authorized.write_text((ssh_dir / "id_ed25519.pub").read_text())
        authorized.chmod(0o644)
        port = ls.free_port("127.0.0.2")
        for ip in HOSTS:  # one at a time, so that close() stops those already up
            self.hosts[ip] = Host(self.root, ip, port, authorized)
        (ssh_dir / "known_hosts").write_text("".join(h.known_hosts_line() + "\n" for h in self.hosts.values()))
        # The kernelspec, written by yak install as an operator would.
        self.prefix = self.root / "prefix"
        self.name = name
        p = subprocess.run([str(self.yak), "install", "--prefix", str(self.prefix), "--name", name,
                            "--display-name", display, "--ssh", "--remote-hosts", ",".join(HOSTS),
                            "--env", "YAK_HISTORY_FILE=off", "--env", "YAK_LOG=info", "--launch-timeout", "30"],
                           capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        self.ssh_port = port
        self.server_log = self.root / "server.log"
        if server:
            self.start_server()

    def env(self):
        """What the process that runs the provisioner needs: the client key's HOME, the spec,
        and gateway_provisioners' settings (response address, SSH user and port)."""
        return dict(HOME=str(self.home), JUPYTER_PATH=str(self.prefix / "share" / "jupyter"),
                    JUPYTER_CONFIG_DIR=str(self.root / "config"), JUPYTER_DATA_DIR=str(self.root / "data"),
                    JUPYTER_RUNTIME_DIR=str(self.root / "runtime"), GP_RESPONSE_IP="127.0.0.1",
                    GP_RESPONSE_PORT=str(ls.free_port()), GP_REMOTE_USER=self.user, GP_SSH_PORT=str(self.ssh_port),
                    GP_KERNEL_LOG_DIR=str(self.kernel_logs),
                    # The provisioners refuse kernels for root (unauthorized_users); the name is a label.
                    KERNEL_USERNAME=self.user if self.user != "root" else "yak-tester")

    def start_server(self):
        self.port = ls.free_port()
        self.token = uuid.uuid4().hex
        env = dict(os.environ, **self.env())
        self.server_log = self.root / "server.log"
        self.server = subprocess.Popen(
            [sys.executable, "-m", "jupyter_server", f"--ServerApp.port={self.port}", "--ServerApp.ip=127.0.0.1",
             f"--IdentityProvider.token={self.token}", "--ServerApp.open_browser=False", f"--ServerApp.root_dir={self.root}",
             "--ServerApp.port_retries=0", "--ServerApp.log_level=DEBUG", "--ServerApp.allow_root=True"],
            stdout=open(self.server_log, "w"), stderr=subprocess.STDOUT, env=env, start_new_session=True)
        wait_for("jupyter_server", lambda: self.api("GET", "/api/status") is not None, logs=[self.server_log])

    def api(self, method, path, body=None, timeout=60):
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            data = r.read()
            return json.loads(data) if data else {}

    def start_kernel(self):
        return self.api("POST", "/api/kernels", {"name": self.name})["id"]

    def launched(self, kid):
        """(host, pid) of a kernel, from the provisioner's log line (the last launch of kid)."""
        pat = re.compile(r"DistributedProvisioner: kernel launched\.\s+Host: '([^']+)', pid: (\d+), Kernel ID: " + re.escape(kid))
        found = pat.findall(self.server_log.read_text(errors="replace"))
        return (found[-1][0], int(found[-1][1])) if found else None

    def ws(self, kid):
        return KernelWS(f"ws://127.0.0.1:{self.port}/api/kernels/{kid}/channels", self.token)

    def logs(self):
        return [self.server_log] + [h.log for h in self.hosts.values()] + sorted(self.kernel_logs.glob("*.log"))

    def close(self):
        if self.server is not None and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            try:
                self.server.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait()
        for h in self.hosts.values():
            h.stop()
        # A test that failed may leave a kernel; the next run must not inherit it.
        for pid in yak_kernels(self.yak) if hasattr(self, "yak") else []:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if os.environ.get("YAK_KEEP_SSH_LOGS") is None and hasattr(self, "root"):
            shutil.rmtree(self.root, ignore_errors=True)


class KernelWS:
    """A kernel's websocket on the server (the JSON protocol JupyterLab speaks)."""

    def __init__(self, url, token):
        self.session = uuid.uuid4().hex
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {token}"], timeout=60)
        self.statuses = []

    def send(self, code):
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                       "session": self.session, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        return msg_id

    def next(self, timeout):
        self.ws.settimeout(timeout)
        m = json.loads(self.ws.recv())
        if m["header"]["msg_type"] == "status":
            self.statuses.append(m["content"]["execution_state"])
        return m

    def wait_started(self, msg_id, timeout=60):
        while True:
            m = self.next(timeout)
            if m.get("parent_header", {}).get("msg_id") == msg_id and m["header"]["msg_type"] == "execute_input":
                return

    def result(self, msg_id, timeout=60):
        """(reply content, outputs: stream text, results' text/plain, error names)."""
        out, reply, idle = [], None, False
        while reply is None or not idle:
            m = self.next(timeout)
            if m.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            t, c = m["header"]["msg_type"], m["content"]
            if t == "stream":
                out.append(c["text"])
            elif t == "execute_result":
                out.append(c["data"]["text/plain"])
            elif t == "error":
                out.append(c["ename"])
            elif t == "execute_reply":
                reply = c
            elif t == "status" and c["execution_state"] == "idle":
                idle = True
        return reply, "".join(out)

    def execute(self, code, timeout=60):
        return self.result(self.send(code), timeout)

    def close(self):
        self.ws.close()
