"""Uploaded images: size limit and format check by content, before any decoding.

The client's declared content type and file name are not trusted; the first bytes
decide. A file that is not one of the accepted formats gets 415; one that claims a
format but does not decode gets 422 later, from the engine.
"""

from __future__ import annotations

from werkzeug.datastructures import FileStorage

from .errors import ApiError

#: Leading bytes of each accepted format.
_SIGNATURES: tuple[tuple[str, bytes], ...] = (
    ("image/jpeg", b"\xff\xd8\xff"),
    ("image/png", b"\x89PNG\r\n\x1a\n"),
    ("image/gif", b"GIF87a"),
    ("image/gif", b"GIF89a"),
    ("image/bmp", b"BM"),
    ("image/tiff", b"II*\x00"),
    ("image/tiff", b"MM\x00*"),
)

_READ_CHUNK = 64 * 1024


def sniff_image_type(data: bytes) -> str | None:
    """The MIME type of an image from its first bytes, or ``None`` if not recognised."""
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    for mime, signature in _SIGNATURES:
        if data.startswith(signature):
            return mime
    return None


def read_image(upload: FileStorage, max_bytes: int, allowed_types: tuple[str, ...]) -> bytes:
    """Read an uploaded image; 413 when over ``max_bytes``, 422 when empty, 415 when not an accepted image."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = upload.stream.read(_READ_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise ApiError(413, "payload_too_large", f"the image is larger than {max_bytes} bytes")
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        raise ApiError(422, "validation_error", "image: the uploaded file is empty")
    mime = sniff_image_type(data)
    if mime is None or mime not in allowed_types:
        found = mime or "not a recognised image"
        raise ApiError(
            415, "unsupported_media_type",
            f"image: expected one of {', '.join(allowed_types)}; the uploaded file is {found}",
        )
    return data
