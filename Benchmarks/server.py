#!/usr/bin/env python3
"""Server benchmarks, each measured in one run against a baseline on the same server.

    python3 Benchmarks/server.py throughput [--seconds 15]   GET /api/v1/sessions?limit=50 on a
        journal of 10k sessions vs GET /health, with wrk on loopback (aim >= 0.5x)
    python3 Benchmarks/server.py live [--sessions 1000] [--seconds 60]   1,000 live sessions
        streaming at once: server RSS (aim <= 100 MB) and cue lateness p99
    python3 Benchmarks/server.py weight   the web app's first load, all assets (aim <= 60 KB)

Each builds the release binary first (skip with --no-build, or give one with --binary PATH);
the last line is the figure.
"""
import argparse
import json
import os
import re
import selectors
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary(build):
    if build:
        print("building release…", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release", "--product", "knotwork"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "knotwork")


class Server:
    def __init__(self, knotwork, folder, speed=1):
        self.db = os.path.join(folder, "journal.sqlite")
        self.process = subprocess.Popen([knotwork, "serve", "--port", "0", "--speed", str(speed), "--db", self.db],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            raise SystemExit(f"the server did not start: {line}")
        self.port = int(match.group(1))
        self.url = f"http://127.0.0.1:{self.port}"

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        """SIGTERM, as a service manager would; the shutdown must not hang on open streams."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise SystemExit("the server did not stop within 30 s of SIGTERM")


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def wrk(url, seconds):
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{max(1, round(seconds))}s", url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses")
    return rate


def throughput(knotwork, seconds):
    with tempfile.TemporaryDirectory() as folder:
        now = time.time()
        sessions = [{
            "id": str(uuid.uuid4()), "startedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - i * 3600)),
            "timeZone": "Europe/Berlin", "regions": ["outer-hip"], "side": "left", "painBefore": 3 + i % 6, "painAfter": 1 + i % 4,
            "pressureSeconds": 300, "steps": [], "source": "log", "note": "bench" if i % 3 == 0 else None,
        } for i in range(10_000)]
        for s in sessions:
            if s["note"] is None:
                del s["note"]
        backup = os.path.join(folder, "backup.json")
        with open(backup, "w") as f:
            json.dump({"schema": "knotwork.journal/1", "exportedAt": sessions[0]["startedAt"], "sessions": sessions,
                       "painRatings": [], "screenings": []}, f)
        db = os.path.join(folder, "journal.sqlite")
        subprocess.run([knotwork, "import", "--db", db, backup], check=True, stdout=subprocess.DEVNULL)
        server = Server(knotwork, folder)
        try:
            wrk(server.url + "/health", 2)  # warm up
            wrk(server.url + "/api/v1/sessions?limit=50", 2)
            # Rounds alternate, so drift in what else the machine is doing touches both alike.
            hellos, listings = [], []
            for _ in range(3):
                hellos.append(wrk(server.url + "/health", seconds / 3))
                listings.append(wrk(server.url + "/api/v1/sessions?limit=50", seconds / 3))
        finally:
            server.stop()
    hello, listing = statistics.median(hellos), statistics.median(listings)
    print(f"GET /health:                       {hello:10.0f} requests/s (median of 3 rounds)")
    print(f"GET /api/v1/sessions?limit=50:     {listing:10.0f} requests/s (journal of 10,000 sessions)")
    print(f"sessions/health: {listing / hello:.2f}x")


def live(knotwork, count, seconds):
    plan = {"regions": ["outer-hip", "low-back"], "side": "both", "minutes": 10}
    speed = 10
    with tempfile.TemporaryDirectory() as folder:
        server = Server(knotwork, folder, speed=speed)
        try:
            idle = server.rss_mb()
            selector = selectors.DefaultSelector()
            streams = {}
            print(f"starting {count} live sessions at {speed}x and opening their streams…", file=sys.stderr)
            questions = json.loads(urllib.request.urlopen(server.url + "/api/v1/screening").read())["questions"]
            for i in range(count):
                # Answers count for one session: each start is screened, as a person's would be.
                post(server.url + "/api/v1/screening", {"answers": {q: False for q in questions}})
                created = post(server.url + "/api/v1/live", {"request": plan, "painBefore": 5})
                # The session's clock starts at the end of the request, after the screening is
                # read and marked used and just before the answer is written: take that as time 0.
                origin = time.time()
                sock = socket.create_connection(("127.0.0.1", server.port))
                sock.sendall(f"GET /api/v1/live/{created['id']}/stream?lastEventId=0 HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nAccept: text/event-stream\r\n\r\n".encode())
                sock.setblocking(False)
                streams[sock] = {"buffer": b"", "origin": origin, "opened": time.time()}
                selector.register(sock, selectors.EVENT_READ)
            opened = server.rss_mb()
            lateness = []
            end = time.time() + seconds
            while time.time() < end:
                for key, _ in selector.select(timeout=0.5):
                    sock = key.fileobj
                    state = streams[sock]
                    try:
                        data = sock.recv(65536)
                    except BlockingIOError:
                        continue
                    received = time.time()
                    state["buffer"] += data
                    for cue in re.findall(rb"event: cue\ndata: (\{.*?\})\n", state["buffer"]):
                        due = state["origin"] + json.loads(cue)["at"] / speed
                        if due > state["opened"] + 0.05:  # not one replayed from before the stream opened
                            lateness.append((received - due) * 1000)
                    state["buffer"] = state["buffer"][state["buffer"].rfind(b"\n\n") + 2:] if b"\n\n" in state["buffer"] else state["buffer"]
            rss = server.rss_mb()
            stopping = time.time()
        finally:
            server.stop()
        print(f"graceful shutdown with {count} open streams: {time.time() - stopping:.1f} s")
    lateness.sort()
    p50 = statistics.median(lateness) if lateness else float("nan")
    p99 = lateness[int(len(lateness) * 0.99)] if lateness else float("nan")
    print(f"{count} live sessions streaming for {seconds} s: {len(lateness)} cues received live")
    print(f"cue lateness at the client (deadline to arrival, over loopback): p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    print(f"server RSS: idle {idle:.1f} MB, just after opening {count} streams {opened:.1f} MB, after {seconds} s {rss:.1f} MB")
    print(f"RSS/100MB aim: {rss / 100:.2f}x; cue lateness p99 {p99:.1f} ms")


def weight(knotwork):
    with tempfile.TemporaryDirectory() as folder:
        server = Server(knotwork, folder)
        try:
            index = urllib.request.urlopen(server.url + "/").read()
            paths = set(re.findall(rb'(?:href|src)="(/[^"]+)"', index))
            paths |= {b"/sw.js"}
            total = len(index)
            rows = [("/", len(index))]
            for path in sorted(paths):
                if path.startswith(b"/api/"):
                    continue
                size = len(urllib.request.urlopen(server.url + path.decode()).read())
                rows.append((path.decode(), size))
                total += size
        finally:
            server.stop()
    for path, size in rows:
        print(f"{path:24} {size:7d} bytes")
    print(f"first load, all assets: {total} bytes; of the 60 KB aim: {total / 61440:.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("which", choices=["throughput", "live", "weight"])
    parser.add_argument("--seconds", type=int, default=None)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--binary", help="a release knotwork binary built elsewhere (e.g. with --scratch-path)")
    args = parser.parse_args()
    knotwork = args.binary or binary(not args.no_build)
    if args.which == "throughput":
        throughput(knotwork, args.seconds or 15)
    elif args.which == "live":
        live(knotwork, args.sessions, args.seconds or 60)
    else:
        weight(knotwork)


if __name__ == "__main__":
    main()
