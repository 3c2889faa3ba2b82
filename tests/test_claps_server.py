"""claps against a real OpenAI-compatible server (issue 15, item 4).

llama-cpp-python's server, built into this venv by `make venv`
(requirements-llm.txt), serves the SmolLM2 GGUF that `make models` fetches.
The Go tests in plugins/claps/http_server_test.go start it on 127.0.0.1 with
this venv's python and check that the HTTP scorer's label log-probabilities
agree with the in-process GGUF scorer's, that timeouts, 429 and 5xx answers
are handled, and that a search stopped by a killed server or an interrupt
resumes from its cache with every query counted once. They skip without
YAK_TEST_LLAMA_PYTHON, so this test runs them with it set and fails if any
skipped.
"""

import importlib.util
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_claps_scores_through_a_real_llama_cpp_server():
    for mod in ("llama_cpp", "uvicorn", "fastapi", "sse_starlette"):
        if importlib.util.find_spec(mod) is None:
            pytest.skip(f"llama-cpp-python[server] is not in this venv ({mod} is missing): `make venv` installs "
                        "requirements-llm.txt; if it ran, the build failed (it needs g++ and cmake): see its output")
    go = os.environ.get("GO") or shutil.which("go")
    assert go, "the go command is not on PATH"
    env = dict(os.environ, YAK_TEST_LLAMA_PYTHON=sys.executable)
    p = subprocess.run([go, "test", "-count=1", "-v", "-timeout", "20m", "-run", "^TestLlamaServer",
                        "./plugins/claps"], cwd=ROOT, env=env, capture_output=True, text=True)
    out = p.stdout + p.stderr
    for line in out.splitlines():
        if "MEASURED" in line or "resumed to" in line:
            print(line.strip())
    assert p.returncode == 0, out[-6000:]
    assert "--- SKIP" not in out, out[-6000:]
    passed = set(re.findall(r"--- PASS: (TestLlamaServer\w+) ", out))
    assert passed == {"TestLlamaServerAgreement", "TestLlamaServerFaults", "TestLlamaServerResume"}, out[-6000:]
