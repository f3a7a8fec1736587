"""The GitHub files: workflows and issue forms valid against GitHub's schemas (check-jsonschema's
vendored copies, offline), and wired the way the editors' process needs."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

GITHUB = ROOT / ".github"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))


def validate(schema: str, *files: Path) -> None:
    assert CHECK_JSONSCHEMA.is_file(), "check-jsonschema is installed with the test extras (pip install -e '.[test]')"
    result = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", schema, *map(str, files)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # PyYAML reads the bare key `on` as the boolean True (YAML 1.1).
    on = workflow.get("on", workflow.get(True))
    return {k: {} for k in on} if isinstance(on, list) else on


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(workflow: dict, action: str) -> dict:
    found = [s for s in steps(workflow) if s.get("uses", "").split("@")[0] == action]
    assert found, f"no step uses {action}"
    return found[0]


def test_workflows_are_valid():
    validate("vendor.github-workflows", GITHUB / "workflows" / "ci.yml", GITHUB / "workflows" / "pages.yml")


def test_issue_forms_are_valid():
    forms = [f for f in FORMS if f.name != "config.yml"]
    assert {f.name for f in forms} == {"report-error.yml", "submit-paper.yml"}
    validate("vendor.github-issue-forms", *forms)
    validate("vendor.github-issue-config", GITHUB / "ISSUE_TEMPLATE" / "config.yml")


def test_ci_tests_builds_and_uploads_the_preview():
    ci = load(GITHUB / "workflows" / "ci.yml")
    assert {"pull_request", "push"} <= set(triggers(ci))
    assert uses(ci, "actions/setup-python")["with"]["python-version"] == "3.11"
    runs = [s.get("run", "") for s in steps(ci)]
    order = [next(i for i, r in enumerate(runs) if needle in r)
             for needle in ("sudo apt-get install -y chromium", "make test", ".venv/bin/kyyeu build")]
    assert order == sorted(order), "chromium, then the tests, then the build"
    upload = uses(ci, "actions/upload-artifact")
    assert upload["with"]["name"] == "site-preview"
    assert upload["with"]["path"].rstrip("/") == "site"
    assert steps(ci).index(upload) > order[-1]


def test_pages_deploys_main_with_its_public_address():
    pages = load(GITHUB / "workflows" / "pages.yml")
    assert triggers(pages)["push"]["branches"] == ["main"]
    assert "pull_request" not in triggers(pages)
    perms = pages["permissions"]
    assert perms["pages"] == "write" and perms["id-token"] == "write" and perms["contents"] == "read"
    assert pages["concurrency"]["group"] and pages["concurrency"]["cancel-in-progress"] is False
    configure = uses(pages, "actions/configure-pages")
    build = next(s for s in steps(pages) if "build" in s.get("run", ""))
    assert build["env"]["KYYEU_SITE_URL"].startswith("${{ steps.%s.outputs.base_url }}" % configure["id"])
    assert uses(pages, "actions/upload-pages-artifact")["with"]["path"].rstrip("/") == "site"
    deploy_job = next(j for j in pages["jobs"].values() if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in j["steps"]))
    assert deploy_job["environment"]["name"] == "github-pages"
    assert deploy_job["needs"]


def field_ids(form: str) -> dict[str, dict]:
    return {item["id"]: item for item in load(GITHUB / "ISSUE_TEMPLATE" / form)["body"] if "id" in item}


def test_report_form_has_the_fields_the_page_links_prefill():
    ids = field_ids("report-error.yml")
    assert {"page-url", "record-id", "what-is-wrong", "correction", "source"} <= set(ids)
    assert ids["page-url"]["type"] == "input" and ids["record-id"]["type"] == "input"
    # The partial builds the query from (name, value) pairs; every name other than `template`
    # must be a field id of the form, or GitHub ignores it.
    partial = (ROOT / "overrides" / "partials" / "kyyeu-source.html").read_text(encoding="utf-8")
    names = set(re.findall(r'\("([a-z-]+)",', partial))
    assert "template" in names and "report-error.yml" in partial
    assert names - {"template"} == {"page-url", "record-id"} <= set(ids)


def test_submit_form_asks_what_an_editor_needs():
    ids = field_ids("submit-paper.yml")
    assert {"volume", "organisation", "title-vi", "title-en", "authors", "file"} <= set(ids)
    form = load(GITHUB / "ISSUE_TEMPLATE" / "submit-paper.yml")
    assert form["name"] == "Gửi tham luận / Submit a paper"
    assert load(GITHUB / "ISSUE_TEMPLATE" / "report-error.yml")["name"] == \
        "Báo lỗi trong tham luận hoặc văn bản / Report an error in a paper or document"


@pytest.mark.parametrize("form", [f.name for f in FORMS if f.name != "config.yml"])
def test_form_labels_are_bilingual(form):
    for item in load(GITHUB / "ISSUE_TEMPLATE" / form)["body"]:
        label = item.get("attributes", {}).get("label")
        if label:
            assert " / " in label, label


def test_pull_request_template_has_a_bilingual_checklist():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, flags=re.M)
    assert len(boxes) >= 5
    for box in boxes:
        assert " / " in box, box
    for needle in ("kyyeu check", "site-preview", "sources:"):
        assert needle in text
