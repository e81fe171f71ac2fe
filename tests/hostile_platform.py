"""A misbehaving data platform for the widget tests: a real HTTP server on loopback.

Each source of a test site gets its own path prefix (``/<behaviour>/...``) on one raw
socket server, so a behaviour can do what no well-behaved framework allows: never
answer, drip a byte at a time, lie about its encoding. The server only listens on
127.0.0.1, holds each connection at most ``HOLD`` seconds and stops when the test ends.
"""

from __future__ import annotations

import gzip
import json
import socket
import struct
import threading
import zlib
from projecttools import copy_region

HOLD = 60.0  # the longest any connection is kept open (never-answering behaviours)


def _deflate_bits(matches: int) -> bytes:
    """A fixed-Huffman deflate block: one literal space, then ``matches`` copies of 258 bytes at distance 1."""
    acc = nbits = 0

    def put(value: int, n: int) -> None:
        nonlocal acc, nbits
        acc |= value << nbits
        nbits += n

    def huffman(code: int, n: int) -> None:  # Huffman codes are packed starting with their most significant bit
        put(int(f"{code:0{n}b}"[::-1], 2), n)

    put(1, 1), put(1, 2)  # last block, fixed Huffman codes
    huffman(0x30 + 0x20, 8)  # literal ' '
    for _ in range(matches):
        huffman(0b11000101, 8), huffman(0, 5)  # length 258 (symbol 285), distance 1
    huffman(0, 7)  # end of block
    return acc.to_bytes((nbits + 7) // 8, "little")


def gzip_bomb(decoded: int = 1 << 30) -> bytes:
    """A valid gzip stream of about ``decoded`` spaces (≈ 6.5 MB per GiB), built without compressing them.

    Eight matches take 104 bits, 13 bytes, so the stream repeats from its third byte on.
    """
    periods = decoded // (258 * 8)
    start, small = _deflate_bits(8 * 3), _deflate_bits(8 * 2 + 1)
    body = start[:2] + start[2:15] * periods + small[2 + 26:]
    size = 1 + 258 * (8 * periods + 1)
    crc, block, left = 0, b" " * (1 << 20), size
    while left:
        n = min(left, len(block))
        crc, left = zlib.crc32(block[:n], crc), left - n
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + body + struct.pack("<II", crc, size & 0xFFFFFFFF)


def response(status: int, body: bytes, content_type: str = "application/json", **headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status} X", f"Content-Type: {content_type}", f"Content-Length: {len(body)}",
             "Connection: close", *(f"{k.replace('_', '-')}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def json_response(payload, status: int = 200, content_type: str = "application/json", **headers: str) -> bytes:
    return response(status, json.dumps(payload).encode(), content_type, **headers)


class HostileServer:
    """``behaviours``: name -> callable(conn, path, stop) that answers (or not) on the socket."""

    def __init__(self, behaviours: dict):
        self.behaviours = behaviours
        self.requests: dict[str, int] = {name: 0 for name in behaviours}
        self.stop = threading.Event()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.2)
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def __enter__(self) -> "HostileServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self._thread.join(5)
        self._sock.close()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(HOLD)
            try:
                head = b""
                while b"\r\n\r\n" not in head and len(head) < 65536:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    head += chunk
                path = head.split(b" ", 2)[1].decode("latin-1")
                name = path.strip("/").split("/", 1)[0]
                with self._lock:
                    self.requests[name] = self.requests.get(name, 0) + 1
                self.behaviours[name](conn, path, self.stop)
            except (OSError, KeyError, IndexError):
                pass  # the client gave up (timeout, budget): that is what these tests provoke


def send(data: bytes):
    return lambda conn, path, stop: conn.sendall(data)


def never_answers(conn, path, stop) -> None:
    stop.wait(HOLD)


def drips(conn, path, stop) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n")
    while not stop.wait(0.2):
        conn.sendall(b" ")


def gzipped(data: bytes, encoding: str = "gzip"):
    return send(response(200, data, **{"Content_Encoding": encoding}))


def nested_gzip() -> bytes:
    return gzip.compress(gzip_bomb(), 9)


SUPERFENCES = """
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: datenplattform
          class: datenplattform
          format: !!python/name:scschule.widgets.fence.format_widget
"""


def write_site(root, widgets_options: dict, page: str, **config) -> None:
    """A minimal portal project: ``mkdocs.yml`` with the widgets plugin and one page, ``docs/index.md``."""
    import yaml

    # ProperDocs has no default theme: name the project's.
    settings = {"site_name": "Widget-Test", "theme": {"name": "material", "language": "de"}, **config,
                "plugins": ["scschule", {"scschule-widgets": {"cache_dir": "snapshots/widgets", **widgets_options}}]}
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True) + SUPERFENCES, encoding="utf-8")
    copy_region(root)
    (root / "docs" / "index.md").write_text(page, encoding="utf-8")
