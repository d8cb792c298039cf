import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from samverkan.arenas.images import LOGO_MIN_WIDTH, image_width
from samverkan.arenas.models import Arena


def png(width: int, height: int = 10) -> bytes:
    """A complete, valid grey-scale PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg(width: int, height: int = 10) -> bytes:
    """The segments of a JPEG up to its frame header: an APP0 (JFIF) segment, then SOF0."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def webp_lossy(width: int, height: int = 10) -> bytes:
    frame = b"\x00\x00\x00" + b"\x9d\x01\x2a" + struct.pack("<HH", width, height)
    return (
        b"RIFF"
        + struct.pack("<I", 4 + 8 + len(frame))
        + b"WEBPVP8 "
        + struct.pack("<I", len(frame))
        + frame
    )


def webp_lossless(width: int, height: int = 10) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    data = b"\x2f" + struct.pack("<I", bits)
    return (
        b"RIFF"
        + struct.pack("<I", 4 + 8 + len(data))
        + b"WEBPVP8L"
        + struct.pack("<I", len(data))
        + data
    )


def webp_extended(width: int, height: int = 10) -> bytes:
    data = (
        b"\x00\x00\x00\x00" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    )
    return (
        b"RIFF"
        + struct.pack("<I", 4 + 8 + len(data))
        + b"WEBPVP8X"
        + struct.pack("<I", len(data))
        + data
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="400"></svg>'
IMAGES = [png, jpeg, webp_lossy, webp_lossless, webp_extended]


@pytest.mark.parametrize("make", IMAGES)
@pytest.mark.parametrize("width", [1, 199, 200, 1234, 16383])
def test_the_width_is_read_from_the_image_header(make, width):
    assert image_width(make(width)) == width


@pytest.mark.parametrize("data", [SVG, b"", b"\xff\xd8\xff", b"GIF89a" + b"\x00" * 20])
def test_an_unknown_or_truncated_header_has_no_width(data):
    assert image_width(data) is None


def settings_url(arena: Arena) -> str:
    with translation.override("en"):
        return reverse("arenas:settings", kwargs={"slug": arena.slug})


def post_logo(client, arena: Arena, name: str, content: bytes):
    fields = {
        "name_sv": arena.name_sv,
        "name_en": arena.name_en,
        "description_sv": arena.description_sv,
        "description_en": arena.description_en,
        "colour": arena.colour,
        "contact_email": arena.contact_email,
        "website": arena.website,
        "logo": SimpleUploadedFile(name, content),
    }
    return client.post(settings_url(arena), fields)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("logo.png", png),
        ("logo.jpg", jpeg),
        ("logo.webp", webp_lossy),
        ("logo.webp", webp_lossless),
    ],
)
def test_an_image_wide_enough_is_stored_as_the_logo(client_as, west_arena, name, make):
    response = post_logo(client_as("arena_admin"), west_arena, name, make(LOGO_MIN_WIDTH))
    assert response.status_code == 302
    west_arena.refresh_from_db()
    assert west_arena.logo.name.endswith(name.rsplit(".")[-1])


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", SVG),
        ("logo.jpg", b"<html><script>alert(1)</script></html>"),
        ("logo.png", jpeg(400)[:2]),
    ],
)
def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(
    client_as, west_arena, name, content
):
    response = post_logo(client_as("arena_admin"), west_arena, name, content)
    assert response.status_code == 200
    assert "Upload a PNG, JPEG or WebP image." in response.content.decode()
    assert not Arena.objects.get(pk=west_arena.pk).logo


def test_a_gif_named_png_is_refused(client_as, west_arena):
    gif = b"GIF89a" + struct.pack("<HH", 400, 10) + b"\x00" * 20
    response = post_logo(client_as("arena_admin"), west_arena, "logo.png", gif)
    assert "Upload a PNG, JPEG or WebP image." in response.content.decode()
    assert not Arena.objects.get(pk=west_arena.pk).logo


def test_a_logo_narrower_than_the_help_text_promises_is_refused(client_as, west_arena):
    narrow = LOGO_MIN_WIDTH - 1
    response = post_logo(client_as("arena_admin"), west_arena, "logo.png", png(narrow))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"at least {LOGO_MIN_WIDTH} pixels wide; this one is {narrow}" in page
    assert not Arena.objects.get(pk=west_arena.pk).logo
