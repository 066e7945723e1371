"""A local fake of the LINE Messaging API (aiohttp, on loopback, in a thread): it records the
pushes and replies it accepts, can answer scripted errors (500, 429 with Retry-After, 400)
first, can be down, and behaves like LINE with retry keys: a push needs a UUID in
X-Line-Retry-Key and is accepted once per key; a repeat answers 409 with the request id that
was accepted."""

import asyncio
import socket
import threading
import uuid
from dataclasses import dataclass, field

from aiohttp import web

TOKEN = "test-channel-access-token"
SECRET = "test-channel-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Push:
    to: str
    texts: list[str]
    retry_key: str
    request_id: str


@dataclass
class FakeLine:
    port: int = field(default_factory=free_port)
    pushes: list[Push] = field(default_factory=list)
    replies: list[dict] = field(default_factory=list)
    # (status, headers) answered to the next pushes before any is accepted
    script: list[tuple[int, dict]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why pushes were refused (400)
    attempts: int = 0
    delay: float = 0.0

    def __post_init__(self):
        self._lock = threading.Lock()
        self._accepted: dict[str, str] = {}
        self._loop = None
        self._runner = None
        self._thread = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # The API ------------------------------------------------------------------------------

    async def _push(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"message": "Authentication failed"}, status=401)
        key = request.headers.get("X-Line-Retry-Key", "")
        try:
            uuid.UUID(key)
        except ValueError:
            self.refused.append(f"retry key {key!r}")
            return web.json_response({"message": "The retry key is not a UUID"}, status=400)
        body = await request.json()
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._lock:
            self.attempts += 1
            if self.script:
                status, headers = self.script.pop(0)
                return web.json_response({"message": f"scripted {status}"}, status=status,
                                         headers=headers)
            if key in self._accepted:
                return web.json_response(
                    {"message": "The retry key is already accepted"}, status=409,
                    headers={"X-Line-Accepted-Request-Id": self._accepted[key]})
            request_id = uuid.uuid4().hex
            self._accepted[key] = request_id
            self.pushes.append(Push(body["to"], [m["text"] for m in body["messages"]], key,
                                    request_id))
        return web.json_response({"sentMessages": [{"id": "1", "quoteToken": "q"}]},
                                 headers={"X-Line-Request-Id": request_id})

    async def _reply(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"message": "Authentication failed"}, status=401)
        self.replies.append(await request.json())
        return web.json_response({"sentMessages": [{"id": "2", "quoteToken": "r"}]})

    # Up and down --------------------------------------------------------------------------

    def start(self) -> "FakeLine":
        ready = threading.Event()

        def run():
            self._loop = asyncio.new_event_loop()
            app = web.Application()
            app.router.add_post("/v2/bot/message/push", self._push)
            app.router.add_post("/v2/bot/message/reply", self._reply)
            self._runner = web.AppRunner(app)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", self.port)
            self._loop.run_until_complete(site.start())
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._runner.cleanup())
            self._loop.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        assert ready.wait(10), "the fake LINE API did not start"
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop = None

    def __enter__(self) -> "FakeLine":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def pushes_to(self, user_id: str) -> list[Push]:
        return [p for p in self.pushes if p.to == user_id]
