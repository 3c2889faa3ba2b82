"""Plugins in a running yak kernel, through jupyter_client.

The example source plugin (examples/plugins/hello) is loaded with
%plugin load and with YAK_PLUGIN_PATH, registers, is imported and called from
cells and calls the compiled runtime; a plugin that does not compile gives an
error naming its file and line, and the kernel keeps its state; %plugins lists
the built-in plugins.
"""

import contextlib
import os
import pathlib

import pytest

import kernel_support as ks

ROOT = pathlib.Path(__file__).resolve().parent.parent
HELLO = ROOT / "examples" / "plugins" / "hello"
BROKEN = ROOT / "plugins" / "magic" / "testdata" / "broken"


@contextlib.contextmanager
def environ(**kw):
    saved = {k: os.environ.get(k) for k in kw}
    os.environ.update(kw)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(scope="module")
def kc():
    km, kc, _ = ks.start()
    yield kc
    ks.stop(km, kc)


def ok(kc, code):
    reply, outs = ks.execute(kc, code)
    assert reply["status"] == "ok", (code, reply)
    return outs


def stdout(outs):
    return "".join(m["content"]["text"] for m in outs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def test_plugins_lists_builtins(kc):
    out = stdout(ok(kc, "%plugins"))
    assert "NAME" in out and "VERSION" in out
    assert "claps" in out and "github.com/yaknb/yak/plugins/claps" in out


def test_load_example_and_call_it(kc):
    out = stdout(ok(kc, f"%plugin load {HELLO}"))
    assert "registered hello" in out, out
    assert "hello" in stdout(ok(kc, "%plugins"))
    ok(kc, 'import "github.com/yaknb/yak/examples/plugins/hello"')
    outs = ok(kc, 'hello.Greet("jupyter")')
    assert [m["content"]["data"]["text/plain"] for m in outs if m["msg_type"] == "execute_result"] == ['hello, jupyter!']
    # Similarity's products run in the compiled runtime/gemm; Show publishes
    # the plugin's (interpreted) Matrix type through display's contract.
    outs = ok(kc, 'm, err := hello.Similarity([]string{"a", "b"}, [][]float32{{3, 4}, {4, 3}})\n'
                  'hello.Show(m)\nimport "fmt"\nfmt.Printf("%.2f\\n", m.At(0, 1))')
    assert stdout(outs) == "0.96\n"
    shown = [m["content"]["data"] for m in outs if m["msg_type"] == "display_data"]
    assert len(shown) == 1 and shown[0]["text/html"].startswith("<table>"), shown
    assert "hello, magic!" in stdout(ok(kc, "%hello magic"))
    assert "self-test passed" in stdout(ok(kc, "%plugin test hello"))


def test_broken_plugin_reports_file_and_line(kc):
    ok(kc, "kept := 7")
    reply, _ = ks.execute(kc, f"%plugin load {BROKEN}")
    assert reply["status"] == "error"
    assert f"{BROKEN / 'broken.go'}:10:9" in reply["evalue"], reply["evalue"]
    assert "undefined: undefinedThing" in reply["evalue"]
    outs = ok(kc, "kept * 6")
    assert [m["content"]["data"]["text/plain"] for m in outs if m["msg_type"] == "execute_result"] == ["42"]


def test_yak_plugin_path_at_start(tmp_path):
    with environ(YAK_PLUGIN_PATH=f"{BROKEN}{os.pathsep}{HELLO}"):
        km, kc, log = ks.start(stderr_path=tmp_path / "stderr.log")
    try:
        out = stdout(ok(kc, "%plugins"))
        assert "hello" in out and "example source plugin" in out, out
        ok(kc, 'import "github.com/yaknb/yak/examples/plugins/hello"')
        outs = ok(kc, 'hello.Greet("")')
        assert [m["content"]["data"]["text/plain"] for m in outs if m["msg_type"] == "execute_result"] == ["hello, world!"]
    finally:
        ks.stop(km, kc, log)
    err = (tmp_path / "stderr.log").read_text()
    assert "YAK_PLUGIN_PATH" in err and "broken.go:10:9" in err, err
