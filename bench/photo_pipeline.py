"""Benchmark the photo pipeline on a synthetic 12-megapixel phone JPEG.

Run from the project root:

    .venv/bin/python bench/photo_pipeline.py [--runs N] [--strict]

It builds a 4032x3024 JPEG (gradients plus noise, ~3.7 MB at quality 90, stored sideways
with EXIF orientation 6 and a GPS position, like a phone photo), then times, interleaved on
the same input, `webapp.media.images.process` and a naive pipeline (full decode,
exif_transpose, resize to a 2048 long edge, save, thumbnail). Targets: median of
`process` <= 100 ms and at least 3x faster than the naive pipeline. It also times the
refusal of a 400-megapixel PNG header. `--strict` makes a missed target exit with status 1.
"""

from __future__ import annotations

import argparse
import io
import math
import statistics
import struct
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import Image, ImageChops, ImageOps  # noqa: E402

from webapp.media import images  # noqa: E402

TARGET_MEDIAN_MS = 100.0
TARGET_SPEEDUP = 3.0
WIDTH, HEIGHT = 4032, 3024


def phone_jpeg() -> bytes:
    """A 12 MP JPEG with gradients and sensor-like noise, orientation 6 and GPS in EXIF."""

    def channel(angle: float, sigma: float) -> Image.Image:
        gradient = Image.linear_gradient("L").rotate(angle).resize((WIDTH, HEIGHT))
        noise = Image.effect_noise((WIDTH, HEIGHT), sigma)
        return ImageChops.add(gradient, noise, scale=1.0, offset=-128)

    picture = Image.merge("RGB", (channel(0, 10), channel(90, 10), channel(45, 10)))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90 degrees clockwise to show
    exif[0x010F] = "BenchPhone"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (31.0, 14.0, 2.5)
    gps[3] = "E"
    gps[4] = (121.0, 28.0, 10.0)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def bomb_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """PNG signature + IHDR declaring width x height + a tiny IDAT + IEND."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def naive(data: bytes) -> tuple[bytes, bytes]:
    """What one would write first: decode everything, turn, resize, save, thumbnail."""
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        upright = ImageOps.exif_transpose(im)
    width, height = upright.size
    scale = 2048 / max(width, height)
    display = upright.resize((round(width * scale), round(height * scale)))  # BICUBIC
    out = io.BytesIO()
    display.save(out, "JPEG", quality=82)
    thumb = display.copy()
    thumb.thumbnail((360, 360))  # LANCZOS, reducing_gap=2.0
    thumb_out = io.BytesIO()
    thumb.save(thumb_out, "JPEG", quality=75)
    return out.getvalue(), thumb_out.getvalue()


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def p90(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each (min 10)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()
    runs = max(10, args.runs)

    data = phone_jpeg()
    result = images.process(data)
    naive_display, naive_thumb = naive(data)  # warm-up of both
    images.process(data)
    naive(data)
    print(f"input: {WIDTH}x{HEIGHT} JPEG, {len(data) / 1e6:.2f} MB, EXIF orientation 6 + GPS")
    print(
        f"process(): display {result.width}x{result.height} {len(result.display) / 1e3:.0f} kB, "
        f"thumbnail {result.thumb_width}x{result.thumb_height} "
        f"{len(result.thumbnail) / 1e3:.1f} kB"
    )
    print(
        f"naive:     display {len(naive_display) / 1e3:.0f} kB, "
        f"thumbnail {len(naive_thumb) / 1e3:.1f} kB"
    )

    fast: list[float] = []
    slow: list[float] = []
    for _ in range(runs):  # interleaved, so drift in machine load hits both alike
        fast.append(timed(lambda: images.process(data)))
        slow.append(timed(lambda: naive(data)))

    fast_median, slow_median = statistics.median(fast) * 1e3, statistics.median(slow) * 1e3
    speedup = slow_median / fast_median
    print(f"\n{runs} runs each")
    print(f"process(): median {fast_median:7.1f} ms   p90 {p90(fast) * 1e3:7.1f} ms")
    print(f"naive:     median {slow_median:7.1f} ms   p90 {p90(slow) * 1e3:7.1f} ms")
    print(f"speed-up:  {speedup:.2f}x (median / median)")

    bomb = bomb_png()
    bomb_times = []
    for _ in range(200):
        start = time.perf_counter()
        try:
            images.process(bomb)
        except images.ImageRejected as exc:
            assert exc.reason is images.RejectReason.TOO_MANY_PIXELS, exc.reason
        else:  # pragma: no cover
            raise AssertionError("the 400 MP header was accepted")
        bomb_times.append(time.perf_counter() - start)
    bomb_median = statistics.median(bomb_times) * 1e6
    print(
        f"400 MP PNG header refused (too_many_pixels): median {bomb_median:.0f} us, "
        f"max {max(bomb_times) * 1e6:.0f} us"
    )

    median_ok = fast_median <= TARGET_MEDIAN_MS
    speedup_ok = speedup >= TARGET_SPEEDUP
    print()
    print(
        f"{'PASS' if median_ok else 'FAIL'}: median {fast_median:.1f} ms <= {TARGET_MEDIAN_MS:g} ms"
    )
    print(f"{'PASS' if speedup_ok else 'FAIL'}: speed-up {speedup:.2f}x >= {TARGET_SPEEDUP:g}x")
    return 0 if (median_ok and speedup_ok) or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
