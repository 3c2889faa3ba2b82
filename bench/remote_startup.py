#!/usr/bin/env python3
"""Remote-kernel start-up: yak through gateway_provisioners' DistributedProvisioner (SSH to
127.0.0.2 on this machine) against yak started locally, side by side, in one run.

Both are started by jupyter_client's KernelManager from a kernelspec (`yak install` and
`yak install --ssh`), as a Jupyter server starts them; the time is from start_kernel() to
the first kernel_info_reply. Runs alternate local/remote; medians are printed with their
ratio (the issue's goal: remote within 2x of local). The SSH hosts are the test's own
sshd instances (tests/remote/ssh_support.py), so this needs root and openssh-server.

    YAK=bin/yak .venv/bin/python bench/remote_startup.py --runs 7
"""

import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests" / "remote"))
import ssh_support as ss  # noqa: E402
from jupyter_client.manager import KernelManager  # noqa: E402


def start_once(name):
    km = KernelManager(kernel_name=name)
    t = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    dt = time.perf_counter() - t
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    return dt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    cluster = ss.Cluster(server=False)
    local_prefix = pathlib.Path(tempfile.mkdtemp(prefix="yak-bench-local-"))
    try:
        p = subprocess.run([str(cluster.yak), "install", "--prefix", str(local_prefix), "--name", "yak_local",
                            "--env", "YAK_HISTORY_FILE=off"], capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        env = cluster.env()
        env["JUPYTER_PATH"] = os.pathsep.join([env["JUPYTER_PATH"], str(local_prefix / "share" / "jupyter")])
        os.environ.update(env)
        start_once("yak_local")  # warm the page cache and imports for both
        start_once(ss.KERNEL_NAME)
        times = {"yak_local": [], ss.KERNEL_NAME: []}
        for _ in range(args.runs):
            for name in times:
                times[name].append(start_once(name))
        local, remote = statistics.median(times["yak_local"]), statistics.median(times[ss.KERNEL_NAME])
        print(f"start to first kernel_info_reply, median of {args.runs} (alternated):")
        print(f"  yak, local kernelspec                 {local * 1000:8.1f} ms  {[round(t * 1000) for t in times['yak_local']]}")
        print(f"  yak, DistributedProvisioner over SSH  {remote * 1000:8.1f} ms  {[round(t * 1000) for t in times[ss.KERNEL_NAME]]}")
        print(f"  remote / local = {remote / local:.2f} (goal <= 2)")
    finally:
        cluster.close()
        shutil.rmtree(local_prefix, ignore_errors=True)


if __name__ == "__main__":
    main()
