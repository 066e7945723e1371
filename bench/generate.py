"""Fill the database with generated practices written in Thai, for the benchmark.

Run through `python manage.py shell -c` by bench/run.py; it writes straight with bulk_create
(no per-row services) and then builds the same search fields the services would.
"""

import datetime
import random

from django.db import transaction

from portal import clock
from portal.models import Municipality, Province, Theme
from practices.models import Practice, SearchTerm, Tag
from practices.search import practice_search_fields

# Words of municipal work; a few are common (broad queries), most are rare (narrow ones).
COMMON = ["ชุมชน", "เทศบาล", "การมีส่วนร่วม", "บริการ", "ประชาชน", "พัฒนา", "โครงการ"]
MEDIUM = ["ขยะมูลฝอย", "น้ำเสีย", "ผู้สูงอายุ", "ตลาดเก่า", "งบประมาณ", "สุขภาพ", "การท่องเที่ยว",
          "เครือข่าย", "โรงเรียน", "เกษตรปลอดภัย", "ไข้เลือดออก", "ศูนย์เรียนรู้"]
RARE = ["ธนาคารขยะ", "พลังงานแสงอาทิตย์", "จักรยานชุมชน", "สวนสมุนไพร", "ป่าชายเลน", "ผ้าทอมือ",
        "ปลาน้ำจืด", "ห้องสมุดเคลื่อนที่", "ดนตรีพื้นบ้าน", "อาสาสมัครดับเพลิง", "ข้าวอินทรีย์",
        "บ่อบำบัด", "ถนนคนเดิน", "ลานกีฬา", "ศูนย์ดูแลเด็กเล็ก", "ระบบร้องเรียนออนไลน์"]
VERBS = ["ส่งเสริม", "จัดการ", "ลด", "เพิ่ม", "ฟื้นฟู", "อนุรักษ์", "สร้าง", "ปรับปรุง"]


def _sentence(rng: random.Random) -> str:
    parts = [rng.choice(VERBS), rng.choice(MEDIUM), rng.choice(COMMON)]
    if rng.random() < 0.15:
        parts.append(rng.choice(RARE))
    return "".join(parts)


def generate(total: int = 20_000, *, seed: int = 2569) -> int:
    rng = random.Random(seed)
    existing = Practice.objects.filter(external_id__startswith="bench-").count()
    if existing >= total:
        return existing
    Practice.objects.filter(external_id__startswith="bench-").delete()
    municipalities = list(Municipality.objects.select_related("province"))
    provinces = list(Province.objects.all())
    themes = list(Theme.objects.all())
    tags = [Tag.objects.get_or_create(name=w)[0] for w in MEDIUM]
    now = clock.now()
    batch = 1000
    for start in range(0, total, batch):
        rows = []
        for i in range(start, min(start + batch, total)):
            municipality = rng.choice(municipalities) if rng.random() < 0.7 else None
            province = municipality.province if municipality else rng.choice(provinces)
            practice = Practice(
                external_id=f"bench-{i}", slug=f"bench-{i}",
                title_th=f"{_sentence(rng)} {rng.choice(RARE) if rng.random() < 0.3 else ''}"
                .strip(),
                summary_th=" ".join(_sentence(rng) for _ in range(2)),
                approach_th="\n".join(f"{n}. {_sentence(rng)}" for n in range(1, 5)),
                results_th=" ".join(_sentence(rng) for _ in range(3)),
                municipality=municipality, province=province,
                year_started=rng.randint(2005, 2025), status=Practice.Status.PUBLISHED,
                award=rng.choice(["", "", "", "รางวัลพระปกเกล้า 2562", "รางวัลพระปกเกล้า 2565"]),
                published_at=now - datetime.timedelta(minutes=i),
            )
            places = [province.name_th] + ([municipality.name_th] if municipality else [])
            for name, value in practice_search_fields(practice, tags=[], places=places).items():
                setattr(practice, name, value)
            rows.append(practice)
        with transaction.atomic():
            created = Practice.objects.bulk_create(rows)
            Practice.themes.through.objects.bulk_create([
                Practice.themes.through(practice_id=p.pk, theme_id=rng.choice(themes).pk)
                for p in created
            ])
            Practice.tags.through.objects.bulk_create([
                Practice.tags.through(practice_id=p.pk, tag_id=rng.choice(tags).pk)
                for p in created
            ])
            words = {w for p in created for f in (p.search_title, p.search_summary, p.search_body)
                     for w in f.split()}
            SearchTerm.objects.bulk_create([SearchTerm(term=w) for w in words],
                                           ignore_conflicts=True)
        print(f"  generated {min(start + batch, total)}/{total} practices", flush=True)
    from portal.page_cache import content_changed

    content_changed("practices")
    return total
