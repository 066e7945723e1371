"""Who may see a coach's photo and certificates (PDPA): the photo is public only when the
coach is listed in the directory and agreed to show it; certificates never are. The coach
and League admins always may."""

from coaches.models import Certification, Coach
from portal.files import Protected, name_for_download, register


def _own_or_admin(coach: Coach):
    def visible_to(user) -> bool:
        return user.is_authenticated and (user.is_league_admin or coach.user_id == user.pk)

    return visible_to


def coach_photo(pk: int) -> Protected | None:
    coach = Coach.objects.only("photo", "status", "public_fields", "user").filter(pk=pk).first()
    if coach is None:
        return None
    return Protected(
        file=coach.photo,
        download_name=name_for_download(coach.photo, fallback=f"coach-{coach.pk}"),
        public=coach.is_listed and coach.shows("photo"),
        visible_to=_own_or_admin(coach),
        revocable=True,
    )


def certificate(pk: int) -> Protected | None:
    certification = (Certification.objects.select_related("coach")
                     .only("file", "original_name", "title", "coach__user").filter(pk=pk).first())
    if certification is None:
        return None
    return Protected(
        file=certification.file,
        download_name=name_for_download(certification.file,
                                        original=certification.original_name,
                                        fallback=certification.title),
        public=False,
        visible_to=_own_or_admin(certification.coach),
        attachment=True,
    )


def register_lookups() -> None:
    register("coach-photo", coach_photo)
    register("certificate", certificate)
