"""What an uploaded logo really is, read from its bytes rather than from its name.

The image's width is read from the PNG, JPEG or WebP header itself, so no imaging library is needed
to keep the promise of the upload field's help text.
"""

import struct

import filetype
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _

LOGO_TYPES = {"image/png", "image/jpeg", "image/webp"}
LOGO_MIN_WIDTH = 200
# JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic); they carry the size.
JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def image_width(data: bytes) -> int | None:
    """The width in pixels of a PNG, JPEG or WebP image, or ``None`` when the header is not one."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return struct.unpack(">I", data[16:20])[0]
    if data.startswith(b"\xff\xd8"):
        return _jpeg_width(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_width(data)
    return None


def _jpeg_width(data: bytes) -> int | None:
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker in {0x01, *range(0xD0, 0xD8)}:  # markers without a length
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if marker in JPEG_FRAMES:
            frame = data[position + 5 : position + 9]
            return struct.unpack(">H", frame[2:4])[0] if len(frame) == 4 else None
        position += 2 + length
    return None


def _webp_width(data: bytes) -> int | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        return struct.unpack("<H", data[26:28])[0] & 0x3FFF
    if chunk == b"VP8L" and data[20:21] == b"\x2f":
        (bits,) = struct.unpack("<I", data[21:25])
        return (bits & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 27:
        return int.from_bytes(data[24:27], "little") + 1
    return None


def validate_logo(value: File) -> None:
    """A new logo must be a PNG, JPEG or WebP image (by its content) at least 200 pixels wide."""
    if getattr(value, "_committed", False):
        return  # the stored logo was checked when it was uploaded
    value.seek(0)
    data = value.read()
    value.seek(0)
    kind = filetype.guess(data)
    if kind is None or kind.mime not in LOGO_TYPES:
        raise ValidationError(_("Upload a PNG, JPEG or WebP image."), code="invalid_image")
    width = image_width(data)
    if width is None:
        raise ValidationError(_("The image cannot be read."), code="invalid_image")
    if width < LOGO_MIN_WIDTH:
        raise ValidationError(
            _("The logo must be at least %(minimum)d pixels wide; this one is %(width)d."),
            code="too_narrow",
            params={"minimum": LOGO_MIN_WIDTH, "width": width},
        )
