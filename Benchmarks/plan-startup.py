#!/usr/bin/env python3
"""How long `knotwork plan` takes as a whole process, against `knotwork --version` in the same run.

Both start the same release binary; the difference is loading and validating the catalog and
planning. Runs are interleaved so that machine noise hits both alike. The last line is the
figure: median(plan) / median(--version). Aim: <= 1.3x.

    python3 Benchmarks/plan-startup.py [--runs N] [--no-build | --binary PATH]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200, help="runs of each command (default 200)")
    parser.add_argument("--no-build", action="store_true", help="use the release binary already built")
    parser.add_argument("--binary", help="a release knotwork binary built elsewhere (e.g. with --scratch-path)")
    args = parser.parse_args()
    if args.runs < 5:
        parser.error(f"--runs {args.runs} is too few; use at least 5")

    if not args.no_build and not args.binary:
        print("building release…", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release", "--product", "knotwork"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    binary = args.binary
    if not binary:
        bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                                  capture_output=True, text=True).stdout.strip()
        binary = os.path.join(bin_path, "knotwork")
    commands = {
        "version": [binary, "--version"],
        "plan": [binary, "plan", "--where", "outer-hip,low-back", "--side", "both", "--minutes", "10"],
    }
    for name, command in commands.items():  # warm the page cache; check both work
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    times = {name: [] for name in commands}
    for i in range(args.runs):
        for name, command in commands.items():
            start = time.perf_counter_ns()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times[name].append((time.perf_counter_ns() - start) / 1e6)
        if (i + 1) % 50 == 0:
            print(f"  {i + 1}/{args.runs} runs", file=sys.stderr)

    for name, samples in times.items():
        print(f"{name:8} median {statistics.median(samples):7.2f} ms  p90 "
              f"{statistics.quantiles(samples, n=10)[-1]:7.2f} ms  ({len(samples)} runs)")
    ratio = statistics.median(times["plan"]) / statistics.median(times["version"])
    print(f"plan/version: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
