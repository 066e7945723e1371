"""Upload checks: the declared extension, the real content and the size must all be right."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

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
    return kind
