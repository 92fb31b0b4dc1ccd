"""Django's admin shows applicants' identity and telephone numbers masked, as the rest of
the system does for anyone but the officer handling the request, and never the
verification code's salt and hash: checked on every list and every record page of every
model the admin offers, as a superuser sees them."""

from __future__ import annotations

import json

from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai.cases.models import Agency, DisclosureRequest, Role
from gongkai.cases.privacy import mask_id, mask_phone
from tests.web.factories import person_payload, resident_id, staff


def test_admin_pages_never_show_whole_numbers(client: Client, agencies: dict[str, Agency]) -> None:
    id_number, phone = resident_id(7), "13987654321"
    r = client.post(
        "/api/requests",
        json.dumps(person_payload("330212101", id_number=id_number, phone=phone)),
        content_type="application/json",
    )
    assert r.status_code == 201
    officer = Client()
    officer.force_login(staff("officer", agencies["town"], Role.OFFICER))
    tn = r.json()["tracking_number"]
    # The officer's whole view is itself audited: an event, shown in the admin's log too.
    assert id_number in officer.get(f"/staff/requests/{tn}/", {"reveal": "1"}).content.decode()
    req = DisclosureRequest.objects.get()

    root = User.objects.create_superuser("root", "root@example.gov.cn", "pw-root")
    c = Client()
    c.force_login(root)
    pages = 0
    for model in admin.site._registry:
        meta = model._meta
        urls = [reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")]
        urls += [
            reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])
            for pk in model._default_manager.values_list("pk", flat=True)
        ]
        for url in urls:
            page = c.get(url).content.decode()
            assert id_number not in page and phone not in page, url
            assert req.code_hash not in page and req.code_salt not in page, url
            pages += 1
    assert pages > 10

    page = c.get(reverse("admin:cases_disclosurerequest_change", args=[req.pk])).content.decode()
    assert mask_id(id_number) in page and mask_phone(phone) in page
    assert "证件号码（已隐去部分）" in page
