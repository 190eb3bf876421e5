"""A PNG's resolution, written into the file so word processors place it at its intended size.

Graphviz writes no `pHYs` chunk, so Word and LibreOffice assume 96 dpi and a 150 dpi figure lands
half as large again as it should. The chunk is 9 bytes after the header; writing it takes the
standard library's `zlib.crc32` and nothing else.
"""

from __future__ import annotations

import struct
import zlib

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_METRES_PER_INCH = 0.0254


def with_resolution(png: bytes, dpi: float) -> bytes:
    """`png` with a `pHYs` chunk saying `dpi`, replacing any it had, placed right after `IHDR`."""
    if not png.startswith(_SIGNATURE):
        raise ValueError("not a PNG file")
    chunks = list(_chunks(png))
    if not chunks or chunks[0][0] != b"IHDR":
        raise ValueError("a PNG file must start with its IHDR chunk")
    per_metre = round(dpi / _METRES_PER_INCH)
    phys = _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
    kept = [_chunk(kind, body) for kind, body in chunks if kind != b"pHYs"]
    return _SIGNATURE + kept[0] + phys + b"".join(kept[1:])


def resolution(png: bytes) -> float | None:
    """The dots per inch a PNG's `pHYs` chunk states, or None when it states none (or no unit)."""
    for kind, body in _chunks(png):
        if kind == b"pHYs" and len(body) == 9:
            x, _, unit = struct.unpack(">IIB", body)
            return x * _METRES_PER_INCH if unit == 1 else None
    return None


def size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the IHDR chunk."""
    for kind, body in _chunks(png):
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
            return width, height
    raise ValueError("a PNG file must have an IHDR chunk")


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of each chunk, in order; a truncated file is an error, not a short list."""
    found: list[tuple[bytes, bytes]] = []
    at = len(_SIGNATURE)
    while at < len(png):
        if at + 8 > len(png):
            raise ValueError("truncated PNG chunk")
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        end = at + 12 + length
        if end > len(png):
            raise ValueError("truncated PNG chunk")
        found.append((kind, png[at + 8 : at + 8 + length]))
        at = end
    return found


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)
