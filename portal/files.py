"""Uploaded files: stored under random names and served only after a permission check.

Nothing under MEDIA_ROOT is served as it is. A model declares its uploads with
`ProtectedFileField(kind=...)` (or `ProtectedImageField`); the field's `.url` then points at
`/files/<kind>/<pk>/<key>/`, where `key` is the stored file's random name, and the app that
owns the model registers, for that kind, how to find the record and who may see it (see
`register`, called from each app's AppConfig.ready()). `serve` answers 404 to anyone else,
exactly as the record's own page does, so a private file's existence is not revealed.

Public files (a published practice's attachments) are sent with a long, shared cache
lifetime: the key in their address changes whenever the file does. Files that are public only
as long as a person agrees (a photo a coach shows, a report the League published) may be kept
by caches but must be checked again on every use, so a withdrawn consent takes effect at once.
Private ones are never stored by caches. With MEDIA_ACCEL_REDIRECT set, the web server in
front (nginx: see deploy/nginx/) sends the bytes after the check (X-Accel-Redirect).
"""

import mimetypes
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_GET

from portal import clock

PUBLIC_CACHE = "public, max-age=31536000, immutable"
REVOCABLE_CACHE = "public, no-cache"
PRIVATE_CACHE = "private, no-store"


@deconstructible
class RandomName:
    """upload_to: `<folder>/<year>/<random>.<ext>`. The name a person gave the file is kept
    on the record (`original_name`, where the model has it) for downloads only.

    Django calls upload_to only when a new file is stored, from the file field's pre_save;
    `original_name` must therefore be declared after the file field, whose pre_save runs
    first."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        original = PurePosixPath(filename.replace("\\", "/")).name
        if hasattr(instance, "original_name"):
            instance.original_name = original[:255]
        extension = PurePosixPath(original).suffix.lower()[:10]
        return f"{self.folder}/{clock.today():%Y}/{secrets.token_urlsafe(18)}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def file_key(name: str) -> str:
    """The part of a stored name that goes into the file's address (its random stem)."""
    return PurePosixPath(name).stem


class _ProtectedUrl:
    """`.url` of a protected file: the permission-checked view, never MEDIA_URL."""

    @property
    def url(self) -> str:
        self._require_file()
        return reverse("protected-file",
                       args=[self.field.kind, self.instance.pk, file_key(self.name)])


class ProtectedFieldFile(_ProtectedUrl, FieldFile):
    pass


class ProtectedImageFieldFile(_ProtectedUrl, ImageFieldFile):
    pass


class _KindMixin:
    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, {**kwargs, "kind": self.kind}


class ProtectedFileField(_KindMixin, models.FileField):
    attr_class = ProtectedFieldFile


class ProtectedImageField(_KindMixin, models.ImageField):
    attr_class = ProtectedImageFieldFile


@dataclass
class Protected:
    """A stored file as its owning app describes it for one request."""

    file: FieldFile
    download_name: str
    public: bool  # anyone may see it: cached by browsers and proxies
    visible_to: Callable[..., bool]  # (user) -> bool, asked only when not public
    attachment: bool = False  # offer "save as" rather than showing it in the browser
    revocable: bool = False  # public only while someone agrees: caches must ask every time


Lookup = Callable[[int], Protected | None]
LOOKUPS: dict[str, Lookup] = {}


def register(kind: str, lookup: Lookup) -> None:
    """`lookup(pk)` returns the record's file as a Protected, or None when there is none."""
    LOOKUPS[kind] = lookup


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _modified(file: FieldFile):
    try:
        return file.storage.get_modified_time(file.name).timestamp()
    except (NotImplementedError, OSError):
        return None


@require_GET
def serve(request, kind: str, pk: int, key: str) -> HttpResponse:
    lookup = LOOKUPS.get(kind)
    found = lookup(pk) if lookup else None
    if found is None or not found.file or file_key(found.file.name) != key:
        raise Http404
    # A public file is decided without reading the session, so its answer does not vary
    # with the visitor's cookie and shared caches may keep it.
    if not found.public and not found.visible_to(request.user):
        raise Http404
    return send(request, found)


def send(request, found: Protected) -> HttpResponse:
    """The file's answer, once the caller has decided the request may have it (also for
    views whose permission is a signed link rather than an account)."""
    if not found.file.storage.exists(found.file.name):
        raise Http404
    modified = _modified(found.file)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if modified is not None and since is not None and int(modified) <= since:
        response = HttpResponseNotModified()
    elif settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=_content_type(found.file.name))
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT + quote(found.file.name)
        disposition = "attachment" if found.attachment else "inline"
        response["Content-Disposition"] = (
            f"{disposition}; filename*=UTF-8''{quote(found.download_name)}")
    else:
        response = FileResponse(found.file.open("rb"), as_attachment=found.attachment,
                                filename=found.download_name,
                                content_type=_content_type(found.file.name))
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    if not found.public:
        response["Cache-Control"] = PRIVATE_CACHE
    else:
        response["Cache-Control"] = REVOCABLE_CACHE if found.revocable else PUBLIC_CACHE
    return response


def name_for_download(file: FieldFile, *, original: str = "", fallback: str) -> str:
    """The name to save a file under: what its uploader called it, else `fallback` with the
    stored file's extension."""
    return original or fallback + PurePosixPath(file.name).suffix


def randomize_stored_names(model, field: str, folder: str) -> int:
    """Move each stored file of `model.field` to a random name, keeping the name it had as
    `original_name` where the model has one (for the migration of files stored before names
    were random). Missing files are left as they are. Returns how many moved."""
    has_original = any(f.name == "original_name" for f in model._meta.get_fields())
    moved = 0
    for record in model.objects.exclude(**{field: ""}).iterator():
        stored = getattr(record, field)
        storage, old = stored.storage, stored.name
        if not storage.exists(old):
            continue
        with storage.open(old, "rb") as handle:
            new = storage.save(RandomName(folder)(None, old), handle)
        changes = {field: new}
        if has_original and not record.original_name:
            changes["original_name"] = PurePosixPath(old).name[:255]
        model.objects.filter(pk=record.pk).update(**changes)
        storage.delete(old)
        moved += 1
    return moved
