#!/usr/bin/env python3
"""Peak memory (RSS high-water mark) on a big journal against a small one, each measured in one run.

    python3 Benchmarks/memory.py [--sessions 1000000] [--small 1000] [--only NAME[,NAME]] [--keep DIR]

For a small journal (--small, default 1,000 sessions) and a large one (--sessions, default
1,000,000), spread over the last two years, it writes a JSON backup (knotwork.journal/1, streamed
out, never held whole) and measures the peak RSS of:

    import             knotwork import BACKUP --db J              (ru_maxrss from wait4)
    export-json        knotwork export --db J --format json --output FILE
    export-csv         knotwork export --db J --format csv --output FILE
    history            GET /api/v1/history?since=all              (VmHWM of a fresh
    history/chart.svg  GET /api/v1/history/chart.svg?since=all     knotwork serve --port 0
    exports/csv        GET /api/v1/exports/csv                     --db J for each request,
    exports/json       GET /api/v1/exports/json                    read from /proc once the
    exports/fhir       GET /api/v1/exports/fhir                    whole body has arrived)
    exports/ics        GET /api/v1/exports/ics

The aim: the large journal's peak is at most 1.5x the small one's for every operation, i.e. memory
does not grow with the journal. A table per operation (MB, ratio, bytes, seconds) goes to standard
output; progress to standard error; the last line is the figure, the worst ratio.

--keep DIR keeps the journals in DIR/sessions-N and reuses them on later runs: generation and
import are then skipped, so the import is not measured. Needs under 1 GB of disk at 1M sessions while
it runs (the backup and an export file, deleted as soon as they are measured). A process whose RSS
passes --max-mb (default 60% of the memory available at the start) is killed and counts as
failed, as does a request that stalls for --timeout seconds (default 900).

Builds the release binary first (skip with --no-build, or give one with --binary PATH).
"""
import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import server  # noqa: E402  (Benchmarks/server.py: binary(), Server)

CLI_OPS = {"import": None, "export-json": "json", "export-csv": "csv"}
HTTP_OPS = {
    "history": "/api/v1/history?since=all",
    "history/chart.svg": "/api/v1/history/chart.svg?since=all",
    "exports/csv": "/api/v1/exports/csv",
    "exports/json": "/api/v1/exports/json",
    "exports/fhir": "/api/v1/exports/fhir",
    "exports/ics": "/api/v1/exports/ics",
}
OPS = list(CLI_OPS) + list(HTTP_OPS)
AIM = 1.5

REGIONS = ["low-back", "sacrum", "tailbone", "buttock", "outer-hip", "side-of-thigh", "back-of-thigh", "lower-leg"]
# Most people come back to the same one or two places.
REGION_WEIGHTS = [30, 4, 2, 25, 30, 8, 6, 3]
SIDES = ["left", "right", "both", None]
NOTES = ["tight after the run", "better, slept well", "sore, stopped early", "left side worse, right fine",
         "after 8 h at the desk", "ball against the wall", "Müde, aber besser", '"ok" – not great',
         "- stiff in the morning", "hip clicks when I stand up"]
TWO_YEARS = 2 * 365 * 86400


def log(message):
    print(message, file=sys.stderr, flush=True)


def iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def generate(path, count, seed=1):
    """Writes a knotwork.journal/1 backup of `count` sessions, newest first, a batch at a time."""
    rng = random.Random(seed)
    now = int(time.time()) - 3600  # well in the past when the importer reads it
    step = max(1.0, TWO_YEARS / count)
    jitter = max(0, int(step) - 1)  # keeps start times strictly apart
    with open(path, "w", encoding="utf-8") as out:
        out.write(f'{{"exportedAt":"{iso(now)}","painRatings":[],"schema":"knotwork.journal/1","screenings":[],"sessions":[\n')
        batch = []
        for i in range(count):
            regions = rng.choices(REGIONS, REGION_WEIGHTS, k=rng.choice((1, 1, 1, 2)))
            before = rng.randint(2, 9) if rng.random() < 0.95 else rng.randint(0, 10)
            session = {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "startedAt": iso(now - int(i * step) - rng.randint(0, jitter)),
                "timeZone": "Europe/Berlin",
                "regions": sorted(set(regions), key=regions.index),
                "painBefore": before,
                "painAfter": max(0, min(10, before - rng.randint(-1, 4))),
                "pressureSeconds": 0,
                "steps": [],
                "source": "log",
            }
            side = rng.choice(SIDES)
            if side:
                session["side"] = side
            if rng.random() < 0.2:
                session["note"] = rng.choice(NOTES)
            batch.append(json.dumps(session, sort_keys=True, ensure_ascii=False, separators=(",", ":")))
            if len(batch) == 10_000:
                out.write(",\n".join(batch) + (",\n" if i + 1 < count else ""))
                batch = []
        if batch:
            out.write(",\n".join(batch))
        out.write("\n]}\n")


def status_mb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def hwm_mb(pid):
    return status_mb(pid, "VmHWM")


def status_mb_meminfo(field):
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("inf")


class Guard:
    """Kills a child of ours whose RSS passes the cap, so one runaway request cannot take the machine."""

    def __init__(self, pid, cap_mb):
        self.pid, self.cap, self.tripped = pid, cap_mb, None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.watch, daemon=True)
        self.thread.start()

    def watch(self):
        while not self.done.wait(0.1):
            rss = status_mb(self.pid, "VmRSS")
            if rss > self.cap:
                self.tripped = rss
                os.kill(self.pid, signal.SIGKILL)
                return

    def stop(self):
        """Call before the child is reaped (its pid must not be reused under the guard)."""
        self.done.set()
        self.thread.join()
        return f"killed: RSS passed --max-mb {self.cap:.0f} MB" if self.tripped else None


def run_measured(command, cap_mb):
    """Runs a child to its end: (peak RSS in MB from wait4's ru_maxrss, seconds, error or None)."""
    with tempfile.TemporaryFile() as errors:
        start = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        guard = Guard(process.pid, cap_mb)
        os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)  # ended, not yet reaped
        killed = guard.stop()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if killed or process.returncode != 0:
            errors.seek(0)
            text = errors.read().decode(errors="replace").strip()[-300:]
            return usage.ru_maxrss / 1024, seconds, killed or f"exit {process.returncode}: {text}"
    return usage.ru_maxrss / 1024, seconds, None  # KiB on Linux


class Result:
    def __init__(self, mb=None, size=None, seconds=None, error=None, idle=None, first=None):
        self.mb, self.size, self.seconds, self.error, self.idle, self.first = mb, size, seconds, error, idle, first


def prepare(knotwork, folder, count, cap_mb):
    """Makes folder/journal.sqlite with `count` sessions; the import's Result, or None if it was kept."""
    journal = os.path.join(folder, "journal.sqlite")
    done = os.path.join(folder, "complete")
    if os.path.exists(journal) and os.path.exists(done):
        log(f"{count} sessions: reusing {journal} (import not measured)")
        return None
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):  # a half-made journal from an interrupted run
        os.remove(os.path.join(folder, name))
    backup = os.path.join(folder, "backup.json")
    start = time.monotonic()
    generate(backup, count)
    log(f"{count} sessions: backup of {os.path.getsize(backup):,} bytes written in {time.monotonic() - start:.1f} s; importing…")
    mb, seconds, error = run_measured([knotwork, "import", backup, "--db", journal], cap_mb)
    size = os.path.getsize(backup)
    os.remove(backup)
    if error:
        raise SystemExit(f"import of {count} sessions failed: {error}")
    open(done, "w").close()
    log(f"  import: peak {mb:.1f} MB, {seconds:.1f} s")
    return Result(mb, size, seconds)


def cli_export(knotwork, folder, form, cap_mb):
    output = os.path.join(folder, f"export.{form}")
    mb, seconds, error = run_measured([knotwork, "export", "--db", os.path.join(folder, "journal.sqlite"),
                                       "--format", form, "--output", output], cap_mb)
    size = os.path.getsize(output) if os.path.exists(output) else None
    if os.path.exists(output):
        os.remove(output)
    return Result(mb, size, seconds, error)


def request(knotwork, folder, path, timeout, cap_mb):
    """One GET against a fresh server on folder/journal.sqlite, the body read whole and dropped."""
    try:
        running = server.Server(knotwork, folder)
    except SystemExit as error:
        return Result(error=str(error))
    output = []
    # Whatever the server prints must not fill its pipe and stall it; keep the tail for errors.
    drain = threading.Thread(target=lambda: [output.append(line) for line in running.process.stdout], daemon=True)
    drain.start()
    result = Result()
    guard = Guard(running.process.pid, cap_mb)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=timeout)
        connection.request("GET", "/health")
        connection.getresponse().read()
        result.idle = hwm_mb(running.process.pid)
        start = time.monotonic()
        connection.request("GET", path)
        response = connection.getresponse()
        result.first = time.monotonic() - start
        if response.status != 200:
            result.error = f"HTTP {response.status}: {response.read(300).decode(errors='replace')}"
        else:
            size = 0
            while chunk := response.read(1 << 20):
                size += len(chunk)
            result.size = size
        result.seconds = time.monotonic() - start
        result.mb = hwm_mb(running.process.pid)
        connection.close()
    except (OSError, http.client.HTTPException) as error:
        result.seconds = time.monotonic() - start if "start" in locals() else None
        code = running.process.poll()
        result.error = f"{type(error).__name__}: {error}" + (f" (server exited {code})" if code is not None else "")
        if code is None:
            result.mb = hwm_mb(running.process.pid)
    finally:
        killed = guard.stop()
        if killed:
            result.error = killed + (f" ({result.error})" if result.error else "")
            result.mb = guard.tripped
        stopping = time.monotonic()
        try:
            running.stop()
        except SystemExit as error:
            running.process.wait()
            result.error = (result.error + "; " if result.error else "") + str(error)
        else:
            if time.monotonic() - stopping > 5:
                log(f"  (the server took {time.monotonic() - stopping:.1f} s to stop after SIGTERM)")
        drain.join(timeout=5)
    if result.error and output:
        result.error += f" [server said: {''.join(output[-3:]).strip()[-300:]}]"
    return result


def measure(knotwork, folder, op, timeout, cap_mb):
    if op in HTTP_OPS:
        return request(knotwork, folder, HTTP_OPS[op], timeout, cap_mb)
    return cli_export(knotwork, folder, CLI_OPS[op], cap_mb)


def describe(op, count, result):
    if result.error:
        return f"  {op} at {count}: FAILED after {result.seconds or 0:.1f} s: {result.error}"
    extra = f", idle {result.idle:.1f} MB, first byte after {result.first:.2f} s" if result.idle is not None else ""
    return f"  {op} at {count}: peak {result.mb:.1f} MB, {result.size:,} bytes in {result.seconds:.2f} s{extra}"


def cell(value, form, width):
    return f"{'–' if value is None else format(value, form):>{width}}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=1_000_000, help="sessions in the large journal (default 1,000,000)")
    parser.add_argument("--small", type=int, default=1000, help="sessions in the small journal (default 1,000)")
    parser.add_argument("--only", help="a subset of: " + ", ".join(OPS))
    parser.add_argument("--keep", metavar="DIR", help="keep the journals in DIR and reuse them (the import is then not measured)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds a request may stall before it counts as failed (default 900)")
    parser.add_argument("--max-mb", type=float, default=None,
                        help="kill a measured process whose RSS passes this many MB, counted as failed (default: 60%% of MemAvailable)")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--binary", help="a release knotwork binary built elsewhere (e.g. with --scratch-path)")
    args = parser.parse_args()
    ops = OPS
    if args.only:
        ops = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = [name for name in ops if name not in OPS]
        if unknown:
            parser.error(f"unknown operation {', '.join(unknown)}; choose from {', '.join(OPS)}")
    if args.small < 1 or args.sessions < 1:
        parser.error("--small and --sessions take a count of at least 1")
    if args.max_mb is None:
        args.max_mb = 0.6 * status_mb_meminfo("MemAvailable")
    knotwork = os.path.abspath(args.binary or server.binary(not args.no_build))
    sizes = [("small", args.small), ("large", args.sessions)]
    results = {op: {} for op in ops}
    began = time.monotonic()
    scratch = None
    if args.keep:
        base = os.path.abspath(args.keep)
    else:
        scratch = tempfile.TemporaryDirectory(prefix="knotwork-memory-")
        base = scratch.name
    try:
        folders = {}
        for label, count in sizes:
            folders[label] = os.path.join(base, f"sessions-{count}")
            imported = prepare(knotwork, folders[label], count, args.max_mb)
            if "import" in results:
                results["import"][label] = imported
        for op in ops:
            if op == "import":
                continue
            for label, count in sizes:
                results[op][label] = measure(knotwork, folders[label], op, args.timeout, args.max_mb)
                log(describe(op, count, results[op][label]))
    finally:
        if scratch:
            scratch.cleanup()
    elapsed = time.monotonic() - began

    small, large = args.small, args.sessions
    print(f"{'operation':18} {'small MB':>9} {'large MB':>9} {'ratio':>7} {'small bytes':>14} {'large bytes':>16} {'small s':>8} {'large s':>8}")
    worst, worst_op, failures = None, None, []
    for op in ops:
        a, b = results[op].get("small"), results[op].get("large")
        if a is None or b is None:
            print(f"{op:18} not measured (journal kept from an earlier run)")
            continue
        for label, result in (("small", a), ("large", b)):
            if result.error:
                failures.append(f"{op} at {label}: {result.error}")
        ratio = b.mb / a.mb if a.mb and b.mb and not a.error and not b.error else None
        print(f"{op:18} {cell(a.mb, '.1f', 9)} {cell(b.mb, '.1f', 9)} {cell(ratio, '.2f', 6)}{'x' if ratio else ' '} "
              f"{cell(a.size, ',', 14)} {cell(b.size, ',', 16)} {cell(a.seconds, '.2f', 8)} {cell(b.seconds, '.2f', 8)}"
              + ("  FAILED" if a.error or b.error else ""))
        if ratio is not None and (worst is None or ratio > worst):
            worst, worst_op = ratio, op
    for failure in failures:
        print(f"failed: {failure}")
    print(f"MB: peak RSS (import, export-*: the process's ru_maxrss; the rest: the server's VmHWM); "
          f"{elapsed:.0f} s in all")
    failed = sorted({f.split(" at ")[0] for f in failures})
    if failed:
        print(f"peak memory {large}/{small} sessions: worst FAILED ({', '.join(failed)}), aim <= {AIM}x")
    elif worst is None:
        print(f"peak memory {large}/{small} sessions: nothing measured, aim <= {AIM}x")
    else:
        print(f"peak memory {large}/{small} sessions: worst {worst:.2f}x ({worst_op}), aim <= {AIM}x")


if __name__ == "__main__":
    main()
