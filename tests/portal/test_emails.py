"""Thai subjects and sender names reach mail readers intact however often they are sent."""

import email
import email.policy

from django.core.mail import EmailMultiAlternatives

from portal.emails import PortalEmail

SUBJECT = ("รายงานความก้าวหน้าของ วิทยากร สมหญิง ใจดี ในโครงการนำร่อง DG-SK-01 "
           "การพัฒนาระบบบริการประชาชนแบบเบ็ดเสร็จ (1 พฤศจิกายน 2569)")
SENDER = "สันนิบาตเทศบาลแห่งประเทศไทย <noreply@nmt.or.th>"


def _sent(cls) -> bytes:
    message = cls(subject=SUBJECT, body="เนื้อหา", from_email=SENDER,
                  to=["mayor@songkhla.example.org"], headers={"Date": "Fri, 04 Dec 2026"})
    return message.message().as_bytes(policy=email.policy.SMTP)


def test_thai_headers_arrive_readable_and_within_line_limits():
    for _ in range(3):  # the second and third copies use the folded text kept from the first
        raw = _sent(PortalEmail)
        head = raw.split(b"\r\n\r\n", 1)[0]
        assert head.isascii()
        assert max(len(line) for line in head.split(b"\r\n")) <= 78
        received = email.message_from_bytes(raw, policy=email.policy.default)
        assert received["Subject"] == SUBJECT
        # The name takes two encoded words; Python's address parser keeps the fold between
        # them as a space, where RFC 2047 readers drop it.
        name = received["From"].addresses[0].display_name
        assert "".join(name.split()) == "สันนิบาตเทศบาลแห่งประเทศไทย"
        assert received["From"].addresses[0].addr_spec == "noreply@nmt.or.th"


def test_headers_are_folded_as_django_folds_them():
    def headers(raw: bytes) -> dict:
        received = email.message_from_bytes(raw)
        return {name: received[name] for name in ("Subject", "From", "To")}

    assert headers(_sent(PortalEmail)) == headers(_sent(EmailMultiAlternatives))
