"""Runs a Go benchmark binary once per thread count.

Go 1.26's testing runs a benchmark written with b.Loop (yak's proccpu.Loop is one) at the
GOMAXPROCS of the last -test.cpu entry for every entry: with -test.cpu=1,2 the row named
"1 thread" ran on two (a probe that reports runtime.GOMAXPROCS(0) as a metric shows 2 for
both rows; benchmarks written with b.N are not affected). One process per thread count,
-test.cpu=N alone, gives each row the thread count its name says. The rows are named as go
names them (BenchmarkX for 1, BenchmarkX-N otherwise), so callers parse them as before.
"""
import subprocess


def run(binary, args, threads, cwd):
    """stdout of `binary args -test.cpu=N` for each N in threads, concatenated."""
    out = []
    for t in threads:
        out.append(subprocess.run([binary, *args, "-test.cpu=" + str(t)], capture_output=True, text=True,
                                  check=True, cwd=cwd).stdout)
    return "".join(out)
