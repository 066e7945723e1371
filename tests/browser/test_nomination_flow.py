import re

import pytest
from django.core import mail

from practices.models import Practice

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def log_in(page, email, password):
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("อีเมล:", exact=True).fill(email)
    page.get_by_label("รหัสผ่าน:", exact=True).fill(password)
    page.get_by_role("button", name="ลงชื่อเข้าใช้").click()
    page.wait_for_url(page.base + "/")


def test_nomination_from_form_to_review_queue_to_published_page(page, staff_user, league_admin,
                                                                tmp_path):
    from tests.conftest import PASSWORD

    log_in(page, staff_user.email, PASSWORD)
    page.get_by_role("link", name="เสนอตัวอย่างที่ดี").click()
    page.get_by_label("ชื่อเรื่อง (ภาษาไทย):").fill("ธนาคารขยะในโรงเรียน")
    page.get_by_label("สรุป (ภาษาไทย):").fill("นักเรียนคัดแยกขยะและนำรายได้เข้ากองทุน")
    page.get_by_label("เทศบาลเจ้าของตัวอย่างที่ดี:").select_option(label="เทศบาลนครยะลา")
    page.get_by_label("การบริการสาธารณะด้านสิ่งแวดล้อม").check()
    page.get_by_label("แท็ก:").fill("ขยะ, โรงเรียน")
    pdf = tmp_path / "รายงาน.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("ไฟล์แนบ:").set_input_files(str(pdf))
    page.get_by_role("button", name="ส่งข้อเสนอ").click()
    page.wait_for_url(re.compile(r"/practices/mine/$"))
    assert "ส่งแล้ว" in page.locator("main").inner_text()
    assert mail.outbox[-1].to == [staff_user.email]
    assert "ได้รับข้อเสนอของท่านแล้ว" in mail.outbox[-1].subject

    page.get_by_role("button", name="ออกจากระบบ").click()
    from tests.conftest import PASSWORD as ADMIN_PASSWORD
    log_in(page, league_admin.email, ADMIN_PASSWORD)
    page.get_by_role("link", name="พิจารณาข้อเสนอ").click()
    card = page.locator("article", has_text="ธนาคารขยะในโรงเรียน")
    card.get_by_label("เผยแพร่").check()
    card.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    assert "ไม่มีข้อเสนอที่รอพิจารณา" in page.locator("main").inner_text()
    assert "เผยแพร่แล้ว" in mail.outbox[-1].subject

    page.get_by_role("button", name="ออกจากระบบ").click()
    page.goto(page.base + "/practices/?q=ขยะ")
    page.get_by_role("link", name="ธนาคารขยะในโรงเรียน").click()
    assert page.locator("h1").inner_text() == "ธนาคารขยะในโรงเรียน"
    assert page.get_by_role("link", name="รายงาน.pdf").is_visible()
    assert Practice.objects.get(title_th="ธนาคารขยะในโรงเรียน").status == "published"
