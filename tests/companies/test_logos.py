"""Logos are checked by their content, re-encoded without metadata, and replaced cleanly."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from backend.accounts.actor import actor_for
from companies import logos, services

GPS_IFD = 0x8825
MAKE = 0x010F


def image_bytes(fmt: str, size=(300, 150), mode="RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30, 128)[: len(mode)]).save(out, fmt, **save)
    return out.getvalue()


def upload(data: bytes, name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims the size but carries (almost) no pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + png_chunk(b"IEND", b"")
    )


def refusal(data: bytes, name: str = "logo.png") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        logos.logo_renditions(upload(data, name))
    return caught.value


@pytest.mark.parametrize(
    ("fmt", "mode", "name"),
    [("PNG", "RGBA", "a.png"), ("JPEG", "RGB", "a.jpg"), ("WEBP", "RGB", "photo.svg")],
)
def test_jpeg_png_and_webp_become_two_square_webps(fmt, mode, name):
    renditions = logos.logo_renditions(upload(image_bytes(fmt, mode=mode), name))
    for size, content in renditions.items():
        with Image.open(io.BytesIO(content.read())) as image:
            assert (image.format, image.size) == ("WEBP", (size, size))


def test_the_padding_is_transparent():
    content = logos.logo_renditions(upload(image_bytes("PNG", size=(400, 100))))[256]
    with Image.open(io.BytesIO(content.read())) as image:
        rgba = image.convert("RGBA")
        assert rgba.getpixel((128, 2))[3] == 0  # above the wide logo
        assert rgba.getpixel((128, 128))[3] == 255


def test_exif_is_stripped():
    exif = Image.Exif()
    exif[MAKE] = "Spionkamera AB"
    exif[GPS_IFD] = {2: (59.0, 16.0, 30.0)}
    data = image_bytes("JPEG", exif=exif.tobytes())
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif()[MAKE] == "Spionkamera AB"
    for content in logos.logo_renditions(upload(data, "photo.jpg")).values():
        raw = content.read()
        with Image.open(io.BytesIO(raw)) as image:
            assert "exif" not in image.info
            assert not image.getexif()
        assert b"Spionkamera" not in raw


def test_a_decompression_bomb_is_refused():
    error = refusal(png_claiming(100_000, 100_000))
    assert error.code == "too_many_pixels"
    assert "4000" in error.messages[0]


def test_a_header_beyond_4000_pixels_is_refused_before_decoding():
    assert refusal(png_claiming(4001, 10)).code == "too_many_pixels"


def test_a_truncated_file_is_refused():
    data = image_bytes("PNG", size=(800, 800))
    assert refusal(data[: len(data) // 2]).code == "damaged"
    jpeg = image_bytes("JPEG", size=(800, 800))
    assert refusal(jpeg[: len(jpeg) // 2], "logo.jpg").code == "damaged"


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
    error = refusal(svg, "logo.svg")
    assert error.code == "format"
    assert "SVG" in error.messages[0]


def test_text_renamed_to_png_is_refused():
    text = b"This is not an image, just fifty bytes of text.!!!"
    assert len(text) == 50
    assert refusal(text, "logo.png").code == "format"


def test_other_image_formats_are_refused():
    assert refusal(image_bytes("GIF"), "logo.png").code == "format"


def test_more_than_5_mb_is_refused():
    assert refusal(b"\0" * (5 * 1024 * 1024 + 1)).code == "too_large"


@pytest.mark.django_db
def test_replacing_a_logo_deletes_the_old_files(
    company, member, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.company_logo_set(
            company=company, actor=actor_for(member), logo=upload(image_bytes("PNG"))
        )
    first = {company.logo_256.name, company.logo_64.name}
    storage = company.logo_256.storage
    assert all(storage.exists(name) for name in first)
    with django_capture_on_commit_callbacks(execute=True):
        services.company_logo_set(
            company=company, actor=actor_for(member), logo=upload(image_bytes("JPEG"))
        )
    assert not any(storage.exists(name) for name in first)
    assert storage.exists(company.logo_256.name)
    stored = sorted(
        p.name for p in (media_root / "companies" / "logos" / str(company.pk)).iterdir()
    )
    assert len(stored) == 2
    assert all(name.endswith(".webp") for name in stored)


@pytest.mark.django_db
def test_a_refused_logo_keeps_the_old_one(company, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.company_logo_set(
            company=company, actor=actor_for(member), logo=upload(image_bytes("PNG"))
        )
    before = company.logo_256.name
    with pytest.raises(ValidationError) as caught:
        services.company_logo_set(
            company=company, actor=actor_for(member), logo=upload(b"not an image")
        )
    assert list(caught.value.message_dict) == ["logo"]
    company.refresh_from_db()
    assert company.logo_256.name == before
    assert company.logo_256.storage.exists(before)
