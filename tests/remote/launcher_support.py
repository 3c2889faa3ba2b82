"""Helpers of the remote-kernel tests (no tests here)."""

import json
import os
import pathlib
import socket
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).parent
TIMEOUT = 30


def yak():
    path = os.environ.get("YAK")
    assert path, "set YAK to the built yak binary (make test-py does)"
    return path


def free_port(ip="127.0.0.1"):
    with socket.socket() as s:
        s.bind((ip, 0))
        return s.getsockname()[1]


class StandIn:
    """gateway_provisioners' ResponseManager in a subprocess (response_manager_standin.py)."""

    def __init__(self, kernel_id):
        env = dict(os.environ, GP_RESPONSE_IP="127.0.0.1", GP_RESPONSE_PORT=str(free_port()))
        self.proc = subprocess.Popen([sys.executable, str(HERE / "response_manager_standin.py"), kernel_id, str(TIMEOUT)],
                                     stdout=subprocess.PIPE, text=True, env=env)
        first = json.loads(self.proc.stdout.readline())
        self.response_address, self.public_key = first["response_address"], first["public_key"]

    def connection_info(self):
        info = json.loads(self.proc.stdout.readline())
        assert "error" not in info, info
        self.proc.wait(timeout=TIMEOUT)
        return info

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def send_request(host, port, request):
    """What the provisioner does on the communication port: connect, send one JSON object, close."""
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(json.dumps(request).encode())


def comm_port_open(host, port):
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def wait_exit(proc, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        assert time.monotonic() < deadline, f"process {proc.pid} still runs"
        time.sleep(0.05)
    return proc.returncode
