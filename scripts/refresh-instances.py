#!/usr/bin/env python3
"""Regenerates the instance price snapshot in data/instances/ from upstream files.

Usage: scripts/refresh-instances.py [UPSTREAM_DIR] [--date CLOUD=YYYY-MM-DD ...]

UPSTREAM_DIR (default ../shared/data/cloud_prices, relative to the repository root)
holds the upstream files named by data/instances/catalog.json ("upstream": e.g.
gcp/vms.csv). Each snapshot file keeps the upstream header and, byte for byte, the
rows that carry an accelerator (TPU rows left out); for GCP also the VM rows that
GPU rows attach to (data/instances/gcp_gpu_hosts.csv) in zones that have GPU rows.
--date records the date of a cloud's new prices in catalog.json; give one for
every cloud you refresh. Python 3 standard library only.
"""

import argparse
import csv
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "data" / "instances"


def read_rows(path):
    """The header line and (line, fields) per row; each row must fit on one line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = next(csv.reader([line]))
        if len(fields) > len(header):  # Azure writes Generation "V1,V2" unquoted
            fields[len(header) - 1 :] = [",".join(fields[len(header) - 1 :])]
        if len(fields) != len(header):
            sys.exit(f"{path}:{number}: {len(fields)} fields where the header has {len(header)}")
        rows.append((line, dict(zip(header, fields))))
    return lines[0], rows


def is_gpu_row(fields):
    name = fields["AcceleratorName"]
    return name != "" and not name.startswith("tpu-")


def gcp_host_types():
    with open(SNAPSHOT / "gcp_gpu_hosts.csv", newline="", encoding="utf-8") as f:
        return {row["instance_type"] for row in csv.DictReader(f)}


def keep_rows(cloud, rows):
    gpu_rows = [fields for _, fields in rows if is_gpu_row(fields)]
    if cloud != "gcp":
        return [line for line, fields in rows if is_gpu_row(fields)]
    hosts = gcp_host_types()
    zones = {fields["AvailabilityZone"] for fields in gpu_rows}
    return [
        line
        for line, fields in rows
        if is_gpu_row(fields)
        or (fields["InstanceType"] in hosts and fields["AvailabilityZone"] in zones)
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("upstream", nargs="?", default=str(ROOT.parent / "shared/data/cloud_prices"))
    parser.add_argument("--date", action="append", default=[], metavar="CLOUD=YYYY-MM-DD")
    args = parser.parse_args()

    catalog_path = SNAPSHOT / "catalog.json"
    catalog = json.loads(catalog_path.read_text(encoding="utf-8"))
    dates = dict(item.split("=", 1) for item in args.date)
    for entry in catalog["files"]:
        source = pathlib.Path(args.upstream) / entry["upstream"]
        header, rows = read_rows(source)
        kept = keep_rows(entry["cloud"], rows)
        target = SNAPSHOT / entry["file"]
        target.write_text(header + "".join(kept), encoding="utf-8")
        print(f"{target.relative_to(ROOT)}: {len(kept)} of {len(rows)} rows from {source}")
        if entry["cloud"] in dates:
            entry["date"] = dates.pop(entry["cloud"])
    if dates:
        sys.exit(f"--date for unknown clouds: {', '.join(dates)}")
    catalog_path.write_text(json.dumps(catalog, indent=2) + "\n", encoding="utf-8")
    if not args.date:
        print("note: catalog.json dates unchanged; pass --date CLOUD=YYYY-MM-DD for new data")


if __name__ == "__main__":
    main()
