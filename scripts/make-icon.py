"""Draw bot/assets/betabot.png, the bot's profile picture (run again after changing it).

A white speech bubble on the beta.gouv.fr blue disc, 256 x 256, anti-aliased by
supersampling; standard library only (zlib, struct), so the image is reproducible.
"""

import math
import struct
import zlib
from pathlib import Path

SIZE = 256
SAMPLES = 4  # per axis, per pixel
BLUE = (0, 0, 145)  # #000091, the French State's blue used by beta.gouv.fr
WHITE = (255, 255, 255)


def inside_bubble(x: float, y: float) -> bool:
    """Whether the point is on the speech bubble."""
    # Rounded rectangle 60..196 x 72..164, radius 28, plus a tail towards the lower left.
    left, right, top, bottom, radius = 60.0, 196.0, 72.0, 164.0, 28.0
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    if left <= x <= right and top <= y <= bottom and math.hypot(x - cx, y - cy) <= radius:
        return True
    # Tail: triangle (92,160) (132,160) (84,196).
    ax, ay, bx, by, tx, ty = 92.0, 160.0, 132.0, 160.0, 84.0, 196.0
    d = (by - ty) * (ax - tx) + (tx - bx) * (ay - ty)
    u = ((by - ty) * (x - tx) + (tx - bx) * (y - ty)) / d
    v = ((ty - ay) * (x - tx) + (ax - tx) * (y - ty)) / d
    return u >= 0 and v >= 0 and u + v <= 1


def inside_dot(x: float, y: float) -> bool:
    """Whether the point is on one of the three dots (holes in the bubble)."""
    return any(math.hypot(x - cx, y - 118.0) <= 10.0 for cx in (96.0, 128.0, 160.0))


def pixel(px: int, py: int) -> bytes:
    """RGBA of one pixel, averaged over its samples."""
    total = [0.0, 0.0, 0.0, 0.0]
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            x, y = px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES
            if math.hypot(x - SIZE / 2, y - SIZE / 2) > SIZE / 2:
                continue  # transparent outside the disc
            colour = WHITE if inside_bubble(x, y) and not inside_dot(x, y) else BLUE
            for i in range(3):
                total[i] += colour[i]
            total[3] += 255
    n = SAMPLES * SAMPLES
    alpha = total[3] / n
    rgb = [round(c / (total[3] / 255)) if total[3] else 0 for c in total[:3]]
    return bytes([*rgb, round(alpha)])


def png(width: int, height: int, rows: list[bytes]) -> bytes:
    """A minimal RGBA PNG file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    rows = [b"".join(pixel(x, y) for x in range(SIZE)) for y in range(SIZE)]
    target = Path(__file__).resolve().parents[1] / "bot" / "assets" / "betabot.png"
    target.write_bytes(png(SIZE, SIZE, rows))
