"""The process as an operator sees it: exit codes, the first log line, SIGTERM."""

import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR, start_server


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("DATABASE_URL", "mysql://x", "DATABASE_URL must start with sqlite: or postgres://"),
        ("PORT", "http", 'PORT must be a whole number, got "http"'),
        ("APP_ENV", "production", "JWT_SECRET is required when APP_ENV=production"),
        ("JWT_SECRET", "short", "JWT_SECRET must be at least 32 bytes long"),
    ],
)
def test_invalid_configuration_exits_2_with_one_line(name: str, value: str, problem: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app"],
        cwd=PROJECT_DIR,
        env={"PATH": "/usr/bin:/bin", name: value},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("invalid configuration: ")
    assert problem in lines[0]
    assert result.stdout == ""


def test_first_log_line_states_the_bound_address(tmp_path: Path) -> None:
    server = start_server(tmp_path)
    try:
        first = json.loads(server.logs[0])
        host, port = first["addr"].rsplit(":", 1)
        assert host == "127.0.0.1"
        assert int(port) > 0
        # The request log line is written once the response has gone out.
        deadline = time.monotonic() + 5
        while not any('"msg":"request"' in line for line in server.logs) and time.monotonic() < deadline:
            time.sleep(0.02)
        line = next(json.loads(line) for line in server.logs if '"msg":"request"' in line)
        assert line["route"] == "/health"
        assert {"request_id", "method", "route", "path", "status", "duration_ms"} <= set(line)
    finally:
        assert server.stop() == 0


def test_sigterm_drains_in_flight_requests(tmp_path: Path) -> None:
    server = start_server(tmp_path)
    host, port = server.base_url.removeprefix("http://").rsplit(":", 1)
    # A request whose body is still arriving when shutdown starts must still
    # get its response.
    conn = socket.create_connection((host, int(port)))
    body = b'{"email": "slow@example.com", "password": "x"}'
    conn.sendall(
        b"POST /api/v1/auth/register HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:20]
    )
    time.sleep(0.3)
    result: dict[str, int] = {}
    stopper = threading.Thread(target=lambda: result.update(code=server.stop()))
    stopper.start()
    time.sleep(0.3)
    conn.sendall(body[20:])
    response = conn.recv(65536).decode()
    conn.close()
    stopper.join(20)
    assert response.startswith("HTTP/1.1 422 "), response
    assert result["code"] == 0
