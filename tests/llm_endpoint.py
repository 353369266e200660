"""A local OpenAI-compatible chat-completions endpoint for the LLM tests: a real HTTP server on 127.0.0.1.

Registered for every test by ``pytest_plugins`` in tests/conftest.py, which makes ``endpoint`` a fixture.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


def chat_reply(content: str) -> bytes:
    """An OpenAI chat-completions response body with ``content`` as the assistant's message."""
    choice = {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
    return json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "choices": [choice]}).encode()


@dataclass
class Received:
    """One request the test server received."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Endpoint:
    """What the test server replies with, and what it has received."""

    url: str = ""
    status: int = 200
    body: bytes = field(default_factory=lambda: chat_reply("Lånetaket för 2027 är 850 mkr [1]."))
    delay_s: float = 0.0
    echo_authorization: bool = False
    requests: list[Received] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)


class EndpointServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that carries the Endpoint its handler answers from."""

    def __init__(self, endpoint: Endpoint) -> None:
        super().__init__(("127.0.0.1", 0), EndpointHandler)
        self.endpoint = endpoint


class EndpointHandler(BaseHTTPRequestHandler):
    """Records each POST, waits ``delay_s`` (cut short at teardown), then replies."""

    server: EndpointServer

    def do_POST(self) -> None:
        endpoint = self.server.endpoint
        headers = {name.lower(): value for name, value in self.headers.items()}
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        endpoint.requests.append(Received(self.path, headers, body))
        endpoint.released.wait(endpoint.delay_s)
        reply = endpoint.body + (headers.get("authorization", "").encode() if endpoint.echo_authorization else b"")
        try:
            self.send_response(endpoint.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)
        except OSError:
            pass  # the client gave up (timeout test)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def endpoint():
    """A chat-completions endpoint on 127.0.0.1 at a free port, shut down after the test."""
    state = Endpoint()
    server = EndpointServer(state)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    state.released.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
