"""A local HTTP server for the connector tests, answering with responses written by hand
in the documented formats of KB's open data and Kolada's API.

Each path (with its query) has a queue of answers, served in order; the last one is
repeated. Every request is recorded, so a test can count the retries.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StubServer:
    def __init__(self) -> None:
        self.routes: dict[str, list[tuple[int, dict, bytes, float]]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the name http.server calls)
                server.requests.append(self.path)
                queue = server.routes.get(self.path)
                if not queue:
                    status, headers, body, delay = 404, {}, b'{"error": "not found"}', 0.0
                else:
                    status, headers, body, delay = queue.pop(0) if len(queue) > 1 else queue[0]
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, path: str, *answers) -> None:
        """Queue answers for a path: JSON (200), or (status, body[, headers, delay])."""
        queue = []
        for answer in answers:
            if isinstance(answer, tuple):
                status, body, *rest = answer
                headers = rest[0] if rest else {}
                delay = rest[1] if len(rest) > 1 else 0.0
            else:
                status, body, headers, delay = 200, answer, {}, 0.0
            if not isinstance(body, bytes):
                body = json.dumps(body).encode()
                headers = {"Content-Type": "application/json", **headers}
            queue.append((status, headers, body, delay))
        self.routes[path] = queue

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
