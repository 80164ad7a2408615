"""Turn an uploaded photo into a clean display JPEG and a thumbnail JPEG.

`process(data)` is the only entry point the web layer needs. It returns a `ProcessedImage`
or raises `ImageRejected(reason)`, whose `reason` is one of the `RejectReason` codes; the
web layer turns codes into (translated) messages, this module carries none.

What the pipeline does:

* Accepts JPEG (also the MPO flavour some phones write), PNG, WebP and HEIC/HEIF, as told by
  the decoded header (`Image.open(..., formats=...)`), never by a file name. Other image
  formats (GIF, BMP, TIFF, AVIF, ...) are recognised by their magic bytes only, never
  parsed, and refused as "unsupported_format"; anything else is "not_an_image".
* Checks the pixel count from the header before any pixel is decoded (`max_pixels`, default
  `DEFAULT_MAX_PIXELS`), without touching the process-wide `Image.MAX_IMAGE_PIXELS`.
  Pillow's own bomb check still runs inside `Image.open`: past 2x `Image.MAX_IMAGE_PIXELS`
  it raises `DecompressionBombError`, between 1x and 2x it warns (an exception where
  warnings are errors, as under pytest); both end up as "too_many_pixels". So a
  `max_pixels` above Pillow's limit is capped by it.
* Large JPEGs are decoded at reduced scale by the JPEG decoder itself (`Image.draft`,
  DCT scaling by 1/2, 1/4 or 1/8); other formats, decoded in full, are shrunk by an integer
  factor with `Image.reduce` (box filter). Either way the factor is the largest one that
  leaves a long edge of at least `MIN_REDUCED_LONG_EDGE` (1920), so a 4032x3024 photo
  becomes 2016x1512 and is stored at that size: a display copy up to 6.25 % short of
  `DISPLAY_MAX_EDGE` in exchange for skipping most of the decode work (JPEG) or a full
  bicubic pass over 12 megapixels (~110 ms, HEIC/PNG/WebP). What is still larger than
  `DISPLAY_MAX_EDGE` after that is resampled with BICUBIC (`reducing_gap` 2.0).
* Applies the EXIF orientation (`ImageOps.exif_transpose`, after the draft), converts to
  8-bit RGB (transparency flattened onto white, 16-bit greyscale scaled down), caps the
  long edge at `DISPLAY_MAX_EDGE` (never upscales) and makes a `THUMB_MAX_EDGE` thumbnail
  from the display copy.
* Writes baseline JPEGs with no metadata at all: no EXIF (so no GPS), no XMP, no JPEG
  comment, no ICC profile. `info` is emptied before saving because Pillow's JPEG writer
  copies some of it (e.g. the comment) by default. Dropping the ICC profile means a Display
  P3 photo is shown as if it were sRGB, slightly less saturated; converting with ImageCms
  would cost about 50 ms per photo on this machine, which the latency budget does not
  allow.
* Same input bytes give the same output bytes, so `sha256` (of the display JPEG) can name
  files by content.

Damaged input: files cut short or corrupted inside a recognised format are refused as
"truncated" (`ImageFile.LOAD_TRUNCATED_IMAGES` is never set). Unreadable EXIF does not
refuse a photo, it only loses its orientation. HEIF files whose item info is not text are
refused before pi-heif sees them, because pi-heif 1.4 segfaults on them (see
`_refuse_heif_that_crashes_pi_heif`). A fuzz test feeds damaged files of every accepted
format through `process` and expects only `ImageRejected` or a clean result.

Thread safety: `process` keeps all state in local variables; nothing global is changed
after import (the plugin registrations and pi-heif options are set once, at import).

HEIC/HEIF licence choice: decoding goes through `pi-heif`, the decode-only, LGPL build of
libheif + libde265. The `pillow-heif` wheels also bundle the x265 encoder, which is GPL,
so the application depends on `pi-heif` only. (The test suite's HEIC fixture was made
once with pillow-heif outside the project; see tests/media/fixtures/make_heic.py.)
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import pi_heif
from PIL import (
    Image,
    ImageOps,
    JpegImagePlugin,  # noqa: F401  (registers JPEG before any request comes in)
    MpoImagePlugin,  # noqa: F401  (JPEG files with several pictures open as MPO)
    PngImagePlugin,  # noqa: F401
    UnidentifiedImageError,
    WebPImagePlugin,  # noqa: F401
)

# Registers the HEIF opener once, at import. Thumbnails, depth maps and auxiliary images
# embedded in HEIC files are never used here, so libheif does not need to index them.
pi_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "DISPLAY_MAX_EDGE",
    "EMPTY",
    "MIME_TYPE",
    "MIN_REDUCED_LONG_EDGE",
    "NOT_AN_IMAGE",
    "THUMB_MAX_EDGE",
    "TOO_MANY_PIXELS",
    "TRUNCATED",
    "UNSUPPORTED_FORMAT",
    "ImageRejected",
    "ProcessedImage",
    "RejectReason",
    "process",
]


class RejectReason(StrEnum):
    """Why an upload was refused; the values are stable machine codes."""

    EMPTY = "empty"
    NOT_AN_IMAGE = "not_an_image"
    TRUNCATED = "truncated"  # recognised format, but the data is incomplete or damaged
    TOO_MANY_PIXELS = "too_many_pixels"
    UNSUPPORTED_FORMAT = "unsupported_format"  # an image, but not one we accept


EMPTY: Final = RejectReason.EMPTY
NOT_AN_IMAGE: Final = RejectReason.NOT_AN_IMAGE
TRUNCATED: Final = RejectReason.TRUNCATED
TOO_MANY_PIXELS: Final = RejectReason.TOO_MANY_PIXELS
UNSUPPORTED_FORMAT: Final = RejectReason.UNSUPPORTED_FORMAT


class ImageRejected(ValueError):
    """The upload cannot be turned into a photo; `reason` says why (a `RejectReason`).

    `detail` is a technical note for logs (e.g. Pillow's message), never for users.
    """

    def __init__(self, reason: RejectReason | str, detail: str = "") -> None:
        self.reason = RejectReason(reason)
        self.detail = detail
        super().__init__(f"{self.reason.value}: {detail}" if detail else self.reason.value)


DEFAULT_MAX_PIXELS: Final = 50_000_000
DISPLAY_MAX_EDGE: Final = 2048
MIN_REDUCED_LONG_EDGE: Final = 1920
THUMB_MAX_EDGE: Final = 360
DISPLAY_QUALITY: Final = 82
THUMB_QUALITY: Final = 75
MIME_TYPE: Final = "image/jpeg"
# Huffman table optimisation makes the display JPEG ~18 % smaller on the benchmark picture
# but the encode 2.5x slower (7 -> 18 ms); off, to stay inside the latency budget.
JPEG_OPTIMIZE: Final = False
BACKGROUND: Final = (255, 255, 255)
RESAMPLE: Final = Image.Resampling.BICUBIC
REDUCING_GAP: Final = 2.0
# For the 360 px thumbnail a smaller gap (reduce by 3 rather than 2 before resampling a
# 2016 px picture) saves ~3 ms and is not visible at that size (52.6 vs 53.7 dB PSNR
# against LANCZOS without reduction, on the benchmark picture).
THUMB_REDUCING_GAP: Final = 1.5

# Formats handed to Image.open: no other Pillow plugin ever parses an upload.
_OPEN_FORMATS: Final = ("JPEG", "PNG", "WEBP", "HEIF")
# What Image.open may report back for them (the JPEG factory returns MPO files as "MPO").
_ACCEPTED_FORMATS: Final = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "WEBP": "WEBP",
    "HEIF": "HEIF",
}

# HEIF brands in the ftyp box (the ones pi-heif opens), and the AV1 ones (AVIF), which
# libheif can parse but pi-heif cannot decode.
_HEIF_BRANDS: Final = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}
)
_HEVC_BRANDS: Final = _HEIF_BRANDS - {b"mif1", b"msf1"}
_AVIF_BRANDS: Final = frozenset({b"avif", b"avis"})

# Signatures of image formats that we recognise but do not accept.
_OTHER_IMAGE_SIGNATURES: Final = (
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF, little-endian (also most camera raw files)
    b"MM\x00*",  # TIFF, big-endian
    b"II+\x00",  # BigTIFF
    b"MM\x00+",
    b"\x00\x00\x00\x0cJXL \r\n\x87\n",  # JPEG XL container
    b"\xff\x0a",  # JPEG XL codestream
    b"\x00\x00\x00\x0cjP  \r\n\x87\n",  # JPEG 2000
    b"\xff\x4f\xff\x51",  # JPEG 2000 codestream
    b"\x00\x00\x01\x00",  # ICO
    b"8BPS",  # Photoshop
    b"qoif",
    b"DDS ",
)

# Exceptions Pillow and its plugins raise for malformed data.
_DECODE_ERRORS: Final = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError)


@dataclass(frozen=True, slots=True)
class ProcessedImage:
    """The display and thumbnail JPEGs made from one upload."""

    display: bytes
    thumbnail: bytes
    width: int  # of the display JPEG
    height: int
    thumb_width: int
    thumb_height: int
    sha256: str  # hex digest of `display`
    original_format: str  # "JPEG", "PNG", "WEBP" or "HEIF"
    mime_type: str = MIME_TYPE

    @property
    def suffix(self) -> str:
        """File name suffix for both JPEGs (without the dot)."""
        return "jpg"


def process(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> ProcessedImage:
    """Decode `data`, normalise it and return display and thumbnail JPEGs.

    Raises `ImageRejected` with a `RejectReason` for anything that is not a usable photo.
    """
    if not data:
        raise ImageRejected(EMPTY)
    data = bytes(data)
    _refuse_undecodable_heif(data)
    _refuse_heif_that_crashes_pi_heif(data)

    try:
        im = Image.open(io.BytesIO(data), formats=_OPEN_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(TOO_MANY_PIXELS, str(exc)) from exc
    except UnidentifiedImageError as exc:
        raise ImageRejected(_classify_unidentified(data)) from exc
    except _DECODE_ERRORS as exc:
        raise ImageRejected(_classify_unidentified(data), str(exc)) from exc

    with im:
        original_format = _ACCEPTED_FORMATS.get(im.format or "")
        if original_format is None:  # pragma: no cover - _OPEN_FORMATS makes this unreachable
            raise ImageRejected(UNSUPPORTED_FORMAT, str(im.format))
        width, height = im.size
        if width < 1 or height < 1:
            raise ImageRejected(TRUNCATED, f"size {im.size}")
        if width * height > max_pixels:
            raise ImageRejected(TOO_MANY_PIXELS, f"{width}x{height} > {max_pixels} pixels")

        if original_format == "JPEG":
            _draft_jpeg(im)
        try:
            im.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageRejected(TOO_MANY_PIXELS, str(exc)) from exc
        except (*_DECODE_ERRORS, RuntimeError) as exc:
            raise ImageRejected(TRUNCATED, str(exc)) from exc

        upright = _upright(im)
        rgb = _to_rgb(upright)
        display = _fit(_reduce(rgb), DISPLAY_MAX_EDGE)
        thumb = _fit(display, THUMB_MAX_EDGE, THUMB_REDUCING_GAP)
        display_bytes = _encode_jpeg(display, DISPLAY_QUALITY)
        thumb_bytes = _encode_jpeg(thumb, THUMB_QUALITY)
    return ProcessedImage(
        display=display_bytes,
        thumbnail=thumb_bytes,
        width=display.width,
        height=display.height,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
        sha256=hashlib.sha256(display_bytes).hexdigest(),
        original_format=original_format,
    )


def _draft_jpeg(im: Image.Image) -> None:
    """Ask the JPEG decoder for the smallest DCT scale that keeps MIN_REDUCED_LONG_EDGE."""
    width, height = im.size
    long_edge = max(width, height)
    for scale in (8, 4, 2):
        if -(-long_edge // scale) >= MIN_REDUCED_LONG_EDGE:
            break
    else:
        return
    # Pillow picks the largest scale s with size // requested >= s, and the result is
    # ceil(size / s); requesting size // scale therefore gives exactly `scale`.
    im.draft("RGB", (max(1, width // scale), max(1, height // scale)))


def _reduce(im: Image.Image) -> Image.Image:
    """Box-shrink by the largest integer factor that keeps MIN_REDUCED_LONG_EDGE.

    A no-op after a JPEG draft, which already did the same thing inside the decoder.
    """
    factor = max(im.size) // MIN_REDUCED_LONG_EDGE
    return im.reduce(factor) if factor >= 2 else im


def _upright(im: Image.Image) -> Image.Image:
    """Apply the EXIF/XMP orientation, best effort.

    Damaged EXIF makes Pillow raise all sorts of exceptions (AttributeError from
    `Exif.tobytes`, TypeError, struct.error, ...), some of them after the pixels were
    already turned, when it rewrites the EXIF it keeps in `info`. Every piece of metadata
    is dropped anyway, so any failure here just means the picture stays as it is now.
    For HEIF, libheif already applied the rotation and pi-heif reset the tag to 1.
    """
    with contextlib.suppress(Exception):
        ImageOps.exif_transpose(im, in_place=True)
    return im


def _to_rgb(im: Image.Image) -> Image.Image:
    """8-bit RGB; transparency (alpha channel, palette or colour key) is flattened onto white."""
    if im.has_transparency_data:
        rgba = im.convert("RGBA")
        flat = Image.new("RGB", rgba.size, BACKGROUND)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if im.mode == "RGB":
        return im
    if im.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):  # 16-bit greyscale PNG: scale
        return im.point(lambda value: value / 257).convert("L").convert("RGB")
    return im.convert("RGB")


def _fit(im: Image.Image, max_edge: int, reducing_gap: float = REDUCING_GAP) -> Image.Image:
    """Scale down so that the long edge is at most `max_edge`; never upscale."""
    width, height = im.size
    if max(width, height) <= max_edge:
        return im
    if width >= height:
        size = (max_edge, max(1, round(height * max_edge / width)))
    else:
        size = (max(1, round(width * max_edge / height)), max_edge)
    return im.resize(size, RESAMPLE, reducing_gap=reducing_gap)


def _encode_jpeg(im: Image.Image, quality: int) -> bytes:
    """Baseline JPEG with no metadata: Pillow would otherwise copy e.g. `info["comment"]`."""
    im.info = {}
    out = io.BytesIO()
    im.save(out, "JPEG", quality=quality, optimize=JPEG_OPTIMIZE, progressive=False)
    return out.getvalue()


def _ftyp_brands(data: bytes) -> tuple[bytes, set[bytes]] | None:
    """Major and compatible brands of an ISO-BMFF `ftyp` box at the start, if any."""
    if len(data) < 12 or data[4:8] != b"ftyp":
        return None
    box_size = int.from_bytes(data[0:4], "big")
    end = min(len(data), box_size if box_size >= 16 else 16)
    compatible = {data[i : i + 4] for i in range(16, end - 3, 4)}
    return data[8:12], compatible


def _refuse_undecodable_heif(data: bytes) -> None:
    """AVIF (AV1 in HEIF) opens in libheif but pi-heif has no AV1 decoder."""
    brands = _ftyp_brands(data)
    if brands is None:
        return
    major, compatible = brands
    every = compatible | {major}
    if major in _AVIF_BRANDS or (every & _AVIF_BRANDS and not every & _HEVC_BRANDS):
        raise ImageRejected(UNSUPPORTED_FORMAT, "AVIF")


def _refuse_heif_that_crashes_pi_heif(data: bytes) -> None:
    """Refuse HEIF files whose item info would crash pi-heif 1.4 (a segfault, not an error).

    pi-heif turns each metadata item's type and content type into a Python str with no
    check for failure, so a type that is not valid text (one flipped byte in "Exif" is
    enough) takes the whole process down. Found by the fuzz test in tests/media; newer
    pillow-heif builds do not crash on the same files. The item info boxes are small and
    come before the image data, so the walk costs microseconds.
    """
    if data[4:8] != b"ftyp":
        return
    for kind, start, end in _boxes(data, 0, len(data)):
        if kind != b"meta":
            continue
        for child, child_start, child_end in _boxes(data, start + 4, end):  # FullBox
            if child != b"iinf" or child_end - child_start < 6:
                continue
            entries_at = child_start + 4 + (2 if data[child_start] == 0 else 4)
            for entry, entry_start, entry_end in _boxes(data, entries_at, child_end):
                if entry == b"infe" and not _item_info_is_text(data[entry_start:entry_end]):
                    raise ImageRejected(TRUNCATED, "HEIF item info is not text")


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, end) of the ISO-BMFF boxes in data[start:end]; stops at junk."""
    pos = start
    while pos + 8 <= end:
        size = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        header = 8
        if size == 1:
            if pos + 16 > end:
                return
            size = int.from_bytes(data[pos + 8 : pos + 16], "big")
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            return
        yield kind, pos + header, pos + size
        pos += size


def _item_info_is_text(body: bytes) -> bool:
    """ItemInfoEntry: printable four-character type, UTF-8 name/content type/encoding."""
    if len(body) < 4:
        return True  # too short to hold anything; libheif refuses it by itself
    version = body[0]
    if version >= 2:
        type_at = 4 + (2 if version == 2 else 4) + 2  # item_ID, item_protection_index
        item_type = body[type_at : type_at + 4]
        if not all(0x20 <= byte < 0x7F for byte in item_type):
            return False
        strings = body[type_at + 4 :]
    else:
        strings = body[4 + 2 + 2 :]
    try:
        for text in strings.split(b"\x00")[:3]:  # name, content type, content encoding
            text.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _classify_unidentified(data: bytes) -> RejectReason:
    """Reason for data that no accepted decoder would open, from magic bytes alone."""
    if (
        data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        or (data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS)
    ):
        return TRUNCATED  # one of ours, but the header is cut short or damaged
    if data.startswith(_OTHER_IMAGE_SIGNATURES) or _is_bmp(data):
        return UNSUPPORTED_FORMAT
    return NOT_AN_IMAGE


def _is_bmp(data: bytes) -> bool:
    """BMP magic: "BM", the file size, four reserved zero bytes (so "BMW..." text is not)."""
    return data[:2] == b"BM" and data[6:10] == b"\x00\x00\x00\x00"
