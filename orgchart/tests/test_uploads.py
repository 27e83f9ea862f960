"""Uploaded files never land on disk — not under the static or media root, not under their own name:
they wait in the database (kernel.stash) until the import is confirmed."""
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import org_file, seed_layout_docx
from kernel.models import StashedFile

EVIL = "../../static/x"


def files_named(root, name):
    root = Path(root)
    if not root.exists():
        return []
    return [p for p in root.rglob(name) if ".venv" not in p.parts and "node_modules" not in p.parts]


def roots():
    return [settings.BASE_DIR / "static", settings.STATIC_ROOT, settings.MEDIA_ROOT or settings.BASE_DIR,
            Path(settings.BASE_DIR).parent / "static"]


def test_workbook_and_word_uploads_with_path_names_are_stored_under_random_names(hr_client, small_org):
    before = {root: files_named(root, "x.*") for root in roots()}
    response = hr_client.post(
        reverse("admin:jobs_position_import_workbook"),
        {"files": [SimpleUploadedFile(f"{EVIL}.xlsx", org_file([["A1", "行政助理", "G", "CEO", 2]]))], "encoding": "auto"},
    )
    assert response.status_code == 200 and response.context["token"]
    token = response.context["token"]
    response = hr_client.post(
        reverse("admin:jobs_position_import_word"), {"files": [SimpleUploadedFile(f"{EVIL}.docx", seed_layout_docx())], "encoding": "auto"}
    )
    assert response.status_code == 200 and response.context["token"]
    for root in roots():
        assert files_named(root, "x.*") == before[root], root
    assert bytes(StashedFile.objects.get(token=token).content)[:2] == b"PK"
    hr_client.post(reverse("admin:jobs_position_import_workbook"), {"confirm": "1", "token": token})
