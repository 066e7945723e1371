"""A demo cohort of 16 fictional coaches, so a development portal has a registry to show.

The real programme trained 16 coaches in the four themes (4 per theme); this cohort has the same
shape. Every record is marked: `is_demo=True`, names ending in " (ตัวอย่าง)", e-mails at
example.org (a domain reserved for examples, RFC 2606). They are created through the services,
like real coaches, but no e-mail is queued for them. Only loaded where DEMO_CONTENT is on.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from coaches import services
from coaches.models import Certification, Coach, TransferTool
from portal.models import Municipality, Province, Region, Theme

DEMO_SUFFIX = " (ตัวอย่าง)"
DEMO_SUFFIX_EN = " (demo)"
DEMO_DOMAIN = "example.org"

# Municipalities named in the source documents: Thai name -> province code.
MUNICIPALITIES = {
    "yala": ("เทศบาลนครยะลา", "95"),
    "songkhla": ("เทศบาลนครสงขลา", "90"),
    "phuket": ("เทศบาลนครภูเก็ต", "83"),
    "chiangrai": ("เทศบาลนครเชียงราย", "57"),
    "padaet": ("เทศบาลตำบลป่าแดด", "50"),
    "chomphu": ("เทศบาลตำบลชมภู", "50"),
    "udon": ("เทศบาลนครอุดรธานี", "41"),
    "pakkret": ("เทศบาลนครปากเกร็ด", "12"),
    "klaeng": ("เทศบาลตำบลเมืองแกลง", "21"),
    "banbueng": ("เทศบาลตำบลบ้านบึง", "20"),
}

BASIC = ["name", "bio", "home_region", "languages"]
MORE = ["name", "position", "home_municipality", "bio", "training", "languages",
        "certifications"]
MOST = ["name", "position", "home_municipality", "email", "bio", "training", "languages",
        "certifications"]
NOTHING: list[str] = []

DELGOSEA = {"name": "DELGOSEA coach training",
            "provider": "สันนิบาตเทศบาลแห่งประเทศไทย / DELGOSEA", "year": 2012}
KPI_COURSE = {"name": "หลักสูตรการบริหารจัดการท้องถิ่นแบบมีส่วนร่วม",
              "provider": "สถาบันพระปกเกล้า", "year": 2016}
LOGFRAME_COURSE = {"name": "Logical framework monitoring workshop",
                   "provider": "DELGOSEA", "year": 2011}


@dataclass(frozen=True)
class DemoCoach:
    number: int
    name_th: str
    name_en: str
    theme: str
    home: str
    position: str
    status: str
    public: list[str]
    availability: int
    languages: tuple[tuple[str, str], ...]
    tools: tuple[str, ...]
    regions: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    bio_th: str = ""
    bio_en: str = ""
    extra_training: tuple[dict, ...] = ()
    clerk: bool = False

    @property
    def email(self) -> str:
        return f"demo.coach{self.number:02d}@{DEMO_DOMAIN}"


ACTIVE, APPLIED, APPROVED, PAUSED = (Coach.Status.ACTIVE, Coach.Status.APPLIED,
                                     Coach.Status.APPROVED, Coach.Status.PAUSED)

COHORT = [
    # Good governance in the organisation
    DemoCoach(1, "อรุณี ศรีสุข", "Arunee Srisuk", "governance", "yala", "ปลัดเทศบาล", ACTIVE,
              BASIC, 6, (("th", "native"), ("ms", "working"), ("en", "working")),
              ("study-visit-aar", "swot"), regions=("south",), provinces=("95", "94", "96"),
              bio_th="ปลัดเทศบาลผู้นำศูนย์บริการประชาชนแบบเบ็ดเสร็จ ถ่ายทอดงานบริการจุดเดียว"
                     "ให้เทศบาลในจังหวัดชายแดนภาคใต้",
              bio_en="Municipal clerk who led a one-stop service centre.", clerk=True),
    DemoCoach(2, "สมศักดิ์ วงศ์ไทย", "Somsak Wongthai", "governance", "chiangrai",
              "ผู้อำนวยการสำนักปลัดเทศบาล", ACTIVE, MORE, 4,
              (("th", "native"), ("en", "fluent"), ("zh", "basic")),
              ("logframe", "transfer-concept"), regions=("north",),
              bio_th="ดูแลงานเครือข่ายเมืองและความร่วมมือกับเมืองคู่มิตรในต่างประเทศ",
              extra_training=(LOGFRAME_COURSE,)),
    DemoCoach(3, "วิไลวรรณ ทองดี", "Wilaiwan Thongdee", "governance", "udon",
              "หัวหน้าฝ่ายบริหารงานทั่วไป", ACTIVE, NOTHING, 8,
              (("th", "native"), ("lo", "working")), ("swot", "participation"),
              provinces=("41", "39", "43"),
              bio_th="ปรับปรุงขั้นตอนงานทะเบียนและงานบริการประชาชนให้สั้นลง"),
    DemoCoach(4, "ธนพล แก้วมณี", "Thanapol Kaewmanee", "governance", "pakkret",
              "นักวิเคราะห์นโยบายและแผนชำนาญการ", APPLIED, BASIC, 3,
              (("th", "native"), ("en", "fluent"), ("ja", "basic")),
              ("study-visit-aar", "swot", "transfer-concept", "logframe", "participation"),
              regions=("central", "west"),
              bio_th="วางระบบติดตามผลแผนพัฒนาเทศบาลด้วยตัวชี้วัดที่ประชาชนตรวจสอบได้"),
    # Environmental public services
    DemoCoach(5, "ปรียา สายชล", "Preeya Saichon", "environment", "songkhla",
              "ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม", ACTIVE, MOST, 5,
              (("th", "native"), ("en", "working"), ("ms", "basic")),
              ("study-visit-aar", "logframe"), regions=("south",),
              provinces=("90", "91", "93"),
              bio_th="ผู้ประสานงานโครงการจัดการน้ำเสียของเมืองและการคัดแยกขยะในชุมชนริมทะเลสาบ",
              bio_en="Leads city wastewater and community waste-sorting work.",
              extra_training=(KPI_COURSE,), clerk=True),
    DemoCoach(6, "ประเสริฐ ใจงาม", "Prasert Jai-ngam", "environment", "padaet",
              "นักวิชาการสิ่งแวดล้อมชำนาญการ", ACTIVE, BASIC, 10,
              (("th", "native"), ("my", "basic"), ("en", "basic")), ("participation", "swot"),
              regions=("north",), provinces=("50", "51", "58"),
              bio_th="ธนาคารขยะและปุ๋ยหมักชุมชน ลดขยะที่ต้องนำไปฝังกลบได้เกือบครึ่ง"),
    DemoCoach(7, "กาญจนา รุ่งเรือง", "Kanchana Rungruang", "environment", "banbueng",
              "หัวหน้าฝ่ายช่างสุขาภิบาล", PAUSED, BASIC, 2,
              (("th", "native"), ("km", "basic"), ("en", "working")), ("transfer-concept",),
              provinces=("20", "21", "24"),
              bio_th="ดูแลระบบบำบัดน้ำเสียขนาดเล็กของเทศบาลและการเดินระบบโดยชุมชน"),
    DemoCoach(8, "วีระชัย พงษ์สวัสดิ์", "Weerachai Pongsawat", "environment", "phuket",
              "ผู้อำนวยการกองช่างสุขาภิบาล", ACTIVE, NOTHING, 4,
              (("th", "native"), ("en", "fluent"), ("zh", "working")),
              ("study-visit-aar", "swot", "logframe"), regions=("south", "west"),
              bio_th="เมืองคาร์บอนต่ำสำหรับเมืองท่องเที่ยว: พลังงานแสงอาทิตย์และการเดินทางสาธารณะ"),
    # Budget management and investment
    DemoCoach(9, "จันทร์เพ็ญ ศักดิ์ดี", "Chanpen Sakdee", "budget", "klaeng",
              "ผู้อำนวยการกองคลัง", ACTIVE, MORE, 6, (("th", "native"), ("en", "basic")),
              ("logframe", "swot"), regions=("east",),
              bio_th="พัฒนารายได้ของเทศบาลและการจัดทำงบประมาณแบบมีส่วนร่วม",
              extra_training=(KPI_COURSE,)),
    DemoCoach(10, "อนุชา บุญมา", "Anucha Boonma", "budget", "songkhla",
              "นักวิชาการเงินและบัญชีชำนาญการ", ACTIVE, BASIC, 3,
              (("th", "native"), ("ms", "fluent"), ("en", "working")),
              ("transfer-concept", "study-visit-aar"), provinces=("90", "95", "96", "94"),
              bio_th="การลงทุนฟื้นฟูย่านเมืองเก่าและถนนคนเดินร่วมกับผู้ประกอบการ"),
    DemoCoach(11, "รัตนา มีสุข", "Rattana Meesuk", "budget", "chomphu", "ปลัดเทศบาล",
              ACTIVE, BASIC, 7, (("th", "native"), ("en", "basic")),
              ("participation", "study-visit-aar"), regions=("north",),
              bio_th="ตลาดชุมชนและวิสาหกิจชุมชนที่เทศบาลสนับสนุนการลงทุนเริ่มต้น",
              extra_training=(KPI_COURSE,), clerk=True),
    DemoCoach(12, "กิตติพงษ์ ศรีวงศ์", "Kittipong Sriwong", "budget", "udon",
              "ผู้อำนวยการกองยุทธศาสตร์และงบประมาณ", APPLIED, BASIC, 5,
              (("th", "native"), ("lo", "fluent"), ("vi", "basic"), ("en", "working")),
              ("swot", "logframe"), regions=("northeast",),
              bio_th="เชื่อมแผนพัฒนาท้องถิ่นกับงบประมาณรายปีและการลงทุนร่วมกับภาคเอกชน"),
    # Participation in planning and decision-making
    DemoCoach(13, "สุภาพร นิลวงศ์", "Supaporn Ninlawong", "participation", "chiangrai",
              "นักพัฒนาชุมชนชำนาญการ", ACTIVE, MORE, 8,
              (("th", "native"), ("en", "working"), ("my", "basic"), ("zh", "basic")),
              ("participation", "study-visit-aar"), regions=("north",),
              provinces=("57", "56", "55"),
              bio_th="เวทีประชาคมและสภาเมืองที่ให้ชุมชนร่วมกำหนดโครงการของเทศบาล",
              bio_en="Runs community forums and a city council of residents."),
    DemoCoach(14, "ชัยวัฒน์ ประเสริฐสุข", "Chaiwat Prasertsuk", "participation", "pakkret",
              "ผู้อำนวยการกองสวัสดิการสังคม", ACTIVE, BASIC, 4,
              (("th", "native"), ("en", "fluent"), ("fr", "basic")),
              ("participation", "transfer-concept"), regions=("central", "west"),
              provinces=("70", "76"),
              bio_th="การมีส่วนร่วมของผู้สูงอายุและคนพิการในการวางแผนบริการสังคมของเมือง",
              extra_training=(LOGFRAME_COURSE,)),
    DemoCoach(15, "สุนทรี แสงทอง", "Suntaree Saengthong", "participation", "yala",
              "นักพัฒนาชุมชน", APPROVED, NOTHING, 6, (("th", "native"), ("ms", "fluent")),
              ("participation", "swot"), provinces=("95", "94", "96"),
              bio_th="กระบวนการสานเสวนาในชุมชนพหุวัฒนธรรม"),
    DemoCoach(16, "พีระพงษ์ ทองคำ", "Peerapong Thongkham", "participation", "banbueng",
              "หัวหน้าฝ่ายพัฒนาชุมชน", ACTIVE, BASIC, 1,
              (("th", "native"), ("km", "working"), ("en", "basic")),
              ("participation", "logframe"), regions=("east",),
              bio_th="แผนชุมชนที่เชื่อมกับแผนพัฒนาเทศบาลในพื้นที่อุตสาหกรรม"),
]

# The path a coach takes through the lifecycle to reach a status (coach_apply starts at applied).
PATHS = {
    APPLIED: [],
    APPROVED: [Coach.Status.APPROVED],
    ACTIVE: [Coach.Status.APPROVED, Coach.Status.ACTIVE],
    PAUSED: [Coach.Status.APPROVED, Coach.Status.ACTIVE, Coach.Status.PAUSED],
}


@dataclass
class DemoResult:
    created: int = 0
    existing: int = 0

    @property
    def total(self) -> int:
        return self.created + self.existing


def _municipalities() -> dict[str, Municipality]:
    found = {}
    for key, (name, province_code) in MUNICIPALITIES.items():
        municipality = Municipality.objects.filter(name_th=name,
                                                   province__code=province_code).first()
        if municipality is None:
            raise ImproperlyConfigured(
                f"Municipality {name} is missing: run `manage.py load_reference_data` first.")
        found[key] = municipality
    return found


def _create(spec: DemoCoach, home: Municipality) -> Coach:
    number = f"{spec.number:02d}"
    executives = [{"name": f"นายกเทศมนตรี {home.name_th}{DEMO_SUFFIX}", "position": "mayor",
                   "email": f"mayor.demo{number}@{DEMO_DOMAIN}"}]
    if spec.clerk:
        executives.append({"name": f"ปลัดเทศบาล {home.name_th}{DEMO_SUFFIX}",
                           "position": "clerk", "email": f"clerk.demo{number}@{DEMO_DOMAIN}",
                           "preferred_language": "en"})
    coach = services.coach_apply(
        user=None,
        data={"name_th": spec.name_th + DEMO_SUFFIX, "name_en": spec.name_en + DEMO_SUFFIX_EN,
              "home_municipality": home, "position": spec.position, "phone": "",
              "email": spec.email, "availability_days": spec.availability,
              "bio_th": spec.bio_th, "bio_en": spec.bio_en, "public_fields": spec.public},
        themes=list(Theme.objects.filter(code=spec.theme)),
        tools=list(TransferTool.objects.filter(code__in=spec.tools)),
        regions=list(Region.objects.filter(code__in=spec.regions)),
        provinces=list(Province.objects.filter(code__in=spec.provinces)),
        languages=[{"language": code, "level": level} for code, level in spec.languages],
        trainings=[DELGOSEA, *spec.extra_training],
        executives=executives, notify=False,
    )
    Coach.objects.filter(pk=coach.pk).update(is_demo=True)
    for status in PATHS[spec.status]:
        coach = services.coach_set_status(coach=coach, actor=None, status=status, notify=False)
    if spec.status in (ACTIVE, PAUSED):
        services.certification_add(
            coach=coach, actor=None, file=None,
            data={"issuer": Certification.Issuer.LEAGUE, "issuer_name": "",
                  "title": "ประกาศนียบัตรวิทยากรพี่เลี้ยง DELGOSEA",
                  "issued_on": date(2013, 3, 29), "expires_on": None}, notify=False)
    return coach


def demo_coaches_load() -> DemoResult:
    """Create the demo cohort where it is missing; safe to run any number of times."""
    if not settings.DEMO_CONTENT:
        raise ImproperlyConfigured("Demo content is off (DEMO_CONTENT=0); nothing was loaded.")
    homes = _municipalities()
    if not Theme.objects.filter(code__in={spec.theme for spec in COHORT}).count() == 4:
        raise ImproperlyConfigured("Themes are missing: run `manage.py load_reference_data`.")
    result = DemoResult()
    existing = set(Coach.objects.filter(is_demo=True, email__in=[s.email for s in COHORT])
                   .values_list("email", flat=True))
    for spec in COHORT:
        if spec.email in existing:
            result.existing += 1
            continue
        with transaction.atomic():
            _create(spec, homes[spec.home])
        result.created += 1
    return result


def load_demo() -> str:
    """For portal.demo.LOADERS."""
    coaches = demo_coaches_load()
    return f"Demo coaches: {coaches.total} ({coaches.created} created, no e-mail sent)"
