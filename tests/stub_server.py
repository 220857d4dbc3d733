"""A small OpenAI-compatible server on 127.0.0.1 for tests: scripted replies, faults and streaming.

    server = StubServer().start()
    server.enqueue("# My month")           # the next answer
    server.enqueue_error(429, "slow down")  # then a fault
    ... --api-base server.base_url ...
    server.requests                          # what it was sent
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.client import HTTPMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    text: str = "A default answer from the stub."
    status: int = 200
    hang: float = 0.0  # seconds to wait before answering (a server that does not answer in time)
    prompt_tokens: int = 11
    completion_tokens: int = 7


@dataclass
class Request:
    path: str
    # http.client's message: header names are looked up without regard to case, as HTTP says.
    headers: HTTPMessage
    body: dict[str, Any] = field(default_factory=dict)


class StubServer:
    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                body = json.loads(raw or b"{}")
                stub.requests.append(Request(self.path, self.headers, body))
                reply = stub.replies.popleft() if stub.replies else Reply()
                if reply.hang:
                    stub.stopping.wait(reply.hang)
                if reply.status != 200:
                    self.answer(reply.status, {"error": {"message": reply.text, "type": "stub_error",
                                                         "code": str(reply.status)}})
                elif body.get("stream"):
                    self.stream(reply, body.get("model", "stub"))
                else:
                    self.answer(200, {
                        "id": "chatcmpl-stub", "object": "chat.completion", "created": int(time.time()),
                        "model": body.get("model", "stub"),
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": reply.text}}],
                        "usage": {"prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens,
                                  "total_tokens": reply.prompt_tokens + reply.completion_tokens},
                    })

            def answer(self, status: int, document: dict[str, Any]) -> None:
                data = json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def stream(self, reply: Reply, model: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                words = reply.text.split(" ")
                for index, word in enumerate(words):
                    piece = word if index == len(words) - 1 else word + " "
                    chunk = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": int(time.time()),
                             "model": model, "choices": [{"index": 0, "delta": {"content": piece}}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def start(self) -> "StubServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()  # releases any hanging reply
        self.server.shutdown()
        self.server.server_close()

    def enqueue(self, text: str) -> None:
        self.replies.append(Reply(text))

    def enqueue_error(self, status: int, message: str) -> None:
        self.replies.append(Reply(message, status=status))

    def enqueue_hang(self, seconds: float) -> None:
        self.replies.append(Reply(hang=seconds))
