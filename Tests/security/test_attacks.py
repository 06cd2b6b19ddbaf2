"""Attacks on the real `knotwork serve`, over raw sockets as an attacker would send them.

Each test starts its own server on a free loopback port over a fresh journal, and every request
goes to that loopback address only; each loop is bounded in count and time.
"""
import json
import os
import re
import socket
import subprocess
import tempfile
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("KNOTWORK_BIN") or os.path.join(ROOT, ".build", "debug", "knotwork")


@pytest.fixture()
def server():
    folder = tempfile.mkdtemp(prefix="knotwork-attack-")
    process = subprocess.Popen(
        [BINARY, "serve", "--port", "0", "--db", os.path.join(folder, "journal.sqlite")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stdout.readline())
    assert match, "the server did not print its URL"
    yield int(match.group(1)), os.path.join(folder, "journal.sqlite")
    process.terminate()
    process.wait(timeout=10)


def send(port, raw, timeout=10):
    """Sends raw bytes, closes the writing side, and returns (status, headers, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v for k, _, v in (line.partition(": ") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def request(port, method, path, body=None, headers=()):
    payload = json.dumps(body).encode() if body is not None else b""
    head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close", *headers]
    if body is not None:
        head.append(f"Content-Length: {len(payload)}")
    return send(port, ("\r\n".join(head) + "\r\n\r\n").encode() + payload)


def test_a_forged_cross_origin_post_records_nothing(server):
    port, _ = server
    status, _, _ = request(port, "POST", "/api/v1/screening", {"answers": {}},
                           ["Origin: https://evil.example", "Content-Type: text/plain"])
    assert status == 403
    status, _, _ = request(port, "POST", "/api/v1/screening", {"answers": {}}, ["Content-Type: application/x-www-form-urlencoded"])
    assert status == 415
    status, _, body = request(port, "GET", "/api/v1/screening")
    assert status == 200 and json.loads(body)["status"] == "screening", "no screening was recorded"


def test_a_rebinding_host_reads_nothing(server):
    port, _ = server
    status, headers, body = send(port, f"GET /api/v1/exports/csv HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n".encode())
    assert status == 421
    assert b"started_at" not in body
    assert "content-security-policy" in headers


def test_a_chunked_body_over_the_cap_is_413_and_a_short_body_400(server):
    port, _ = server
    big = b"x" * 300_000
    status, _, _ = send(port, b"POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                              b"Transfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % len(big) + big + b"\r\n0\r\n\r\n")
    assert status == 413
    status, _, _ = send(port, b"POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                              b"Content-Length: 100\r\n\r\n{\"painBefore\": 5")
    assert status == 400


def test_the_journal_is_its_owners_only(server):
    port, journal = server
    status, _, _ = request(port, "POST", "/api/v1/pain-ratings", {"pain": 4}, ["Content-Type: application/json"])
    assert status == 201
    for path in (journal, journal + "-wal", journal + "-shm"):
        if os.path.exists(path):
            assert os.stat(path).st_mode & 0o077 == 0, f"{path} is readable by others"


def test_a_flood_of_half_sent_headers_is_refused_and_timed_out(tmp_path):
    """More half-open connections than the caps: the extra ones are closed at once, the rest when
    their idle time runs out, and then the server answers as before. Bounded: 60 connections,
    a few seconds, loopback only."""
    process = subprocess.Popen(
        [BINARY, "serve", "--port", "0", "--idle-timeout", "1", "--max-connections", "40", "--db", str(tmp_path / "j.sqlite")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", process.stdout.readline()).group(1))
        flood = []
        for _ in range(60):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            flood.append(sock)
        def closed(sock, wait):
            sock.settimeout(wait)
            try:
                return sock.recv(1) == b""
            except ConnectionResetError:
                return True
            except socket.timeout:
                return False

        # Within the idle time: the connections past the caps are already closed.
        time.sleep(0.3)
        at_once = sum(closed(sock, 0.01) for sock in flood)
        assert at_once >= 40, f"only {at_once} of 60 were closed at once; at most 20 may stay open from one address"
        # After it: every half-sent header is closed.
        time.sleep(1.5)
        assert all(closed(sock, 3) for sock in flood), "a half-sent header is closed once its idle time has passed"
        for sock in flood:
            sock.close()
        status, _, body = request(port, "GET", "/health")
        assert status == 200 and b"up" in body
    finally:
        process.terminate()
        process.wait(timeout=10)
