"""A real HTTP server on 127.0.0.1 for the importer tests, with routes that misbehave on purpose."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

Route = Callable[[BaseHTTPRequestHandler, dict[str, list[str]]], None]


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                server.hits[parts.path] = server.hits.get(parts.path, 0) + 1
                server.requests.append((self.path, dict(self.headers.items())))
                route = server.routes.get(parts.path)
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                try:
                    route(self, parse_qs(parts.query))
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url + path

    def body(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/csv",
        headers: dict[str, str] | None = None,
        status: int = 200,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body

        def route(handler: BaseHTTPRequestHandler, _query: dict[str, list[str]]) -> None:
            etag = (headers or {}).get("ETag")
            if etag and handler.headers.get("If-None-Match") == etag:
                handler.send_response(304)
                handler.end_headers()
                return
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(data)

        return self.add(path, route)


@pytest.fixture
def server() -> Iterator[Server]:
    instance = Server()
    instance.thread.start()
    yield instance
    instance.httpd.shutdown()
    instance.httpd.server_close()


def sleep_route(seconds: float) -> Route:
    def route(handler: BaseHTTPRequestHandler, _query: dict[str, list[str]]) -> None:
        time.sleep(seconds)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/csv")
        handler.end_headers()
        handler.wfile.write(b"id,text\n1,late\n")

    return route


def json_bytes(value: object) -> bytes:
    return json.dumps(value).encode("utf-8")
