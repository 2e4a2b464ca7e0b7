#!/usr/bin/env python3
"""The tests a run skipped, with their reasons, as Markdown for a CI job summary:
python scripts/skipped_summary.py test-report.xml >> "$GITHUB_STEP_SUMMARY" (the report is pytest's --junitxml)."""

import sys
import xml.etree.ElementTree as ET


def main(path: str) -> int:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        print(f"### Tests\n\nNo test report to read ({exc.__class__.__name__}): the tests did not run to the end.")
        return 0
    cases = root.iter("testcase")
    skipped = [(f"{c.get('classname')}.{c.get('name')}", s.get("message") or "no reason given")
               for c in cases for s in c.findall("skipped")]
    total = sum(int(s.get("tests", 0)) for s in root.iter("testsuite"))
    print(f"### Tests\n\n{total} tests, {len(skipped)} skipped.\n")
    if skipped:
        print("| Skipped test | Why |\n| --- | --- |")
        for name, reason in skipped:
            print(f"| `{name}` | {reason.replace('|', '/')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "test-report.xml"))
