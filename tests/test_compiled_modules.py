"""Compiled main() with third-party modules, end to end through jupyter_client.

A main() whose program imports a package of a module that a cell's import
(or %go get) fetched is built with the go.mod and go.sum of the notebook's
module, from the module cache (kernel/goengine/compiledmod.go). The modules
come from a file GOPROXY made of kernel/goengine/testdata/modules, with a
module cache of the test's own: nothing here reaches the network except
test_uuid_from_the_real_proxy, which skips (saying why) when the proxy
cannot be reached.

Whether main() ran compiled is read from the process id the program prints:
the interpreter runs in the kernel's process, a compiled program in a child.
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import zipfile

import pytest

import kernel_support as ks

BUILD = 180
MODULES = pathlib.Path(__file__).resolve().parent.parent / "kernel/goengine/testdata/modules"


def have_go():
    go = os.environ.get("YAK_GO") or shutil.which("go")
    return bool(go) and go.lower() != "off"


pytestmark = pytest.mark.skipif(not have_go(), reason="needs a Go toolchain (go on PATH) for compiled main()")


def file_proxy(root):
    """A GOPROXY directory serving testdata/modules (MODULE@VERSION dirs, / as %)."""
    for d in sorted(MODULES.iterdir()):
        mod, version = d.name.replace("%", "/").split("@")
        at = root / mod / "@v"
        at.mkdir(parents=True, exist_ok=True)
        (at / (version + ".mod")).write_bytes((d / "go.mod").read_bytes())
        (at / (version + ".info")).write_text(json.dumps({"Version": version, "Time": "2026-01-01T00:00:00Z"}))
        with zipfile.ZipFile(at / (version + ".zip"), "w") as z:
            for f in sorted(d.rglob("*")):
                if f.is_file():
                    z.write(f, f"{mod}@{version}/{f.relative_to(d).as_posix()}")
        with open(at / "list", "a") as f:
            f.write(version + "\n")


def module_env(tmp_path, proxy):
    cache = tmp_path / "modcache"
    return {"GOPROXY": proxy, "GOSUMDB": "off", "GOMODCACHE": str(cache), "GOFLAGS": "-modcacherw"}


def stdout(outs):
    return "".join(m["content"]["text"] for m in outs
                   if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def run_ok(kc, code, timeout=BUILD):
    reply, outs = ks.execute(kc, code, timeout=timeout)
    assert reply["status"] == "ok", (reply, outs)
    return outs


def pid_of(outs):
    m = re.search(r"pid (\d+)", stdout(outs))
    assert m, f"the program printed no pid: {outs}"
    return int(m.group(1))


def test_module_program_runs_compiled_and_offline(tmp_path):
    proxy = tmp_path / "proxy"
    file_proxy(proxy)
    km, kc, _ = ks.start(env=module_env(tmp_path, "file://" + proxy.as_posix()))
    try:
        outs = run_ok(kc, 'import "example.com/greet"\nimport "fmt"\nimport "os"\n\n'
                          'func main() {\n\tfmt.Println(greet.Hello("compiled"), "pid", os.Getpid())\n}')
        assert "example.com/greet@v1.0.0" in stdout(outs)
        outs = run_ok(kc, "main()")
        assert "HELLO, COMPILED! pid" in stdout(outs), outs
        assert pid_of(outs) != km.provisioner.pid, "main() ran in the kernel's process, not compiled"

        # Offline once fetched: no proxy, and a program that must be built anew.
        run_ok(kc, "%env GOPROXY=off")
        outs = run_ok(kc, 'func main() {\n\tfmt.Println(greet.Hello("offline"), "pid", os.Getpid())\n}\nmain()')
        assert "HELLO, OFFLINE! pid" in stdout(outs), outs
        assert pid_of(outs) != km.provisioner.pid

        # A whole-program cell that imports a module no cell fetched
        # cannot fetch it offline: go get's error, from the interpreter.
        reply, outs = ks.execute(kc, 'package main\n\nimport "example.com/nowhere"\n\nfunc main() { nowhere.X() }\n', timeout=BUILD)
        assert reply["status"] == "error", (reply, outs)
        assert "go get example.com/nowhere" in reply["evalue"], reply
    finally:
        ks.stop(km, kc)


def proxy_reachable(env):
    """Whether the go command reaches the module proxy: (ok, why not)."""
    go = os.environ.get("YAK_GO") or shutil.which("go")
    try:
        r = subprocess.run([go, "mod", "download", "-json", "github.com/google/uuid@v1.6.0"],
                           env=dict(os.environ, **env), capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return False, "go mod download timed out"
    return r.returncode == 0, (r.stdout + r.stderr).strip()[-300:]


def test_uuid_from_the_real_proxy(tmp_path):
    """The README's example with the user's GOPROXY (default: proxy.golang.org)."""
    env = {"GOMODCACHE": str(tmp_path / "modcache"), "GOFLAGS": "-modcacherw"}
    ok, why = proxy_reachable(env)
    if not ok:
        pytest.skip("the Go module proxy is not reachable from here: " + why)
    km, kc, _ = ks.start(env=env)
    try:
        run_ok(kc, 'import "github.com/google/uuid"\nimport "fmt"\nimport "os"\n\n'
                   'func main() {\n\tu := uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")\n'
                   '\tfmt.Println(u.Version(), len(uuid.NewString()), "pid", os.Getpid())\n}')
        outs = run_ok(kc, "main()")
        assert "VERSION_1 36 pid" in stdout(outs), outs
        assert pid_of(outs) != km.provisioner.pid
    finally:
        ks.stop(km, kc)
