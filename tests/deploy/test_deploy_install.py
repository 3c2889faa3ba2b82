"""`yak install` for shared deployments: --prefix and --sys-prefix write a
complete spec (kernel.json with interrupt_mode "message" and env, the three
logos) where Jupyter looks for it, and an unwritable target is refused with a
clear message as a non-root user, leaving no half-written spec behind."""

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from deploy_support import VENV_BIN, deploy_prefix, shared_tempdir, yak

LOGOS = {"logo-32x32.png": b"\x89PNG", "logo-64x64.png": b"\x89PNG", "logo-svg.svg": b"<svg"}


@pytest.fixture
def shared(request):
    d = shared_tempdir("yak-deploy-install-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


def check_spec(spec_dir, exe):
    kj = json.loads((spec_dir / "kernel.json").read_text())
    assert kj["argv"] == [str(exe), "kernel", "--connection-file", "{connection_file}"]
    assert kj["display_name"] == "Go (yak)"
    assert kj["language"] == "go"
    assert kj["interrupt_mode"] == "message"
    for name, magic in LOGOS.items():
        assert (spec_dir / name).read_bytes().startswith(magic), name
    assert sorted(p.name for p in spec_dir.iterdir()) == sorted(["kernel.json", *LOGOS])
    return kj


def jupyter_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(extra)
    return env


def test_prefix_with_plugin_path(shared):
    plugins = shared / "plugins" / "hello"
    plugins.mkdir(parents=True)
    prefix, spec_dir = deploy_prefix(shared / "opt", "--plugin-path", str(plugins),
                                     "--env", "YAK_LOG=info")
    kj = check_spec(spec_dir, prefix / "bin" / "yak")
    assert kj["env"] == {"YAK_PLUGIN_PATH": str(plugins), "YAK_LOG": "info"}
    # Jupyter itself lists it from JUPYTER_PATH, as a hub's spawner environment would set it.
    p = subprocess.run([str(VENV_BIN / "jupyter"), "kernelspec", "list", "--json"],
                       env=jupyter_env(JUPYTER_PATH=str(prefix / "share" / "jupyter"),
                                       JUPYTER_DATA_DIR=str(shared / "userdata")),
                       capture_output=True, text=True, timeout=60, check=True)
    specs = json.loads(p.stdout)["kernelspecs"]
    assert specs["yak"]["resource_dir"] == str(spec_dir)
    assert specs["yak"]["spec"]["env"]["YAK_PLUGIN_PATH"] == str(plugins)
    # The chart extension went beside the spec, and JupyterLab finds it there, prebuilt and enabled.
    p = subprocess.run([str(VENV_BIN / "jupyter"), "labextension", "list"],
                       env=jupyter_env(JUPYTER_PATH=str(prefix / "share" / "jupyter"),
                                       JUPYTER_DATA_DIR=str(shared / "userdata"),
                                       JUPYTER_CONFIG_DIR=str(shared / "config")),
                       capture_output=True, text=True, timeout=120, check=True)
    listing = p.stdout + p.stderr
    line = next((l for l in listing.splitlines() if "@yaknb/jupyterlab-echarts" in l), "")
    assert "enabled" in line and "OK" in line, listing


def test_sys_prefix_goes_into_the_environment(shared):
    env_dir = shared / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True, timeout=60)
    p = subprocess.run([yak(), "install", "--sys-prefix"], env=jupyter_env(VIRTUAL_ENV=str(env_dir)),
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    spec_dir = env_dir / "share" / "jupyter" / "kernels" / "yak"
    check_spec(spec_dir, pathlib.Path(yak()).resolve())
    # That environment's Python finds it with no JUPYTER_PATH: it is in its sys.prefix.
    site = next(pathlib.Path(sys.prefix).glob("lib/python3*/site-packages"))
    find = ("import json; from jupyter_client.kernelspec import find_kernel_specs; "
            "print(json.dumps(find_kernel_specs()))")
    p = subprocess.run([str(env_dir / "bin" / "python"), "-c", find], capture_output=True, text=True,
                       env=jupyter_env(PYTHONPATH=str(site), JUPYTER_DATA_DIR=str(shared / "userdata")),
                       timeout=60, check=True)
    assert json.loads(p.stdout).get("yak") == str(spec_dir)


def as_other_user(argv, home):
    """Runs argv as nobody when we are root (root writes anywhere), else as ourselves."""
    env = jupyter_env(HOME=str(home), PATH=os.environ.get("PATH", "/usr/bin:/bin"))
    if os.geteuid() == 0:
        argv = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *argv]
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)


def test_unwritable_target_is_refused_and_nothing_half_written(shared):
    prefix, spec_dir = deploy_prefix(shared / "opt")
    exe = str(prefix / "bin" / "yak")
    before = {p.name: p.read_bytes() for p in spec_dir.iterdir()}
    data_dir = prefix / "share" / "jupyter"
    for d in (prefix, prefix / "share", data_dir, data_dir / "kernels"):
        d.chmod(0o555)
    try:
        # Replacing the existing spec, and writing into a prefix with no share/ yet.
        fresh = shared / "readonly"
        fresh.mkdir(mode=0o555)
        fresh.chmod(0o555)
        for target in (prefix, fresh):
            p = as_other_user([exe, "install", "--prefix", str(target)], shared)
            assert p.returncode != 0, p.stdout
            assert "permission denied" in p.stderr and "--user" in p.stderr, p.stderr
            assert "cannot write the kernelspec" in p.stderr, p.stderr
        assert {p.name: p.read_bytes() for p in spec_dir.iterdir()} == before
        assert sorted(p.name for p in (data_dir / "kernels").iterdir()) == ["yak"]
        # kernels/ and the chart extension's labextensions/ of the first install, nothing more
        assert sorted(p.name for p in data_dir.iterdir()) == ["kernels", "labextensions"]
        assert list(fresh.iterdir()) == []
    finally:
        for d in (prefix, prefix / "share", data_dir, data_dir / "kernels", shared / "readonly"):
            d.chmod(0o755)


def test_writable_kernels_folder_of_a_readonly_data_dir(shared):
    """An admin may hand a user kernels/ only (not share/jupyter): the install
    stages in kernels/ then, and still leaves nothing but the finished spec."""
    prefix, spec_dir = deploy_prefix(shared / "opt")
    data_dir = prefix / "share" / "jupyter"
    kernels = data_dir / "kernels"
    if os.geteuid() == 0:  # the folder and the spec in it are the other user's
        for path in (kernels, spec_dir, *spec_dir.iterdir()):
            os.chown(path, 65534, 65534)
    data_dir.chmod(0o555)
    try:
        p = as_other_user([str(prefix / "bin" / "yak"), "install", "--prefix", str(prefix),
                           "--display-name", "Go (yak, shared)"], shared)
        assert p.returncode == 0, p.stderr
        assert json.loads((spec_dir / "kernel.json").read_text())["display_name"] == "Go (yak, shared)"
        assert sorted(p.name for p in kernels.iterdir()) == ["yak"]
        # The chart extension's folder is the first install's (root's): it is
        # not the user's to replace, which the install says and carries on.
        assert sorted(p.name for p in data_dir.iterdir()) == ["kernels", "labextensions"]
        assert "chart extension was not installed" in p.stderr, p.stderr
    finally:
        data_dir.chmod(0o755)
