"""The transfer tools of the DELGOSEA programme (document 000), which coaches say they master."""

from django.db import migrations

TOOLS = [
    ("study-visit-aar", "การศึกษาดูงานและการทบทวนหลังการปฏิบัติงาน (AAR)",
     "Study visits and After Action Review (AAR)"),
    ("swot", "การวิเคราะห์ SWOT", "SWOT analysis"),
    ("transfer-concept", "แนวคิดการถ่ายโอน (Transfer Concept)", "Transfer concept"),
    ("logframe", "การติดตามผลด้วยกรอบเหตุผลเชิงตรรกะ (Logical Framework)",
     "Logical framework monitoring"),
    ("participation", "เทคนิคการสร้างการมีส่วนร่วม", "Participation techniques"),
]


def add_tools(apps, schema_editor):
    TransferTool = apps.get_model("coaches", "TransferTool")
    for order, (code, name_th, name_en) in enumerate(TOOLS, start=1):
        TransferTool.objects.update_or_create(
            code=code, defaults={"name_th": name_th, "name_en": name_en, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("coaches", "0001_initial")]
    operations = [migrations.RunPython(add_tools, migrations.RunPython.noop)]
