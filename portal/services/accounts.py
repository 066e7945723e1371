import secrets

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import QuerySet

from portal.models import User

LEAGUE_ADMIN_GROUP = "League admins"
# League admins curate everything the portal's own apps hold, but not auth internals: no
# permission on groups, permissions, API tokens, e-mail addresses or the admin's own log.
LEAGUE_ADMIN_APPS = ("portal", "coaches", "practices", "pilots", "reports", "learning", "line_oa")
# Accounts are the portal app's too: League admins see them and keep their details up to date
# (portal.admin.UserAdmin says which fields), but only a superuser creates or deletes one.
LEAGUE_ADMIN_WITHHELD = {"portal": ("add_user", "delete_user")}


def league_admin_permissions(permissions: QuerySet) -> QuerySet:
    """The League admins' permissions among `permissions` (a queryset of Permission; the data
    migration that re-syncs existing groups passes its historical model's)."""
    selected = permissions.filter(content_type__app_label__in=LEAGUE_ADMIN_APPS)
    for app_label, codenames in LEAGUE_ADMIN_WITHHELD.items():
        selected = selected.exclude(content_type__app_label=app_label, codename__in=codenames)
    return selected


def league_admin_group() -> Group:
    group, _ = Group.objects.get_or_create(name=LEAGUE_ADMIN_GROUP)
    group.permissions.set(league_admin_permissions(Permission.objects.all()))
    return group


@transaction.atomic
def user_set_role(*, user: User, role: str) -> User:
    """Give a user a role; League admins get the admin site and the curators' permissions."""
    user.role = role
    is_curator = role == User.Role.CURATOR
    user.is_staff = is_curator or user.is_superuser
    user.full_clean()
    user.save(update_fields=["role", "is_staff"])
    group = league_admin_group()
    if is_curator:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    return user


@transaction.atomic
def demo_admin_ensure(*, email: str) -> tuple[User, str | None]:
    """Create the demo League admin once; returns the password only when it was just set."""
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=email).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(email=email, password=password, first_name="Demo",
                                             last_name="Admin")
    user_set_role(user=user, role=User.Role.CURATOR)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, password
