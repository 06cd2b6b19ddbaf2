"""Failover between two `knotwork serve` instances on one PostgreSQL database.

A live session is started on instance A with its event stream open; A is killed with SIGKILL;
the stream reconnects to instance B with Last-Event-ID, and the session goes on there from where
it was: no cue missing, the first new event within about one lease of the kill, and every pain
rating A acknowledged in the database.

Needs KNOTWORK_TEST_POSTGRES_URL (scripts/test starts a private PostgreSQL server and sets it).
"""
import http.client
import json
import os
import re
import signal
import subprocess
import time
import uuid

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("KNOTWORK_BIN") or os.path.join(ROOT, ".build", "debug", "knotwork")
ADMIN_URL = os.environ.get("KNOTWORK_TEST_POSTGRES_URL", "")
LEASE = 2
SPEED = 20

pytestmark = pytest.mark.skipif(not ADMIN_URL, reason="scripts/test always sets KNOTWORK_TEST_POSTGRES_URL")


def psql(url, sql):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True, capture_output=True)


@pytest.fixture()
def database():
    name = "failover_" + uuid.uuid4().hex[:12]
    psql(ADMIN_URL, f"CREATE DATABASE {name}")
    yield ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def start(database, log, lease=LEASE):
    """Starts an instance, its output in a file (so that it never blocks on a full pipe)."""
    process = subprocess.Popen(
        [BINARY, "serve", "--port", "0", "--database", database, "--speed", str(SPEED), "--lease-seconds", str(lease)],
        stdout=open(log, "w"), stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", open(log).read())
        # Ready, as a proxy would wait for: it listens for the other instances' messages.
        if match and call(int(match.group(1)), "GET", "/ready")[0] == 200:
            return process, int(match.group(1))
        assert process.poll() is None, open(log).read()
        time.sleep(0.05)
    raise AssertionError("the server did not start and become ready: " + open(log).read())


def call(port, method, path, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    payload = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if body is not None else {}
    connection.request(method, path, body=payload, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, (json.loads(data) if data else None)


class Stream:
    """An open Server-Sent Events stream, read event by event."""

    def __init__(self, port, path, last_event_id=None):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        headers = {"Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self.connection.request("GET", path, headers=headers)
        self.response = self.connection.getresponse()
        assert self.response.status == 200, self.response.status

    def next(self):
        event = {}
        while True:
            line = self.response.readline()
            if not line:
                return None
            line = line.decode().rstrip("\n")
            if line.startswith(":"):
                continue  # a comment: the server keeping the connection open
            if not line:
                if "id" in event:
                    return event
                event = {}  # the reconnection delay alone, or nothing
                continue
            key, _, value = line.partition(": ")
            event[key] = value

    def close(self):
        self.connection.close()


@pytest.fixture()
def instances(database, tmp_path):
    """Starts instances on the database (`instances(lease=…)` for another lease), stopping
    whichever are still running at the end."""
    started = []

    def make(lease=LEASE):
        a = start(database, tmp_path / "a.log", lease=lease)
        b = start(database, tmp_path / "b.log", lease=lease)
        started.extend([a[0], b[0]])
        return (*a, *b)

    yield make
    for process in started:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def start_session(port):
    """Screens (every answer no) and starts a live session; returns its id."""
    ids = call(port, "GET", "/api/v1/screening")[1]["questions"]
    status, verdict = call(port, "POST", "/api/v1/screening", {"answers": {i: False for i in ids}})
    assert status in (200, 201), verdict
    status, live = call(port, "POST", "/api/v1/live", {"request": {"regions": ["buttock"], "minutes": 5}, "painBefore": 5})
    assert status == 201, live
    return live["id"]


def test_a_persons_event_sent_to_another_instance_reaches_the_one_driving_the_session(instances):
    a, port_a, b, port_b = instances()
    session = start_session(port_a)
    for event, phase in (("pause", "paused"), ("resume", "running")):
        started = time.monotonic()
        status, view = call(port_b, "POST", f"/api/v1/live/{session}/events", {"event": event})
        assert status == 200, view
        assert view["phase"] == phase, view
        assert time.monotonic() - started < LEASE, "the driving instance answered only after its lease would have run out"
    # A still drives it: it answers with the state it holds.
    status, view = call(port_a, "GET", f"/api/v1/live/{session}")
    assert status == 200 and view["phase"] == "running", view
    # Killed, A answers nothing: B takes the command back and applies it once A's lease has run out.
    a.send_signal(signal.SIGKILL)
    a.wait(timeout=10)
    status, view = call(port_b, "POST", f"/api/v1/live/{session}/events", {"event": "pause"})
    assert status == 200 and view["phase"] == "paused", view


def test_a_session_goes_on_on_another_instance_after_its_own_is_killed(instances, database):
    a, port_a, b, port_b = instances()
    session = start_session(port_a)

    # Writes A acknowledges before it dies.
    acknowledged = []
    for pain in (4, 3, 5):
        status, rating = call(port_a, "POST", "/api/v1/pain-ratings", {"pain": pain, "region": "buttock"})
        assert status == 201, rating
        acknowledged.append(rating["id"])

    stream = Stream(port_a, f"/api/v1/live/{session}/stream")
    seen = []
    cues_on_a = 0
    while cues_on_a < 3:
        event = stream.next()
        assert event is not None, "A's stream ended early"
        seen.append(event)
        cues_on_a += event.get("event") == "cue"
    last_id = int(seen[-1]["id"])

    a.send_signal(signal.SIGKILL)
    killed = time.monotonic()
    a.wait(timeout=10)
    stream.close()

    # The browser reconnects, to the other instance, with the last id it saw.
    resumed = Stream(port_b, f"/api/v1/live/{session}/stream", last_event_id=last_id)
    first_new = None
    on_b = []
    while len([e for e in on_b if e.get("event") == "cue"]) < 3:
        event = resumed.next()
        assert event is not None, "B's stream ended early"
        on_b.append(event)
        if first_new is None and int(event["id"]) > last_id:
            first_new = time.monotonic() - killed
    resumed.close()

    ids_seen = [int(e["id"]) for e in seen + on_b]
    assert all(x < y for x, y in zip(ids_seen, ids_seen[1:])), f"event ids go back or repeat: {ids_seen}"
    # No cue missing: every cue saved for the session after the state the stream opened with
    # (which carries the cue before it), up to the last one B sent, was received.
    out = subprocess.run(
        ["psql", "-X", "-At", database, "-c",
         f"SELECT id FROM liveEvent WHERE session = '{session.lower()}' AND name = 'cue' AND id > {ids_seen[0]} AND id <= {ids_seen[-1]} ORDER BY id"],
        check=True, capture_output=True, text=True).stdout.split()
    saved_cues = [int(x) for x in out]
    received = {int(e["id"]) for e in seen + on_b if e.get("event") == "cue"}
    assert set(saved_cues) <= received, f"cues missing: {sorted(set(saved_cues) - received)}"
    # At most about one lease of delay (and the lease loop's third of one).
    assert first_new is not None and first_new < LEASE * 1.34 + 2, f"first new event {first_new:.2f} s after the kill"

    # The session is B's now: its state answers there, and it goes on.
    status, view = call(port_b, "GET", f"/api/v1/live/{session}")
    assert status == 200 and view["phase"] in ("running", "paused", "finished"), view

    # B counts the takeover, the session it drives, and its database pool.
    connection = http.client.HTTPConnection("127.0.0.1", port_b, timeout=10)
    connection.request("GET", "/metrics")
    metrics = connection.getresponse().read().decode()
    connection.close()
    assert re.search(r"^knotwork_live_takeovers_total 1(\.0)?$", metrics, re.M), metrics
    assert re.search(r"^knotwork_live_sessions 1(\.0)?$", metrics, re.M), metrics
    assert re.search(r"^knotwork_database_connections_max 10(\.0)?$", metrics, re.M), metrics
    assert re.search(r"^knotwork_database_connections_in_use \d+", metrics, re.M), metrics

    for rating in acknowledged:
        out = subprocess.run(["psql", "-X", "-At", database, "-c", f"SELECT count(*) FROM painRating WHERE id = '{rating.lower()}'"],
                             check=True, capture_output=True, text=True).stdout.strip()
        assert out == "1", f"pain rating {rating} acknowledged by A is not in the database"


def test_a_graceful_shutdown_hands_its_sessions_over_at_once_not_after_the_lease(instances):
    lease = 8
    a, port_a, b, port_b = instances(lease=lease)
    session = start_session(port_a)
    stream = Stream(port_b, f"/api/v1/live/{session}/stream")
    last = int(stream.next()["id"])
    a.send_signal(signal.SIGTERM)
    stopped = time.monotonic()
    assert a.wait(timeout=15) == 0
    while True:
        event = stream.next()
        assert event is not None, "B's stream ended"
        if int(event["id"]) > last:
            break
    waited = time.monotonic() - stopped
    stream.close()
    # B's lease loop looks every third of a lease; an expired lease would take a whole one.
    assert waited < lease * 0.75, f"B went on {waited:.2f} s after A stopped: the lease was not handed back"
    status, view = call(port_b, "GET", f"/api/v1/live/{session}")
    assert status == 200 and view["phase"] == "running", view


def test_a_session_finished_on_one_instance_is_saved_through_the_other(instances):
    a, port_a, b, port_b = instances()
    session = start_session(port_a)
    status, view = call(port_a, "POST", f"/api/v1/live/{session}/events", {"event": "end"})
    assert status == 200 and view["phase"] == "finished", view
    # At once, through the other instance: it waits for A to hand the finished session back.
    status, saved = call(port_b, "POST", f"/api/v1/live/{session}/finish", {"painAfter": 3})
    assert status == 201, saved
    assert saved["painAfter"] == 3
    status, again = call(port_a, "POST", f"/api/v1/live/{session}/finish", {"painAfter": 3})
    assert status == 409, again
