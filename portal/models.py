from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Bilingual:
    """Pick the Thai or English variant of a field for the active language."""

    def localized(self, field: str) -> str:
        thai = getattr(self, f"{field}_th", "")
        if (get_language() or "th").startswith("en"):
            return getattr(self, f"{field}_en", "") or thai
        return thai or getattr(self, f"{field}_en", "")

    @property
    def name(self) -> str:
        return self.localized("name")


class UserManager(BaseUserManager):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", User.Role.CURATOR)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    class Role(models.TextChoices):
        STAFF = "staff", _("Municipal staff")
        COACH = "coach", _("Coach")
        CURATOR = "curator", _("League admin (curator)")

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.STAFF)
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("th", _("Thai")), ("en", _("English"))],
        default="th",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [models.Index(fields=["role"], name="user_role_idx")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_league_admin(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == self.Role.CURATOR)


class Region(Bilingual, models.Model):
    """A geographic region; editable, as groupings differ between agencies."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Province(Bilingual, models.Model):
    code = models.CharField(
        _("official code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}$", _("A province code has two digits."))],
    )
    name_th = models.CharField(_("name (Thai)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="provinces"
    )

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class District(Bilingual, models.Model):
    code = models.CharField(
        _("official code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("A district code has four digits."))],
    )
    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.CASCADE, related_name="districts"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Municipality(Bilingual, models.Model):
    class Kind(models.TextChoices):
        NAKHON = "nakhon", _("City municipality (เทศบาลนคร)")
        MUEANG = "mueang", _("Town municipality (เทศบาลเมือง)")
        TAMBON = "tambon", _("Sub-district municipality (เทศบาลตำบล)")

    # Thai name prefixes that state the municipality's type.
    PREFIXES = {
        "เทศบาลนคร": Kind.NAKHON,
        "เทศบาลเมือง": Kind.MUEANG,
        "เทศบาลตำบล": Kind.TAMBON,
    }

    code = models.CharField(
        _("official local-government code"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^\d{5,10}$", _("The official code has 5 to 10 digits."))],
    )
    name_th = models.CharField(_("name (Thai)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    kind = models.CharField(_("type"), max_length=16, choices=Kind)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name_th"], name="municipality_unique_name_per_province"
            )
        ]
        indexes = [
            # The API and list pages filter by type, and by province within a type.
            models.Index(fields=["kind", "province"], name="municipality_kind_prov_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def kind_from_name(cls, name_th: str) -> str | None:
        for prefix, kind in cls.PREFIXES.items():
            if name_th.startswith(prefix):
                return kind
        return None


class Theme(Bilingual, models.Model):
    """One of the programme's four main issues."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name

    @property
    def description(self) -> str:
        return self.localized("description")
