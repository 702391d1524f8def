"""Exercise pictures: a library editor uploads one in the admin; it is checked, stored smaller and shown with alt text.

Every picture is made in memory by Pillow; uploads land in the test's own temporary MEDIA_ROOT.
"""

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from athletes.tests.coaching import assign, link
from library.images import MAX_SIDE, MAX_UPLOAD_BYTES
from library.models import Exercise

from .factories import exercise_change_form, make_cause, make_claim, make_exercise

pytestmark = pytest.mark.django_db

ALT = "Standing on one leg on a step, heel lowered below the edge"
MAKE, MODEL, ORIENTATION = 0x010F, 0x0110, 0x0112


def jpeg(width=2400, height=1600, *, orientation=None, name="calf-raise.jpg"):
    """A JPEG with a camera's EXIF: its maker, model and (if given) which way up it was held."""
    exif = Image.Exif()
    exif[MAKE], exif[MODEL] = "PhoneMaker", "Model 7"
    if orientation:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png(width, height, *, mode="RGB", name="drawing.png"):
    out = io.BytesIO()
    Image.new(mode, (width, height)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def forged_png(width, height):
    """A PNG header claiming `width` × `height` pixels with no picture behind it, as a decompression bomb starts."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return SimpleUploadedFile("bomb.png", data, content_type="image/png")


@pytest.fixture
def exercise():
    exercise = make_exercise("slow-calf-raises", name="Slow calf raises")
    make_claim(exercise, make_cause("neuromuscular-fatigue", name="Neuromuscular fatigue"))
    return exercise


def upload(client, exercise, **changes):
    return client.post(
        reverse("admin:library_exercise_change", args=[exercise.pk]), exercise_change_form(exercise, **changes)
    )


def stored_files():
    return default_storage.listdir("exercises")[1] if default_storage.exists("exercises") else []


def form_errors(response):
    return " ".join(str(error) for errors in response.context["adminform"].form.errors.values() for error in errors)


def test_a_library_editor_uploads_a_picture_and_it_is_stored_smaller_and_without_its_metadata(staff_client, exercise):
    response = upload(staff_client, exercise, image=jpeg(2400, 1600), image_alt=ALT)
    assert response.status_code == 302, form_errors(response)

    exercise.refresh_from_db()
    assert exercise.image.name == "exercises/slow-calf-raises.webp"
    assert (exercise.image_width, exercise.image_height, exercise.image_alt) == (1200, 800, ALT)
    with default_storage.open(exercise.image.name) as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("WEBP", (MAX_SIDE, 800))
        assert not image.getexif()
        assert "exif" not in image.info


def test_a_photo_taken_sideways_is_stored_upright(staff_client, exercise):
    """EXIF orientation 6: the camera was turned a quarter; the stored copy is turned back and fits 1200 × 1200."""
    assert upload(staff_client, exercise, image=jpeg(2400, 1600, orientation=6), image_alt=ALT).status_code == 302
    exercise.refresh_from_db()
    with default_storage.open(exercise.image.name) as stored, Image.open(stored) as image:
        assert image.size == (800, 1200)
        assert ORIENTATION not in image.getexif()


def test_a_small_picture_keeps_its_size_and_a_transparent_one_its_transparency(staff_client, exercise):
    assert upload(staff_client, exercise, image=png(300, 200, mode="RGBA"), image_alt=ALT).status_code == 302
    exercise.refresh_from_db()
    with default_storage.open(exercise.image.name) as stored, Image.open(stored) as image:
        assert (image.size, image.mode) == ((300, 200), "RGBA")


@pytest.mark.parametrize("alt", ["", "   "])
def test_a_picture_without_alt_text_is_refused_and_nothing_is_stored(staff_client, exercise, alt):
    response = upload(staff_client, exercise, image=jpeg(), image_alt=alt)
    assert response.status_code == 200
    assert "a picture needs its alt text" in form_errors(response)
    exercise.refresh_from_db()
    assert not exercise.image
    assert stored_files() == []


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("calf.jpg", b"Not a picture at all, just words.", "image/jpeg"), "Upload a picture"),
        (SimpleUploadedFile("calf.eps", b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"), "Upload a picture"),
        (SimpleUploadedFile("huge.jpg", b"\xff" * (MAX_UPLOAD_BYTES + 1), "image/jpeg"), "a picture can be up to 5 MB"),
        (png(6000, 5000, mode="1"), "This picture is 6000 × 5000 pixels; a picture can have up to 25 megapixels"),
        (forged_png(100_000, 100_000), "This picture has too many pixels"),
        (forged_png(9_000, 9_000), "This picture is 9000 × 9000 pixels"),
    ],
    ids=["words", "postscript", "over-5-mb", "too-many-pixels", "forged-bomb", "forged-over-the-limit"],
)
def test_a_file_that_is_not_a_fit_picture_is_a_form_error(staff_client, exercise, file, message):
    response = upload(staff_client, exercise, image=file, image_alt=ALT)
    assert response.status_code == 200
    assert message in form_errors(response)
    exercise.refresh_from_db()
    assert not exercise.image
    assert stored_files() == []


def test_a_video_link_must_be_https_and_one_without_a_scheme_gets_it(staff_client, exercise):
    response = upload(staff_client, exercise, video_url="http://video.example.com/calf-raises")
    assert response.status_code == 200
    assert "Give an https:// link." in form_errors(response)
    response = upload(staff_client, exercise, video_url="video.example.com/calf-raises")
    assert response.status_code == 302, form_errors(response)
    exercise.refresh_from_db()
    assert exercise.video_url == "https://video.example.com/calf-raises"


def test_the_database_refuses_a_picture_without_alt_text_and_a_plain_http_video_link(exercise):
    with pytest.raises(IntegrityError), transaction.atomic():
        Exercise.objects.filter(pk=exercise.pk).update(image="exercises/x.webp", image_alt="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Exercise.objects.filter(pk=exercise.pk).update(video_url="http://video.example.com/x")


@pytest.fixture
def pictured(exercise):
    exercise.image = jpeg(2400, 1600)
    exercise.image_alt = ALT
    exercise.video_url = "https://video.example.com/calf-raises"
    exercise.save()
    return exercise


def assert_shows_the_picture(html, exercise):
    assert f'src="{exercise.image.url}"' in html
    assert f'alt="{ALT}"' in html
    assert 'width="1200" height="800" loading="lazy"' in html


def test_the_library_shows_the_picture_with_its_alt_text_and_the_video_as_a_plain_link(athlete_client, pictured):
    for url in (reverse("library:exercise-list"), reverse("library:exercise-detail", args=[pictured.slug])):
        assert_shows_the_picture(athlete_client.get(url).content.decode(), pictured)
    detail = athlete_client.get(reverse("library:exercise-detail", args=[pictured.slug])).content.decode()
    assert '<a href="https://video.example.com/calf-raises" rel="noopener noreferrer">' in detail
    assert "<iframe" not in detail


def test_the_routine_page_shows_each_exercises_picture(athlete_client, athlete, coach, pictured):
    link(coach, athlete)
    assign(coach, athlete, [pictured])
    page = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert_shows_the_picture(page, pictured)
    assert 'href="https://video.example.com/calf-raises"' in page


def test_the_content_security_policy_lets_the_pages_show_their_own_pictures(athlete_client, pictured):
    policy = athlete_client.get(reverse("library:exercise-list")).headers["Content-Security-Policy"]
    assert "img-src 'self'" in policy
    assert pictured.image.url.startswith("/media/")
