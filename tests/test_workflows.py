"""GitHub workflows, issue forms and pre-commit files: they parse, name only real pinned
actions, and run the commands the contributor guide promises."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))

#: Actions we have checked exist and what they are for. Adding one is a deliberate act.
KNOWN_ACTIONS = {
    "actions/checkout",
    "actions/setup-python",
    "actions/cache",
    "actions/upload-artifact",
    "actions/configure-pages",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
}
#: A release tag (v4, v4.2, v4.2.1) or a full commit SHA; never a branch.
PINNED = re.compile(r"^(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a mapping"
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    assert on is not None, "workflow has no `on:`"
    return {on: None} if isinstance(on, str) else dict(on)


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def commands(workflow: dict[str, Any]) -> str:
    return "\n".join(step["run"] for step in steps(workflow) if "run" in step)


def make_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w-]*):", text, re.M))


def test_there_are_two_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["pages.yml", "pr.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_parses_and_every_job_runs_steps(path: Path) -> None:
    workflow = load(path)
    assert workflow.get("name")
    assert triggers(workflow)
    assert workflow["jobs"]
    for job_id, job in workflow["jobs"].items():
        assert job.get("runs-on"), f"job {job_id} has no runs-on"
        assert job.get("steps"), f"job {job_id} has no steps"
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), f"job {job_id}: a step needs exactly one of uses/run: {step}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_known_and_pinned(path: Path) -> None:
    for step in steps(load(path)):
        if "uses" not in step:
            continue
        action, _, ref = step["uses"].partition("@")
        assert action in KNOWN_ACTIONS, f"{path.name}: unknown action {action}"
        assert PINNED.match(ref), f"{path.name}: {step['uses']} is not pinned to a release tag or commit SHA"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_make_targets_used_exist_and_permissions_are_explicit(path: Path) -> None:
    workflow = load(path)
    used = set(re.findall(r"\bmake ([a-z][\w-]*)", commands(workflow)))
    assert used <= make_targets(), f"{path.name} runs unknown make targets {used - make_targets()}"
    assert workflow.get("permissions") == {"contents": "read"}, "default token permissions must be read-only"


def test_pull_request_workflow_runs_the_promised_checks() -> None:
    workflow = load(GITHUB / "workflows/pr.yml")
    assert "pull_request" in triggers(workflow)
    run = commands(workflow)
    assert "make setup" in run  # the README's set-up
    assert "orgkit check --format github" in run  # annotations on the changed lines
    assert re.search(r"^make test$", run, re.M)
    assert "mkdocs build --strict" in run
    uploads = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@")]
    site = [s for s in uploads if s["with"]["path"].rstrip("/") == "site"]
    assert site, "the built site is not uploaded for preview"
    assert site[0]["with"]["if-no-files-found"] == "error"


def test_pull_request_check_runs_before_anything_can_hide_it() -> None:
    workflow = load(GITHUB / "workflows/pr.yml")
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            assert not step.get("continue-on-error"), "a failing check must fail the pull request"


def test_pages_workflow_builds_and_deploys_main() -> None:
    workflow = load(GITHUB / "workflows/pages.yml")
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    run = commands(workflow)
    assert "mkdocs build --strict" in run
    used = [s["uses"].partition("@")[0] for s in steps(workflow) if "uses" in s]
    assert used.index("actions/upload-pages-artifact") < used.index("actions/deploy-pages")
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


@pytest.mark.parametrize("path", ISSUE_FORMS, ids=lambda p: p.name)
def test_issue_form_is_well_formed(path: Path) -> None:
    form = load(path)
    assert form["name"] and form["description"]
    ids = []
    for item in form["body"]:
        assert item["type"] in FORM_TYPES
        if item["type"] == "markdown":
            assert item["attributes"]["value"].strip()
            continue
        ids.append(item["id"])
        assert item["attributes"]["label"]
        if item["type"] == "dropdown":
            assert item["attributes"]["options"]
    assert len(ids) == len(set(ids)), "issue form ids must be unique"
    assert any(item.get("validations", {}).get("required") for item in form["body"])


def test_issue_forms_and_config() -> None:
    assert [p.name for p in ISSUE_FORMS] == ["duty-spec-error.yml", "request-template.yml"]
    config = load(GITHUB / "ISSUE_TEMPLATE/config.yml")
    for link in config["contact_links"]:
        assert link["url"].startswith("https://") and link["name"] and link["about"]


def test_pull_request_template_is_a_checklist() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.count("- [ ] ") >= 5
    assert "orgkit check" in text and "make serve" in text and "CHANGELOG.md" in text


def test_pre_commit_hooks() -> None:
    config = load(REPO / ".pre-commit-config.yaml")
    (local,) = config["repos"]
    assert local["repo"] == "local"
    (hook,) = local["hooks"]
    assert hook["entry"] == ".venv/bin/python -m orgkit check"
    assert re.match(hook["files"], "orgtemplates/roles/cashier.yaml")
    assert not re.match(hook["files"], "scripts/orgkit/cli.py")

    (shared,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert shared["id"] == "orgkit-check"
    assert shared["language"] == "python"
    assert shared["entry"] == "orgkit check"
    assert shared["files"] == r"^orgtemplates/.*\.ya?ml$"
    assert re.match(shared["files"], "orgtemplates/orgs/a.yml")


#: What the tests need from Debian: the browser tests, and the office-file tests (LibreOffice renders, poppler rasterises).
TEST_PACKAGES = ["chromium", "fonts-noto-cjk", "libreoffice-writer-nogui", "libreoffice-impress-nogui", "libreoffice-calc-nogui", "poppler-utils"]


def test_ci_installs_every_tool_the_tests_need() -> None:
    """Under CI a missing tool fails its test, so both CI entry points install all of them."""
    workflow = commands(load(GITHUB / "workflows" / "pr.yml"))
    ci_run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    for package in TEST_PACKAGES:
        assert re.search(rf"apt-get install[^\n]*(?:\\\n[^\n]*)*\b{re.escape(package)}\b", workflow), f"pr.yml 未安装 {package}"
        assert package in ci_run, f".ci/run 未安装 {package}"
    assert "|| echo" not in ci_run, ".ci/run 不应吞掉安装失败"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("TRUE", True), ("1", True), ("yes", True), (" true ", True), ("false", False), ("0", False), ("no", False), ("", False), (None, False)],
)
def test_ci_flag_is_a_boolean(monkeypatch: pytest.MonkeyPatch, value: str | None, expected: bool) -> None:
    from support import in_ci

    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert in_ci() is expected


def test_a_missing_tool_fails_under_ci_and_skips_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    from support import require_tool

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI 中必须运行"):
        require_tool(None, "某工具", "apt-get install x")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        require_tool(None, "某工具", "apt-get install x")
    assert require_tool("/usr/bin/x", "某工具", "apt-get install x") == "/usr/bin/x"
