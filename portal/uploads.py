"""Upload checks: the declared extension, the real content and the size must all be right,
and an image must decode, in full, within the pixel limits below."""

import threading
import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Extension → (kind, magic bytes the file must start with)
ALLOWED = {
    ".pdf": ("pdf", (b"%PDF-",)),
    ".jpg": ("image", (b"\xff\xd8\xff",)),
    ".jpeg": ("image", (b"\xff\xd8\xff",)),
    ".png": ("image", (b"\x89PNG\r\n\x1a\n",)),
    ".webp": ("image", (b"RIFF",)),
}


MAX_PHOTO_BYTES = 2 * 1024 * 1024

# A few kilobytes of PNG can declare 30,000 × 30,000 pixels (900 megapixels to allocate and
# draw, in every browser that shows it). An uploaded image may have at most 40 megapixels
# (phones take 12 to 24 by default) and 10,000 pixels on a side; an animated one at most 40
# megapixels in all its frames together. Pillow is told the same limit, so anywhere in the
# portal it refuses to open an image of more than twice as many pixels before allocating any.
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_SIDE = 10_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
# Extension → the one Pillow decoder the file must open with.
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
_DECODING = threading.Lock()


def attachment_kind(upload, *, kinds=("pdf", "image"), max_bytes=MAX_ATTACHMENT_BYTES) -> str:
    """Return 'pdf' or 'image', or raise a ValidationError that says what is wrong."""
    name = upload.name or ""
    extension = name[name.rfind("."):].lower() if "." in name else ""
    if extension not in ALLOWED or ALLOWED[extension][0] not in kinds:
        message = (_("“%(name)s” is not a PDF, JPEG, PNG or WebP file.") if "pdf" in kinds
                   else _("“%(name)s” is not a JPEG, PNG or WebP image."))
        raise ValidationError(message, code="file_type", params={"name": name})
    if upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s."),
            code="file_size",
            params={"name": name, "size": filesizeformat(upload.size),
                    "limit": filesizeformat(max_bytes)},
        )
    kind, signatures = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in signatures) or (
        extension == ".webp" and head[8:12] != b"WEBP"
    ):
        raise ValidationError(
            _("“%(name)s” does not contain what its name says; upload a real PDF or image."),
            code="file_content", params={"name": name},
        )
    if kind == "image":
        image_check(upload, name=name, image_format=IMAGE_FORMATS[extension])
    return kind


def image_check(upload, *, name: str, image_format: str) -> None:
    """Decode every pixel of the image, as `image_format` only, or raise a ValidationError.

    1. Opening reads only the header: an image over the pixel limits is refused there, before
       anything is allocated (Pillow's own check raises for more than MAX_IMAGE_PIXELS).
    2. verify() reads every chunk to the end (a PNG's checksums); load() then decodes every
       frame, so a file cut short, or one that is HTML after a JPEG's first bytes, is refused.
    WeasyPrint, which draws the PDF briefs in the same processes, tells Pillow to accept
    truncated images: that switch is turned off while an upload is checked. Both switches are
    process-wide, so checks take turns (a check takes well under a second)."""
    too_large = ValidationError(
        _("“%(name)s” is too large an image: images may have at most %(pixels)s megapixels "
          "and %(side)s pixels on a side."),
        code="image_size", params={"name": name, "pixels": MAX_IMAGE_PIXELS // 1_000_000,
                                   "side": f"{MAX_IMAGE_SIDE:,}"})
    with _DECODING, warnings.catch_warnings(action="error",
                                            category=Image.DecompressionBombWarning):
        load_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            upload.seek(0)
            with Image.open(upload, formats=[image_format]) as image:
                image.verify()
            upload.seek(0)
            with Image.open(upload, formats=[image_format]) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
                if max(width, height) > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
                    raise too_large
                if width * height * frames > MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _("“%(name)s” has %(frames)s frames: an animated image may have at most "
                          "%(pixels)s megapixels in all its frames together."),
                        code="image_size", params={
                            "name": name, "frames": frames,
                            "pixels": MAX_IMAGE_PIXELS // 1_000_000})
                for frame in range(frames):
                    image.seek(frame)
                    image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_large from None
        except Exception:  # Pillow raises OSError, SyntaxError, ValueError, EOFError...
            raise ValidationError(
                _("“%(name)s” could not be read as a %(format)s image; it may be damaged or "
                  "incomplete."),
                code="image_content",
                params={"name": name, "format": "WebP" if image_format == "WEBP"
                        else image_format},
            ) from None
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = load_truncated
            upload.seek(0)
