#!/usr/bin/env python3
"""Kernel latency: yak against ipykernel, side by side, in one run.

Measures for each kernel
  * start: from launching the kernel process to the first kernel_info_reply
    (the request is sent right after launch; ZeroMQ delivers it as soon as
    the kernel binds), median of --starts runs;
  * round trip: `1+1` execute_request to execute_reply, median of --n runs
    after a short warm-up;
  * bind: from launching the kernel process to its shell port accepting a
    TCP connection (a plain socket client polling every 0.5 ms, no
    jupyter_client): what the kernel itself takes to be reachable. The start
    figure adds jupyter_client's own work and, when the kernel binds after
    the client first connects, libzmq's reconnect interval (100 ms);
the kernel process's CPU time per round trip (user+system, from /proc;
unlike wall time it does not depend on what else the machine runs); and for
yak its resident memory (VmRSS) after start and after 10,000 executions. Prints the ratios against the goals (start 10x, round trip 5x).

Run with .venv-bench (`make bench-venv`: jupyter_client and ipykernel pinned in
requirements-bench.txt):

    make bench-kernel    # = .venv-bench/bin/python bench/kernel_latency.py --yak bin/yak

Both kernels run with their history on (in a temporary directory), so neither
skips work the other does.
"""

import argparse
import json
import os
import pathlib
import queue
import shutil
import socket
import subprocess
import statistics
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager


def write_spec(root, name, argv, env):
    d = root / "kernels" / name
    d.mkdir(parents=True)
    (d / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": name, "language": "x", "env": env}))


def rss_kib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return -1


def cpu_seconds(pid):
    """User+system CPU time the process has used (load-independent, unlike wall time)."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_ports(n):
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def bind_time(argv, env, tmp):
    """Seconds from launching argv (with {connection_file}) to its shell port accepting TCP."""
    ports = free_ports(5)
    cf = tmp / f"bind-{ports[0]}.json"
    cf.write_text(json.dumps({"shell_port": ports[0], "iopub_port": ports[1], "stdin_port": ports[2],
                              "control_port": ports[3], "hb_port": ports[4], "ip": "127.0.0.1", "key": "x",
                              "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "bench"}))
    argv = [str(cf) if a == "{connection_file}" else a for a in argv]
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=dict(os.environ, **env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", ports[0])) == 0:
                    return time.perf_counter() - t0
            if proc.poll() is not None or time.perf_counter() - t0 > 60:
                raise RuntimeError(f"{argv[0]} did not bind its shell port")
            time.sleep(0.0005)
    finally:
        proc.kill()
        proc.wait()


def wait_reply(kc, msg_id, timeout=30):
    while True:
        m = kc.get_shell_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") == msg_id:
            return m


def start(name):
    """Starts kernel name; returns (km, kc, seconds to the first kernel_info_reply)."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    wait_reply(kc, kc.kernel_info())
    return km, kc, time.perf_counter() - t0


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def drain_iopub(kc):
    while True:
        try:
            kc.get_iopub_msg(timeout=0)
        except queue.Empty:
            return


def round_trips(kc, n, warmup=20):
    times = []
    for i in range(warmup + n):
        t0 = time.perf_counter()
        wait_reply(kc, kc.execute("1+1"))
        if i >= warmup:
            times.append(time.perf_counter() - t0)
        drain_iopub(kc)
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--yak", default="bin/yak", help="the yak binary (default bin/yak)")
    ap.add_argument("--n", type=int, default=200, help="round trips to take the median of (default 200)")
    ap.add_argument("--starts", type=int, default=5, help="kernel starts to take the median of (default 5)")
    ap.add_argument("--executions", type=int, default=10000, help="executions before the second memory reading")
    args = ap.parse_args()

    yak = os.path.abspath(args.yak if os.path.exists(args.yak) else shutil.which(args.yak) or args.yak)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="yak-bench-"))
    try:
        specs = {
            "yak-bench": ([yak, "kernel", "--connection-file", "{connection_file}"],
                          {"YAK_HISTORY_FILE": str(tmp / "yak-history.jsonl")}),
            "ipykernel-bench": ([sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                                {"IPYTHONDIR": str(tmp / "ipython")}),
        }
        for name, (argv, env) in specs.items():
            write_spec(tmp, name, argv, env)
        os.environ["JUPYTER_PATH"] = str(tmp)
        os.environ["JUPYTER_RUNTIME_DIR"] = str(tmp / "runtime")

        results = {}
        for name in ("yak-bench", "ipykernel-bench"):
            binds = [bind_time(*specs[name], tmp) for _ in range(args.starts)]
            starts = []
            for _ in range(args.starts):
                km, kc, s = start(name)
                starts.append(s)
                stop(km, kc)
            km, kc, _ = start(name)
            try:
                pid = km.provisioner.process.pid
                rss0 = rss_kib(pid)
                cpu0 = cpu_seconds(pid)
                rt = round_trips(kc, args.n)
                cpu = (cpu_seconds(pid) - cpu0) / (20 + args.n)
                rss1 = None
                if name == "yak-bench":
                    for _ in range(args.executions - (20 + args.n)):
                        wait_reply(kc, kc.execute("1+1"))
                        drain_iopub(kc)
                    rss1 = rss_kib(pid)
            finally:
                stop(km, kc)
            results[name] = (statistics.median(starts), statistics.median(rt), rss0, rss1, cpu, statistics.median(binds))

        y, p = results["yak-bench"], results["ipykernel-bench"]
        import ipykernel
        import jupyter_client
        print(f"python {sys.version.split()[0]} ({sys.executable}), ipykernel {ipykernel.__version__}, "
              f"jupyter_client {jupyter_client.__version__}, yak {yak}")
        print(f"{'':28}{'yak':>12}{'ipykernel':>12}{'ratio':>9}{'goal':>7}")
        print(f"{'start to kernel_info_reply':28}{y[0]*1e3:>10.1f}ms{p[0]*1e3:>10.1f}ms{p[0]/y[0]:>8.1f}x{'10x':>7}")
        print(f"{'launch to shell port bound':28}{y[5]*1e3:>10.1f}ms{p[5]*1e3:>10.1f}ms{p[5]/y[5]:>8.1f}x")
        print(f"{'1+1 round trip (median)':28}{y[1]*1e3:>10.3f}ms{p[1]*1e3:>10.3f}ms{p[1]/y[1]:>8.1f}x{'5x':>7}")
        print(f"{'kernel CPU per round trip':28}{y[4]*1e3:>10.3f}ms{p[4]*1e3:>10.3f}ms{p[4]/max(y[4], 1e-9):>8.1f}x")
        print(f"yak resident memory: {y[2]/1024:.1f} MiB after start, "
              f"{y[3]/1024:.1f} MiB after {args.executions} executions "
              f"(ipykernel after start: {p[2]/1024:.1f} MiB)")
        print(f"(start: median of {args.starts}; round trip: median of {args.n} after 20 warm-up; "
              f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
