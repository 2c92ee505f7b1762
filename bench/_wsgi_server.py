"""A pre-forking WSGI server from the standard library, for the benchmarks only.

It works like gunicorn's sync workers: one listening socket on 127.0.0.1, N forked worker
processes that each accept and serve one request at a time (HTTP/1.0, one connection per
request). gunicorn is not a dependency of the project; this stands in for it so the
create-report API can be measured over real HTTP.

Run: ``python bench/_wsgi_server.py --workers 2``; prints ``PORT <n>`` when every worker has
loaded the application, and serves
until it receives SIGTERM. Django settings come from the environment.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


def _worker(listener: socket.socket, ready: int) -> None:
    import django
    from django.core.wsgi import get_wsgi_application
    from django.urls import get_resolver

    django.setup()
    application = get_wsgi_application()
    # Import every view module now, as gunicorn's --preload would, not on the first request.
    get_resolver().url_patterns  # noqa: B018
    os.write(ready, b"r")
    server = WSGIServer(listener.getsockname(), QuietHandler, bind_and_activate=False)
    server.socket.close()
    server.socket = listener
    server.server_name, server.server_port = "127.0.0.1", listener.getsockname()[1]
    server.setup_environ()
    server.set_app(application)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    server.serve_forever(poll_interval=0.05)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))  # loopback only
    listener.listen(256)
    children = []
    ready_read, ready_write = os.pipe()
    for _ in range(args.workers):
        pid = os.fork()
        if pid == 0:
            os.close(ready_read)
            _worker(listener, ready_write)
            os._exit(0)
        children.append(pid)
    os.close(ready_write)
    for _ in range(args.workers):  # every worker has loaded the application
        if not os.read(ready_read, 1):
            sys.exit("a worker died while starting")

    def stop(*_: object) -> None:
        for child in children:
            os.kill(child, signal.SIGTERM)
        for child in children:
            os.waitpid(child, 0)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"PORT {listener.getsockname()[1]}", flush=True)
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
