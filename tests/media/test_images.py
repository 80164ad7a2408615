"""Tests for webapp.media.images: every input image is made in memory with Pillow.

The one exception is the HEIC fixture (pi-heif cannot encode); see fixtures/make_heic.py.
"""

from __future__ import annotations

import hashlib
import io
import struct
import subprocess
import sys
import warnings
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms, features
from PIL.PngImagePlugin import PngInfo

from webapp.media import images
from webapp.media.images import ImageRejected, ProcessedImage, RejectReason, process

FIXTURES = Path(__file__).parent / "fixtures"
GREY = (128, 128, 128)
RED = (220, 20, 20)
BLUE = (20, 20, 220)
WHITE = (255, 255, 255)

ORIENTATION = 0x0112
GPS_IFD = 0x8825


# --- helpers -------------------------------------------------------------------------------


def marked(size: tuple[int, int], block: int = 30) -> Image.Image:
    """Grey picture with a red block in the top-left and a blue one in the bottom-right."""
    width, height = size
    im = Image.new("RGB", size, GREY)
    im.paste(RED, (0, 0, block, block))
    im.paste(BLUE, (width - block, height - block, width, height))
    return im


def phone_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: orientation, make/model, a GPS position."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "TestPhone"
    exif[0x0110] = "Model 12"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (31.0, 14.0, 2.5)
    gps[3] = "E"
    gps[4] = (121.0, 28.0, 10.0)
    return exif


def exif_with_mistyped_make(orientation: int) -> bytes:
    """Raw EXIF: Orientation plus a Make tag stored as RATIONAL instead of ASCII.

    Pillow reads it, but raises AttributeError when it writes the EXIF back (which
    `ImageOps.exif_transpose` does after turning the picture).
    """
    entries = struct.pack("<HHIHH", 0x0112, 3, 1, orientation, 0)  # SHORT
    entries = struct.pack("<HHII", 0x010F, 5, 1, 38) + entries  # RATIONAL at offset 38
    tiff = b"II*\x00" + struct.pack("<IH", 8, 2) + entries + struct.pack("<I", 0)
    assert len(tiff) == 38
    return b"Exif\x00\x00" + tiff + struct.pack("<II", 1, 2)


def encode(im: Image.Image, fmt: str = "JPEG", **params: object) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **params)
    return out.getvalue()


def noisy(size: tuple[int, int]) -> Image.Image:
    """Content that does not compress away, so cutting the file loses real pixel data."""
    channels = [Image.effect_noise(size, 60) for _ in range(3)]
    return Image.merge("RGB", channels)


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares width x height but carries a few bytes of pixel data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + png_chunk(b"IEND", b"")
    )


def jpeg_with_size(width: int, height: int) -> bytes:
    """A small real JPEG whose SOF0 header is patched to claim width x height."""
    data = bytearray(encode(Image.new("RGB", (16, 16), GREY), quality=90))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def jpeg_markers(data: bytes) -> list[int]:
    """Markers of the segments before the image data (SOS), e.g. 0xE1 for APP1/EXIF."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers, pos = [], 2
    while pos < len(data):
        assert data[pos] == 0xFF, f"bad segment at {pos}"
        marker = data[pos + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length
    return markers


def assert_clean_jpeg(data: bytes) -> Image.Image:
    """A baseline JPEG with no EXIF, XMP, ICC or comment; returns it decoded."""
    markers = jpeg_markers(data)
    assert 0xC0 in markers, "expected a baseline (SOF0) JPEG"
    assert 0xC2 not in markers, "progressive JPEG"
    # APP0 (JFIF) is the only application segment allowed; no COM (0xFE).
    assert [m for m in markers if 0xE1 <= m <= 0xEF or m == 0xFE] == []
    assert b"Exif\x00\x00" not in data
    assert b"TestPhone" not in data
    im = Image.open(io.BytesIO(data))
    assert im.format == "JPEG"
    assert len(im.getexif()) == 0
    for key in ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"):
        assert key not in im.info, key
    im.load()
    assert im.mode == "RGB"
    return im


def colour_at(data: bytes, xy: tuple[int, int]) -> tuple[int, int, int]:
    with Image.open(io.BytesIO(data)) as im:
        return im.convert("RGB").getpixel(xy)


def close_to(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 40) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def rejected(data: bytes, **kwargs: object) -> RejectReason:
    with pytest.raises(ImageRejected) as info:
        process(data, **kwargs)
    return info.value.reason


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def phone_jpeg() -> bytes:
    """A 12-megapixel phone-like JPEG stored sideways (orientation 6) with GPS."""
    return encode(marked((4032, 3024), block=400), quality=90, exif=phone_exif(6))


@pytest.fixture(scope="module")
def heic() -> bytes:
    return (FIXTURES / "rotated_gps.heic").read_bytes()


# --- the API ----------------------------------------------------------------------------------


def test_reject_codes_are_the_agreed_set() -> None:
    assert {r.value for r in RejectReason} == {
        "empty",
        "not_an_image",
        "truncated",
        "too_many_pixels",
        "unsupported_format",
    }
    assert images.TOO_MANY_PIXELS == "too_many_pixels"
    assert issubclass(ImageRejected, ValueError)
    err = ImageRejected("truncated", "detail for logs")
    assert err.reason is RejectReason.TRUNCATED
    with pytest.raises(ValueError):
        ImageRejected("no_such_reason")


def test_result_fields(phone_jpeg: bytes) -> None:
    result = process(phone_jpeg)
    assert isinstance(result, ProcessedImage)
    assert result.mime_type == "image/jpeg"
    assert result.original_format == "JPEG"
    assert result.sha256 == hashlib.sha256(result.display).hexdigest()
    with Image.open(io.BytesIO(result.display)) as im:
        assert im.size == (result.width, result.height)
    with Image.open(io.BytesIO(result.thumbnail)) as im:
        assert im.size == (result.thumb_width, result.thumb_height)
    with pytest.raises(AttributeError):
        result.width = 1  # type: ignore[misc]


# --- orientation --------------------------------------------------------------------------


# Where the stored top-left (red) and bottom-right (blue) blocks must end up, for a 120x80
# stored picture, as (display size, red sample point, blue sample point).
UPRIGHT = {
    1: ((120, 80), (15, 15), (105, 65)),
    3: ((120, 80), (105, 65), (15, 15)),
    6: ((80, 120), (65, 15), (15, 105)),  # turned clockwise: red top-right
    8: ((80, 120), (15, 105), (65, 15)),  # turned counter-clockwise: red bottom-left
}


@pytest.mark.parametrize("orientation", sorted(UPRIGHT))
def test_exif_orientation_is_applied(orientation: int) -> None:
    data = encode(marked((120, 80)), quality=95, exif=phone_exif(orientation))
    result = process(data)
    size, red_at, blue_at = UPRIGHT[orientation]
    assert (result.width, result.height) == size
    assert close_to(colour_at(result.display, red_at), RED)
    assert close_to(colour_at(result.display, blue_at), BLUE)
    # The thumbnail is the same picture (not upscaled: it is already small).
    assert (result.thumb_width, result.thumb_height) == size
    assert close_to(colour_at(result.thumbnail, red_at), RED)


def test_exif_that_pillow_cannot_rewrite_still_gives_an_upright_photo() -> None:
    data = encode(marked((120, 80)), quality=95, exif=exif_with_mistyped_make(6))
    result = process(data)
    assert (result.width, result.height) == (80, 120)
    assert close_to(colour_at(result.display, (65, 15)), RED)
    assert_clean_jpeg(result.display)


def test_large_phone_jpeg_is_decoded_reduced_and_upright(phone_jpeg: bytes) -> None:
    result = process(phone_jpeg)
    # 4032x3024 decodes at half scale (2016x1512) and is shown turned: 1512 wide, 2016 high.
    assert (result.width, result.height) == (1512, 2016)
    assert images.MIN_REDUCED_LONG_EDGE <= max(result.width, result.height) <= 2048
    assert close_to(colour_at(result.display, (1512 - 100, 100)), RED)  # top-right
    assert close_to(colour_at(result.display, (100, 2016 - 100)), BLUE)  # bottom-left
    assert close_to(colour_at(result.display, (100, 100)), GREY)
    assert (result.thumb_width, result.thumb_height) == (270, 360)
    assert close_to(colour_at(result.thumbnail, (270 - 15, 15)), RED)
    assert close_to(colour_at(result.thumbnail, (15, 360 - 15)), BLUE)


@pytest.mark.parametrize("fmt", ["JPEG", "MPO"])
def test_jpeg_decoder_delivers_reduced_pixels(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The half-size picture must come out of the JPEG decoder (draft), not a later reduce."""
    seen: list[tuple[int, int]] = []
    original = images._reduce

    def spy(im: Image.Image) -> Image.Image:
        seen.append(im.size)
        return original(im)

    monkeypatch.setattr(images, "_reduce", spy)
    picture = marked((4032, 3024), block=400)
    extra = {"save_all": True, "append_images": [picture]} if fmt == "MPO" else {}
    result = process(encode(picture, fmt, quality=90, exif=phone_exif(6), **extra))
    assert seen == [(1512, 2016)]
    assert (result.width, result.height) == (1512, 2016)
    assert close_to(colour_at(result.display, (1512 - 100, 100)), RED)


# --- metadata ---------------------------------------------------------------------------------


def test_gps_and_all_metadata_are_stripped_from_jpeg(phone_jpeg: bytes) -> None:
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(
        marked((300, 200)),
        quality=90,
        exif=phone_exif(6),
        icc_profile=icc,
        comment=b"shot at the customer's warehouse",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">secret</x:xmpmeta>',
    )
    source = Image.open(io.BytesIO(data))
    assert source.getexif().get_ifd(GPS_IFD), "the input must carry GPS for this test"
    assert {"icc_profile", "comment", "xmp"} <= set(source.info)

    for payload in (data, phone_jpeg):
        result = process(payload)
        assert_clean_jpeg(result.display)
        assert_clean_jpeg(result.thumbnail)


def test_metadata_is_stripped_from_png_and_webp() -> None:
    exif = phone_exif(1)
    png_info = PngInfo()
    png_info.add_text("Comment", "secret")
    png = encode(marked((90, 60)), "PNG", exif=exif, pnginfo=png_info)
    webp = encode(marked((90, 60)), "WEBP", exif=exif, quality=90)
    for data in (png, webp):
        assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)
        result = process(data)
        assert_clean_jpeg(result.display)
        assert_clean_jpeg(result.thumbnail)


def test_heic_is_accepted_upright_and_stripped(heic: bytes) -> None:
    result = process(heic)
    assert result.original_format == "HEIF"
    # Stored 120x80 with an irot transform: libheif turns it, and it must not be turned twice.
    assert (result.width, result.height) == (80, 120)
    assert close_to(colour_at(result.display, (65, 15)), RED)
    assert close_to(colour_at(result.display, (15, 105)), BLUE)
    assert_clean_jpeg(result.display)
    assert_clean_jpeg(result.thumbnail)


# --- sizes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "size", "expected"),
    [
        ("JPEG", (5000, 3750), (2048, 1536)),  # half-scale decode (2500) then resize
        ("JPEG", (3000, 2000), (2048, 1365)),  # too small for a reduced decode
        ("JPEG", (2048, 1536), (2048, 1536)),  # exactly at the cap: untouched
        ("PNG", (1000, 3000), (683, 2048)),  # portrait
        ("PNG", (4032, 3024), (2016, 1512)),  # reduced by 2, like a JPEG draft
        ("WEBP", (6000, 4000), (2000, 1334)),  # reduced by 3
        ("WEBP", (2500, 500), (2048, 410)),
    ],
)
def test_display_long_edge_is_capped(
    fmt: str, size: tuple[int, int], expected: tuple[int, int]
) -> None:
    result = process(encode(marked(size, block=200), fmt))
    assert (result.width, result.height) == expected
    long_edge = max(result.thumb_width, result.thumb_height)
    assert long_edge == images.THUMB_MAX_EDGE
    ratio = result.width / result.height
    assert abs(result.thumb_width / result.thumb_height - ratio) < 0.02
    assert close_to(colour_at(result.display, (20, 20)), RED)


def test_small_image_is_not_upscaled() -> None:
    result = process(encode(marked((100, 70)), "PNG"))
    assert (result.width, result.height) == (100, 70)
    assert (result.thumb_width, result.thumb_height) == (100, 70)


def test_thumbnail_of_extreme_panorama_keeps_a_pixel() -> None:
    result = process(encode(Image.new("RGB", (6000, 4), GREY), "PNG"))
    assert (result.width, result.height) == (2000, 2)  # reduced by 3, rounded up
    assert (result.thumb_width, result.thumb_height) == (360, 1)
    result = process(encode(Image.new("RGB", (3000, 1), GREY), "PNG"))
    assert (result.width, result.height) == (2048, 1)


# --- colour modes ------------------------------------------------------------------------------


def test_png_alpha_is_flattened_onto_white() -> None:
    im = Image.new("RGBA", (80, 40), (0, 0, 0, 0))  # transparent black must not turn black
    im.paste((20, 20, 220, 255), (40, 0, 80, 40))
    result = process(encode(im, "PNG"))
    assert close_to(colour_at(result.display, (10, 20)), WHITE, 10)
    assert close_to(colour_at(result.display, (70, 20)), BLUE)


def test_half_transparent_pixels_are_blended_with_white() -> None:
    im = Image.new("RGBA", (40, 40), (0, 0, 0, 128))
    result = process(encode(im, "PNG"))
    assert close_to(colour_at(result.display, (20, 20)), (127, 127, 127), 10)


def test_palette_and_greyscale_transparency_are_flattened() -> None:
    palette = Image.new("P", (40, 40), 0)
    palette.putpalette([0, 0, 0, 20, 20, 220])
    palette.paste(1, (20, 0, 40, 40))
    la = Image.new("LA", (40, 40), (0, 0))
    la.paste((0, 255), (20, 0, 40, 40))
    cases = [
        (encode(palette, "PNG", transparency=0), (20, 20, 220)),
        (encode(la, "PNG"), (0, 0, 0)),
    ]
    for data, right in cases:
        result = process(data)
        assert close_to(colour_at(result.display, (5, 20)), WHITE, 10)
        assert close_to(colour_at(result.display, (35, 20)), right)


def test_webp_with_alpha_is_accepted_and_flattened() -> None:
    im = Image.new("RGBA", (80, 40), (0, 0, 0, 0))
    im.paste((220, 20, 20, 255), (40, 0, 80, 40))
    result = process(encode(im, "WEBP", lossless=True))
    assert result.original_format == "WEBP"
    assert close_to(colour_at(result.display, (10, 20)), WHITE, 10)
    assert close_to(colour_at(result.display, (70, 20)), RED)


def test_sixteen_bit_greyscale_is_scaled_not_clipped() -> None:
    im = Image.new("I;16", (40, 40), 32768)
    im.paste(65535, (20, 0, 40, 40))
    result = process(encode(im, "PNG"))
    assert close_to(colour_at(result.display, (5, 20)), (128, 128, 128), 6)
    assert close_to(colour_at(result.display, (35, 20)), WHITE, 6)


@pytest.mark.parametrize("mode", ["L", "CMYK"])
def test_greyscale_and_cmyk_jpeg_become_rgb(mode: str) -> None:
    result = process(encode(marked((60, 40)).convert(mode), quality=95))
    assert_clean_jpeg(result.display)
    expected = RED if mode == "CMYK" else (80, 80, 80)  # red in L: 0.299*220 + ... = 80
    assert close_to(colour_at(result.display, (10, 10)), expected)


def test_mpo_from_a_phone_is_accepted_as_jpeg() -> None:
    first, second = marked((120, 80)), Image.new("RGB", (120, 80), GREY)
    data = encode(first, "MPO", save_all=True, append_images=[second], exif=phone_exif(6))
    assert Image.open(io.BytesIO(data)).format == "MPO"
    result = process(data)
    assert result.original_format == "JPEG"
    assert (result.width, result.height) == (80, 120)
    assert close_to(colour_at(result.display, (65, 15)), RED)
    assert_clean_jpeg(result.display)


# --- refusals ---------------------------------------------------------------------------------


def test_empty_upload() -> None:
    assert rejected(b"") is RejectReason.EMPTY


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"Order 4411: 300 pcs, ship Friday\n" * 20, id="text-renamed-jpg"),
        pytest.param(
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
            b'height="10"><rect width="10" height="10" fill="red"/></svg>\n',
            id="svg",
        ),
        pytest.param(b"<svg onload=alert(1)>", id="bare-svg"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", id="pdf"),
        pytest.param(b"<!doctype html><html><body>hi</body></html>", id="html"),
        pytest.param(b"PK\x03\x04" + b"\x00" * 40, id="zip"),
        pytest.param(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom", id="mp4"),
        pytest.param(b"BMW parts list", id="text-starting-BM"),
        pytest.param(b"\x00", id="one-byte"),
    ],
)
def test_not_an_image(data: bytes) -> None:
    assert rejected(data) is RejectReason.NOT_AN_IMAGE


@pytest.mark.parametrize(
    ("fmt", "params"),
    [
        ("GIF", {}),
        ("BMP", {}),
        ("TIFF", {}),
        ("TIFF", {"compression": "tiff_deflate"}),
        ("ICO", {}),
        pytest.param(
            "AVIF",
            {"quality": 80},
            marks=pytest.mark.skipif(not features.check("avif"), reason="no AVIF encoder"),
        ),
    ],
)
def test_other_image_formats_are_unsupported(fmt: str, params: dict[str, object]) -> None:
    data = encode(marked((64, 48)), fmt, **params)
    assert rejected(data) is RejectReason.UNSUPPORTED_FORMAT


def test_truncated_jpeg() -> None:
    data = encode(noisy((400, 300)), quality=90)
    assert process(data).width == 400  # the whole file is fine
    assert rejected(data[: len(data) // 2]) is RejectReason.TRUNCATED


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_truncated_png_and_webp(fmt: str) -> None:
    data = encode(noisy((200, 150)), fmt)
    assert rejected(data[: len(data) // 2]) is RejectReason.TRUNCATED


def test_truncated_heic(heic: bytes) -> None:
    assert rejected(heic[: len(heic) // 2]) is RejectReason.TRUNCATED


def test_heic_with_non_text_item_type_is_refused_without_crashing(heic: bytes) -> None:
    """pi-heif 1.4 segfaults on such a file; run in a child process so a regression fails
    this test instead of killing the test run."""
    at = heic.index(b"Exif")  # the item type of the EXIF item, in the item info box
    damaged = heic[:at] + b"Exi\xc8" + heic[at + 4 :]
    code = (
        "import sys\n"
        "from webapp.media.images import ImageRejected, process\n"
        "try:\n"
        "    process(sys.stdin.buffer.read())\n"
        "except ImageRejected as exc:\n"
        "    print(exc.reason.value)\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=damaged,
        capture_output=True,
        cwd=root,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    assert done.stdout.decode().strip() == "truncated"


@pytest.mark.parametrize("cut", [12, 20, 40])
def test_header_cut_short_is_truncated(cut: int) -> None:
    for fmt in ("JPEG", "PNG", "WEBP"):
        data = encode(marked((40, 30)), fmt)
        assert rejected(data[:cut]) is RejectReason.TRUNCATED, fmt


def test_four_hundred_megapixel_png_header_is_refused() -> None:
    assert rejected(png_header_only(20_000, 20_000)) is RejectReason.TOO_MANY_PIXELS


def test_pixel_limit_is_checked_by_the_pipeline_itself() -> None:
    # 60 megapixels: below Pillow's own bomb threshold (~89 MP), above ours (50 MP).
    assert (Image.MAX_IMAGE_PIXELS or 0) > 60_000_000
    assert rejected(png_header_only(8000, 7500)) is RejectReason.TOO_MANY_PIXELS
    assert rejected(jpeg_with_size(8000, 7500)) is RejectReason.TOO_MANY_PIXELS
    small = encode(marked((100, 100)), "PNG")
    assert rejected(small, max_pixels=9_999) is RejectReason.TOO_MANY_PIXELS
    assert process(small, max_pixels=10_000).width == 100


@pytest.mark.parametrize("action", ["error", "ignore", "default"])
def test_pillow_bomb_warning_range_is_refused_whatever_the_warning_filter(action: str) -> None:
    data = png_header_only(12_000, 10_000)  # 120 MP: Pillow warns but does not raise
    with warnings.catch_warnings(record=True):
        warnings.simplefilter(action)  # type: ignore[call-overload]
        assert rejected(data) is RejectReason.TOO_MANY_PIXELS


def test_jpeg_bomb_header_is_refused() -> None:
    assert rejected(jpeg_with_size(60_000, 60_000)) is RejectReason.TOO_MANY_PIXELS


def test_content_is_judged_by_header_not_by_name() -> None:
    # The pipeline takes bytes only; a PNG is processed as PNG whatever it was called.
    result = process(encode(marked((50, 40)), "PNG"))
    assert result.original_format == "PNG"
    assert result.mime_type == "image/jpeg"


# --- determinism and threads ------------------------------------------------------------------


def test_same_input_gives_same_output(phone_jpeg: bytes) -> None:
    first, second = process(phone_jpeg), process(phone_jpeg)
    assert first == second
    other = process(encode(marked((4032, 3024), block=300), quality=90, exif=phone_exif(6)))
    assert other.sha256 != first.sha256


def test_concurrent_calls_match_sequential_results(heic: bytes) -> None:
    inputs = [
        encode(marked((1600, 1200)), quality=90, exif=phone_exif(6)),
        encode(marked((900, 600)), "PNG"),
        encode(marked((700, 500)), "WEBP"),
        heic,
        b"not an image at all",
    ]

    def run(data: bytes) -> ProcessedImage | RejectReason:
        try:
            return process(data)
        except ImageRejected as exc:
            return exc.reason

    expected = [run(data) for data in inputs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, inputs * 6))
    assert results == expected * 6


# --- robustness ---------------------------------------------------------------------------------


def _seeds() -> list[bytes]:
    return [
        encode(marked((48, 32)), quality=85, exif=phone_exif(6)),
        encode(marked((48, 32)), "PNG"),
        encode(marked((48, 32)), "WEBP"),
        (FIXTURES / "rotated_gps.heic").read_bytes(),
    ]


SEEDS = _seeds()


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI stays reproducible
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=6),
    cut=st.none() | st.integers(0, 10_000),
)
def test_damaged_files_are_refused_or_processed_never_crash(
    seed: bytes, edits: list[tuple[int, int]], cut: int | None
) -> None:
    data = bytearray(seed)
    for position, value in edits:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    with warnings.catch_warnings():
        # Pillow warns about e.g. corrupt EXIF; in production that is a log line, not a crash.
        warnings.simplefilter("ignore")
        try:
            result = process(bytes(data))
        except ImageRejected:
            return
    assert_clean_jpeg(result.display)
    assert max(result.width, result.height) <= images.DISPLAY_MAX_EDGE


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(st.binary(max_size=64))
def test_random_bytes_are_refused(data: bytes) -> None:
    with pytest.raises(ImageRejected):
        process(data)
