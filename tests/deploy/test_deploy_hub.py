"""JupyterHub serving yak to two real system users.

The hub (from the venv) runs on 127.0.0.1 with configurable-http-proxy (npm,
tests/deploy/node_modules), the dummy authenticator and LocalProcessSpawner,
which starts each user's single-user server as that Unix user. yak is
deployed as the README says: PREFIX/bin/yak, `yak install --prefix PREFIX`,
JUPYTER_PATH=PREFIX/share/jupyter in c.Spawner.environment. The test logs the
users in (the login form, then tokens and servers through the hub's REST
API), starts a yak kernel for each through the Jupyter Server REST API, runs
code over the kernel websocket, and checks that each kernel is a process of
its user (/proc) and that one user's variables are invisible to the other.

Needs root (it creates the users yaktest1 and yaktest2 when missing and the
spawner switches to them); .ci/run runs the tests as root.
"""

import json
import os
import pathlib
import pwd
import stat
import subprocess
import sys
import textwrap
import uuid

import pytest
import requests
import websocket

from deploy_support import (ARTIFACTS, REPO, VENV_BIN, Server, deploy_prefix, free_port,
                            shared_tempdir, tail, wait_for, yak_processes)

USERS = ("yaktest1", "yaktest2")
PROXY = pathlib.Path(__file__).parent / "node_modules" / ".bin" / "configurable-http-proxy"
ADMIN_TOKEN = uuid.uuid4().hex


def ensure_user(name):
    try:
        return pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True, timeout=60)
        return pwd.getpwnam(name)


def open_path_for_others(*paths):
    """The users' servers run the venv's Python: every directory above the
    venv and above the interpreter it links to must let them through (o+x).
    Adds that where missing, for the test's duration, and returns what to
    restore: a clone or a pyenv Python under /root (mode 0700) would
    otherwise shut the users out. A real deployment installs Python and the
    hub's environment outside /root (see the README)."""
    changed = []
    for path in paths:
        for d in [path, *path.parents]:
            mode = d.stat().st_mode
            if not mode & stat.S_IXOTH:
                d.chmod(mode | stat.S_IXOTH)
                changed.append((d, stat.S_IMODE(mode)))
    return changed


HUB_CONFIG = """
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.JupyterHub.db_url = "sqlite:///{root}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{root}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{root}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {users!r}
c.JupyterHub.spawner_class = "localprocess"  # each server runs as its Unix user
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# The README's deployment: yak's spec in PREFIX/share/jupyter, found through JUPYTER_PATH.
c.Spawner.environment = {{"JUPYTER_PATH": {jupyter_path!r}}}
c.JupyterHub.services = [{{"name": "yak-test", "api_token": {admin_token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "yak-test-admin",
    "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
    "services": ["yak-test"],
}}]
"""


@pytest.fixture(scope="module")
def hub():
    if os.geteuid() != 0:
        pytest.skip("the JupyterHub test runs as root: it creates users and spawns servers as them")
    assert PROXY.exists(), f"{PROXY} is missing: run `npm ci` in tests/deploy (make test-deploy does)"
    accounts = {u: ensure_user(u) for u in USERS}
    restore = open_path_for_others(VENV_BIN, pathlib.Path(os.path.realpath(sys.executable)).parent,
                                   pathlib.Path(sys.base_prefix))
    root = shared_tempdir("yak-deploy-hub-")
    prefix, _ = deploy_prefix(root / "opt")
    port = free_port()
    cfg = root / "jupyterhub_config.py"
    cfg.write_text(textwrap.dedent(HUB_CONFIG.format(
        port=port, hub_port=free_port(), proxy_api_port=free_port(), proxy=str(PROXY),
        proxy_token=uuid.uuid4().hex, root=root, users=set(USERS),
        singleuser=str(VENV_BIN / "jupyterhub-singleuser"),
        jupyter_path=str(prefix / "share" / "jupyter"), admin_token=ADMIN_TOKEN)))
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env["PATH"] = f"{VENV_BIN}:{env.get('PATH', '/usr/bin:/bin')}"
    server = Server([str(VENV_BIN / "jupyterhub"), "-f", str(cfg)], ARTIFACTS / "hub.log", env=env, cwd=root)
    base = f"http://127.0.0.1:{port}"
    api = requests.Session()
    api.headers["Authorization"] = f"token {ADMIN_TOKEN}"
    try:
        wait_for("JupyterHub's API", lambda: server.alive() and api.get(f"{base}/hub/api/", timeout=5).ok,
                 90, logs=[server.log])
        yield {"base": base, "api": api, "server": server, "accounts": accounts}
    finally:
        for u in USERS:
            try:
                api.delete(f"{base}/hub/api/users/{u}/server", timeout=30)
            except requests.RequestException:
                pass
        server.stop(grace=20)
        # The spawner starts each server in its own session: end whatever of
        # the test users is left (their servers and kernels, started here).
        for pid, uid in yak_processes().items():
            if uid in {a.pw_uid for a in accounts.values()}:
                with_kill(pid)
        for d, mode in restore:
            d.chmod(mode)
        subprocess.run(["rm", "-rf", str(root)], check=False)


def with_kill(pid):
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass


def login(base, user):
    """The dummy authenticator's login form, as a browser submits it."""
    s = requests.Session()
    r = s.get(f"{base}/hub/login", timeout=30)
    r.raise_for_status()
    xsrf = s.cookies.get("_xsrf")
    r = s.post(f"{base}/hub/login?next=", data={"username": user, "password": "any", "_xsrf": xsrf},
               allow_redirects=False, timeout=60)
    assert r.status_code in (302, 303), f"login of {user}: {r.status_code} {r.text[:500]}"
    assert any(c.name.startswith("jupyterhub-hub-login") for c in s.cookies), s.cookies
    return s


def start_server(hub, user):
    base, api = hub["base"], hub["api"]
    r = api.post(f"{base}/hub/api/users/{user}/tokens", json={"note": "yak deploy test", "expires_in": 3600},
                 timeout=30)
    assert r.status_code in (200, 201), r.text
    token = r.json()["token"]
    r = api.post(f"{base}/hub/api/users/{user}/server", timeout=150)
    assert r.status_code in (201, 202), f"starting {user}'s server: {r.status_code} {r.text}"
    wait_for(f"{user}'s server", lambda: api.get(f"{base}/hub/api/users/{user}", timeout=10)
             .json()["servers"].get("", {}).get("ready"), 150, interval=1, logs=[hub["server"].log])
    s = requests.Session()
    s.headers["Authorization"] = f"token {token}"
    return s, token


class KernelWS:
    """A kernel's websocket through the hub's proxy (the JSON protocol that
    JupyterLab uses): the server signs and relays the messages."""

    def __init__(self, url, token):
        self.session = uuid.uuid4().hex
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {token}"], timeout=60)

    def execute(self, code, timeout=60):
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                       "session": self.session, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        out, reply, idle = [], None, False
        self.ws.settimeout(timeout)
        while reply is None or not idle:
            m = json.loads(self.ws.recv())
            if m.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            t = m["header"]["msg_type"]
            if t == "stream":
                out.append(m["content"]["text"])
            elif t == "error":
                out.append(f"{m['content']['ename']}: {m['content']['evalue']}")
            elif t == "execute_reply":
                reply = m["content"]
            elif t == "status" and m["content"]["execution_state"] == "idle":
                idle = True
        return reply["status"], "".join(out)

    def close(self):
        self.ws.close()


def test_two_users_each_get_their_own_yak_kernel(hub):
    base = hub["base"]
    kernels = {}
    try:
        for user in USERS:
            login(base, user)
            s, token = start_server(hub, user)
            specs = s.get(f"{base}/user/{user}/api/kernelspecs", timeout=30).json()
            assert specs["kernelspecs"]["yak"]["spec"]["display_name"] == "Go (yak)", specs
            r = s.post(f"{base}/user/{user}/api/kernels", json={"name": "yak"}, timeout=60)
            assert r.status_code == 201, r.text
            kid = r.json()["id"]
            ws = KernelWS(f"ws://127.0.0.1:{base.rsplit(':', 1)[1]}/user/{user}/api/kernels/{kid}/channels",
                          token)
            kernels[user] = (kid, ws)

        one, two = kernels["yaktest1"][1], kernels["yaktest2"][1]
        assert one.execute('import "fmt"\nsecret := "only yaktest1 knows"\nfmt.Println(secret)') == \
            ("ok", "only yaktest1 knows\n")
        status, out = two.execute('import "fmt"\nfmt.Println(secret)')
        assert status == "error" and "undefined: secret" in out, (status, out)
        assert two.execute('secret := "yaktest2 has its own"\nfmt.Println(secret)') == \
            ("ok", "yaktest2 has its own\n")
        assert one.execute("fmt.Println(secret)") == ("ok", "only yaktest1 knows\n")
        # The kernels see the world as their users: os/user and the home directory.
        for user, ws in ((u, kernels[u][1]) for u in USERS):
            status, out = ws.execute('import "os"\nh, _ := os.UserHomeDir()\nfmt.Println(os.Getuid(), h)')
            acct = hub["accounts"][user]
            assert (status, out) == ("ok", f"{acct.pw_uid} {acct.pw_dir}\n"), (user, status, out)

        # Each kernel is a process of its user: its connection file names the kernel id.
        procs = yak_processes()
        for user, (kid, _) in kernels.items():
            mine = [pid for pid in procs if kid in " ".join(
                a.decode() for a in pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0"))]
            assert len(mine) == 1, f"no single yak kernel process for {user}'s kernel {kid}: {procs}"
            assert procs[mine[0]] == hub["accounts"][user].pw_uid, (user, mine[0], procs[mine[0]])
    except BaseException:
        print(tail(hub["server"].log, 120))
        raise
    finally:
        for _, ws in kernels.values():
            ws.close()
