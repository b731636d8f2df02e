#!/usr/bin/env python3
"""Compares the values of two `llmtco ... --format json` reports.

    scripts/report-values.py BEFORE.json AFTER.json [--renames FILE]

Every number and text in the reports is flattened to a path (figures by id,
tables by id and row, notes by index) and the two sets are compared; ids renamed
on purpose are listed in FILE, one "old new" pair a line (docs/formats.md keeps the
list of renamed ids). Prints each difference and exits 1 if there is one. Used to
show that a refactoring changed no printed value.
"""
import argparse
import json
import re
import sys


def flatten(node, path, out):
    if isinstance(node, dict):
        for key, value in node.items():
            flatten(value, f"{path}.{key}", out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            # Figures and other id'd entries are keyed by id, so that a renamed
            # or moved entry is compared with itself.
            key = value.get("id") if isinstance(value, dict) and "id" in value else i
            flatten(value, f"{path}[{key}]", out)
    else:
        out[path] = node


def rename(paths, renames):
    # Whole names only: renaming memory_gb must leave gpu_memory_gb alone.
    patterns = [(re.compile(rf"(?<![A-Za-z0-9_]){re.escape(old)}(?![A-Za-z0-9_])"), new)
                for old, new in renames]
    out = {}
    for path, value in paths.items():
        for pattern, new in patterns:
            path = pattern.sub(new, path)
            if isinstance(value, str):
                value = pattern.sub(new, value)
        out[path] = value
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--renames", help='a file of "old new" id pairs, one a line')
    args = parser.parse_args()
    renames = []
    if args.renames:
        with open(args.renames, encoding="utf-8") as f:
            renames = [tuple(line.split()) for line in f if line.strip() and not line.startswith("#")]
    before, after = {}, {}
    with open(args.before, encoding="utf-8") as f:
        flatten(json.load(f), "", before)
    with open(args.after, encoding="utf-8") as f:
        flatten(json.load(f), "", after)
    before = rename(before, renames)
    differences = 0
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path, "<absent>"), after.get(path, "<absent>")
        if old != new:
            differences += 1
            print(f"{path}: {old!r} -> {new!r}")
    print(f"{len(before)} values before, {len(after)} after, {differences} differ", file=sys.stderr)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
