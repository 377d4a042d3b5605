"""How long the `niangjia` command takes, end to end, as a user runs it.

Starts the embedded stack (`niangjia up --no-demo`) on free ports in a temporary data folder, then
runs each command as a fresh process N times and prints the median and the slowest run in seconds:
`--help`, a command's help, a read command that answers from the projections service (`counts`),
and one that reads a local file (`tokens list`). Python's own start-up is printed for comparison.

    .venv/bin/python bench/cli_bench.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def _free_base_port() -> int:
    for base in range(20000, 60000, 10):
        try:
            sockets = [socket.create_server(("127.0.0.1", base + i)) for i in range(6)]
        except OSError:
            continue
        for s in sockets:
            s.close()
        return base
    raise RuntimeError("no free ports")


def _time(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), max(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        base = _free_base_port()
        env = {**os.environ, "NIANGJIA_DATA_DIR": str(data), "NIANGJIA_BASE_PORT": str(base)}
        up = subprocess.Popen(
            [str(BIN / "niangjia"), "up", "--no-demo"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{base + 2}/health", timeout=1)  # projections
                    if (data / "admin.token").exists():
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline or up.poll() is not None:
                    raise SystemExit("the stack did not start")
                time.sleep(0.5)
            cases = {
                "python -c pass": [sys.executable, "-c", "pass"],
                "niangjia --help": [str(BIN / "niangjia"), "--help"],
                "niangjia counts --help": [str(BIN / "niangjia"), "counts", "--help"],
                "niangjia counts": [str(BIN / "niangjia"), "counts"],
                "niangjia counts --json": [str(BIN / "niangjia"), "counts", "--json"],
                "niangjia tokens list": [str(BIN / "niangjia"), "tokens", "list"],
            }
            print(f"{'command':<28} {'median s':>9} {'max s':>8}   ({args.runs} runs each)")
            for name, argv in cases.items():
                median, worst = _time(argv, env, args.runs)
                print(f"{name:<28} {median:>9.3f} {worst:>8.3f}")
        finally:
            os.killpg(up.pid, signal.SIGINT)
            try:
                up.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(up.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
