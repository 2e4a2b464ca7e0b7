"""The GitHub workflows (read, not run): CI lists what it skipped and why; Pages deploys as GitHub's own
template does, only after CI passed, and never cancels a deployment halfway."""

import subprocess
import sys

import yaml

from helpers import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def test_ci_lists_skipped_tests_with_their_reasons(tmp_path):
    report = tmp_path / "report.xml"
    report.write_text('<testsuites><testsuite tests="3"><testcase classname="tests.test_kb" name="test_a"/>'
                      '<testcase classname="tests.test_kb" name="test_b"><skipped message="the shared sources are '
                      'not beside this checkout"/></testcase><testcase classname="tests.test_x" name="test_c"/>'
                      "</testsuite></testsuites>", encoding="utf-8")
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "skipped_summary.py"), str(report)],
                         capture_output=True, text=True, check=True)
    assert "3 tests, 1 skipped." in out.stdout
    assert "| `tests.test_kb.test_b` | the shared sources are not beside this checkout |" in out.stdout
    ci = yaml.safe_load((WORKFLOWS / "ci.yml").read_text())
    steps = ci["jobs"]["check"]["steps"]
    tests = next(s for s in steps if s.get("name") == "Tests")
    summary = next(s for s in steps if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert "--junitxml=test-report.xml" in tests["run"] and summary["if"] == "always()"
    assert "--slow" in tests["run"].split()  # the tests marked slow, skipped elsewhere, run here


def test_pages_deploys_after_ci_with_the_address_pages_gives():
    pages = yaml.safe_load((WORKFLOWS / "pages.yml").read_text())
    on = pages[True]  # YAML reads the key `on` as true
    assert on["workflow_run"]["workflows"] == ["ci"] and on["workflow_run"]["types"] == ["completed"]
    assert pages["concurrency"]["cancel-in-progress"] is False
    build = pages["jobs"]["build"]
    assert "conclusion == 'success'" in build["if"]
    uses = [s.get("uses", "") for s in build["steps"]]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    step = next(s for s in build["steps"] if s.get("run") == "./scripts/build")
    assert step["env"]["ATLAS_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert pages["jobs"]["deploy"]["needs"] == "build"


def test_a_pull_request_shows_its_graph_diff_in_the_summary_and_one_comment():
    ci = yaml.safe_load((WORKFLOWS / "ci.yml").read_text())
    job = ci["jobs"]["graph-diff"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    steps = job["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site" and upload["id"] == "artifact"
    summary = next(s for s in steps if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert 'graph diff "$BASE" HEAD --format markdown --artifact-url "$ARTIFACT_URL"' in summary["run"]
    assert summary["env"]["BASE"] == "${{ github.event.pull_request.base.sha }}"
    assert summary["env"]["ARTIFACT_URL"] == "${{ steps.artifact.outputs.artifact-url }}"
    comment = next(s for s in steps if "comments" in s.get("run", ""))
    # only where the token may write (a fork's pull request gets a read-only one), and one comment, updated
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]
    assert "-X PATCH" in comment["run"] and "<!-- atlas graph diff -->" in comment["run"]
