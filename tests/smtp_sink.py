"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for tests and the
delivery benchmark."""

import socket
import threading
import time
from email import message_from_bytes

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    def __init__(self, *, delay: float = 0.0):
        self.messages = []
        self.delay = delay
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            time.sleep(self.delay)
        message = message_from_bytes(envelope.content)
        with self._lock:
            self.messages.append(message)
        return "250 OK"

    def message_ids(self) -> list[str]:
        with self._lock:
            return [m["Message-ID"] for m in self.messages]


class SmtpServer:
    """Start and stop a sink on a fixed port (so a stopped server can come back)."""

    def __init__(self, port: int | None = None, *, delay: float = 0.0):
        self.port = port or free_port()
        self.sink = Sink(delay=delay)
        self.controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?timeout=5"

    def start(self):
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None
