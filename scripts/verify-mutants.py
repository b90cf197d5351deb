#!/usr/bin/env python3
"""Proves that verify catches defects: renders each mutant of an example (the
example with one deliberate defect, described in scripts/mutants/NAME.json),
runs verify on it, and checks that exactly the probes the defect breaks fail,
and nothing else. A mutant whose text no longer occurs in the example is an
error, so the list cannot silently go stale.

  scripts/verify-mutants.py Examples/todo-api-go [scripts/mutants/todo-api-go.json]

The project's own tests are left out of these runs (--skip tests): a good
test suite catches the defect too, which is not what is measured here.
The last line is "N passed, M failed".
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))


def run_mutant(example, mutant, scratch):
    project = os.path.join(scratch, "project")
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(example, project, symlinks=True)
    path = os.path.join(project, mutant["file"])
    with open(path, encoding="utf-8") as f:
        text = f.read()
    occurrences = text.count(mutant["replace"])
    if occurrences != 1:
        return f"the text to replace occurs {occurrences} times in {mutant['file']} (the mutant is stale)"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(mutant["replace"], mutant["with"]))
    command = [os.path.join(here, "verify-project.sh"), project, "--format", "json", "--skip", "tests",
               "--load-seconds", "1", "--seed", "7"]
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    failed, ran = set(), 0
    for line in result.stdout.splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        if event.get("event") == "probe":
            ran += 1
            if event["status"] == "failed":
                failed.add(event["slug"])
        if event.get("event") == "error":
            return "verify could not run: " + event["message"]
    if ran == 0:
        return "verify ran no probe:\n" + result.stderr[-2000:]
    expected = set(mutant["fails"])
    if failed == expected:
        return None
    problems = []
    if expected - failed:
        problems.append("not caught: " + ", ".join(sorted(expected - failed)))
    if failed - expected:
        problems.append("also failed: " + ", ".join(sorted(failed - expected)))
    return "; ".join(problems)


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(sys.argv) >= 2 else 2
    example = os.path.abspath(sys.argv[1])
    name = os.path.basename(example.rstrip("/"))
    mutants_file = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "mutants", name + ".json")
    with open(mutants_file, encoding="utf-8") as f:
        mutants = json.load(f)
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="verify-mutants.") as scratch:
        for mutant in mutants:
            problem = run_mutant(example, mutant, scratch)
            if problem is None:
                passed += 1
                print(f"  ok   {mutant['defect']}: fails exactly {', '.join(mutant['fails'])}", flush=True)
            else:
                failed += 1
                print(f"  FAIL {mutant['defect']}: {problem}", flush=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
