#!/usr/bin/env python3
"""Benchmarks of several `knotwork serve` instances on one PostgreSQL database, each measured in
one run against a baseline of the same run.

    python3 Benchmarks/instances.py takeover --database URL [--lease 2] [--rounds 5]
        A live session streams from instance B while instance A drives it; A is killed with
        SIGKILL. The time from the kill to B's first new event, against the lease length.
    python3 Benchmarks/instances.py scale --database URL [--seconds 15]
        GET /api/v1/sessions?limit=50 (a journal of 10,000 sessions) with wrk on loopback: two
        instances served at once against one instance alone.

URL is a PostgreSQL database the benchmark may create databases beside (scripts/postgres start
DIR prints one). Each builds the release binary first (skip with --no-build, or give one with
--binary PATH); the last line is the figure.
"""
import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import binary, post, wrk  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Tests", "failover"))
from test_failover import Stream, call  # noqa: E402


def new_database(admin_url):
    name = "bench_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", admin_url, "-c", f"CREATE DATABASE {name}"], check=True,
                   capture_output=True)
    return admin_url.rsplit("/", 1)[0] + "/" + name


def start(knotwork, database, log, *extra):
    process = subprocess.Popen([knotwork, "serve", "--port", "0", "--database", database, *extra],
                               stdout=open(log, "w"), stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", open(log).read())
        if match and call(int(match.group(1)), "GET", "/ready")[0] == 200:
            return process, int(match.group(1))
        if process.poll() is not None:
            raise SystemExit("the server did not start: " + open(log).read())
        time.sleep(0.05)
    raise SystemExit("the server did not start within 60 s")


def screened_session(port):
    questions = call(port, "GET", "/api/v1/screening")[1]["questions"]
    call(port, "POST", "/api/v1/screening", {"answers": {q: False for q in questions}})
    status, live = call(port, "POST", "/api/v1/live", {"request": {"regions": ["buttock"], "minutes": 10}, "painBefore": 5})
    assert status == 201, live
    return live["id"]


def takeover(knotwork, admin_url, lease, rounds):
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for round in range(rounds):
            database = new_database(admin_url)
            a, port_a = start(knotwork, database, os.path.join(folder, f"a{round}.log"), "--lease-seconds", str(lease), "--speed", "10")
            b, port_b = start(knotwork, database, os.path.join(folder, f"b{round}.log"), "--lease-seconds", str(lease), "--speed", "10")
            try:
                session = screened_session(port_a)
                stream = Stream(port_b, f"/api/v1/live/{session}/stream")
                last = int(stream.next()["id"])
                # The lease was taken well before: wait until mid-way between two renewals.
                time.sleep(lease / 2)
                a.send_signal(signal.SIGKILL)
                killed = time.monotonic()
                a.wait(timeout=10)
                while True:
                    event = stream.next()
                    if event is None:
                        raise SystemExit("the stream ended before B took the session over")
                    # The state B saves when it takes the session over (or any later event).
                    if int(event["id"]) > last and time.monotonic() - killed > 0.05:
                        break
                    last = max(last, int(event["id"]))
                times.append(time.monotonic() - killed)
                stream.close()
            finally:
                for process in (a, b):
                    if process.poll() is None:
                        process.terminate()
                        process.wait(timeout=30)
            print(f"round {round + 1}: first event from B {times[-1]:.2f} s after SIGKILL (lease {lease} s)", file=sys.stderr)
    median = statistics.median(times)
    print(f"takeover after SIGKILL: median {median:.2f} s, worst {max(times):.2f} s over {rounds} rounds; lease {lease} s")
    print(f"takeover/lease: {median / lease:.2f}x")


def scale(knotwork, admin_url, seconds):
    with tempfile.TemporaryDirectory() as folder:
        database = new_database(admin_url)
        now = time.time()
        sessions = [{
            "id": str(uuid.uuid4()), "startedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - i * 3600)),
            "timeZone": "Europe/Berlin", "regions": ["outer-hip"], "side": "left", "painBefore": 3 + i % 6, "painAfter": 1 + i % 4,
            "pressureSeconds": 300, "steps": [], "source": "log",
        } for i in range(10_000)]
        backup = os.path.join(folder, "backup.json")
        with open(backup, "w") as f:
            json.dump({"schema": "knotwork.journal/1", "exportedAt": sessions[0]["startedAt"], "sessions": sessions,
                       "painRatings": [], "screenings": []}, f)
        subprocess.run([knotwork, "import", "--database", database, backup], check=True, stdout=subprocess.DEVNULL)
        a, port_a = start(knotwork, database, os.path.join(folder, "a.log"))
        b, port_b = start(knotwork, database, os.path.join(folder, "b.log"))
        path = "/api/v1/sessions?limit=50"
        try:
            wrk(f"http://127.0.0.1:{port_a}{path}", 2)
            wrk(f"http://127.0.0.1:{port_b}{path}", 2)
            ones, twos = [], []
            for _ in range(3):
                ones.append(wrk(f"http://127.0.0.1:{port_a}{path}", seconds / 6))
                rates = [0.0, 0.0]

                def run(index, port):
                    rates[index] = wrk(f"http://127.0.0.1:{port}{path}", seconds / 6)

                threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate((port_a, port_b))]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                twos.append(sum(rates))
        finally:
            for process in (a, b):
                process.terminate()
                process.wait(timeout=30)
    one, two = statistics.median(ones), statistics.median(twos)
    print(f"one instance:   {one:10.0f} requests/s (median of 3 rounds)")
    print(f"two instances:  {two:10.0f} requests/s together, each with its own wrk (same 2-core machine, same database)")
    print(f"two/one: {two / one:.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benchmark", choices=["takeover", "scale"])
    parser.add_argument("--database", required=True, help="a PostgreSQL URL (scripts/postgres start DIR prints one)")
    parser.add_argument("--lease", type=int, default=2, help="seconds (takeover)")
    parser.add_argument("--rounds", type=int, default=5, help="takeover rounds")
    parser.add_argument("--seconds", type=float, default=15, help="seconds of load (scale)")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--binary")
    args = parser.parse_args()
    knotwork = args.binary or binary(not args.no_build)
    if args.benchmark == "takeover":
        takeover(knotwork, args.database, args.lease, args.rounds)
    else:
        scale(knotwork, args.database, args.seconds)


if __name__ == "__main__":
    main()
