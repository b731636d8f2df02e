#!/usr/bin/env python3
"""Regenerates the instance price snapshot in data/instances/ from upstream files.

Usage: scripts/refresh-instances.py [UPSTREAM_DIR] [--date CLOUD=YYYY-MM-DD ...]
                                    [--estimated-date CLOUD=YYYY-MM-DD=BASIS ...]

UPSTREAM_DIR (default ../shared/data/cloud_prices, relative to the repository root)
holds the upstream files named by data/instances/catalog.json ("upstream": e.g.
gcp/vms.csv, lambda/vms_skypilot_v9.csv), one entry per cloud (aws, azure, cudo,
do, fluidstack, gcp, hyperbolic, lambda, nebius, oci, paperspace, primeintellect,
runpod, shadeform, vast, verda). Each snapshot file keeps the upstream header and,
byte for byte (line endings too: several SkyPilot files use CRLF), the rows that
carry an accelerator: TPU rows and CPU-only rows (most of OCI's file, Nebius's and
DigitalOcean's CPU types) are left out; spot-only rows (Prime Intellect's __SPOT
rows, Verda's rows without a Price) are kept, as the reader pairs or counts them.
For GCP it also keeps the VM rows that GPU rows attach to
(data/instances/gcp_gpu_hosts.csv) in zones that have GPU rows.
--date records the known date of a cloud's new prices in catalog.json (and drops an
earlier estimate); --estimated-date records a conservative estimate with its basis
where the upstream file is undated. Give one for every cloud you refresh.
Python 3 standard library only.
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
    with open(path, encoding="utf-8", newline="") as f:  # keeps "\r\n" as it is
        lines = f.read().splitlines(keepends=True)
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


def set_date(entry, date, basis):
    """A known date (basis None) drops an earlier estimate; an estimate keeps its basis."""
    entry["date"] = date
    entry.pop("date_estimated", None)
    entry.pop("date_basis", None)
    if basis is not None:
        entry["date_estimated"] = True
        entry["date_basis"] = basis


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("upstream", nargs="?", default=str(ROOT.parent / "shared/data/cloud_prices"))
    parser.add_argument("--date", action="append", default=[], metavar="CLOUD=YYYY-MM-DD")
    parser.add_argument(
        "--estimated-date", action="append", default=[], metavar="CLOUD=YYYY-MM-DD=BASIS"
    )
    args = parser.parse_args()

    catalog_path = SNAPSHOT / "catalog.json"
    catalog = json.loads(catalog_path.read_text(encoding="utf-8"))
    dates = {cloud: (date, None) for cloud, date in (d.split("=", 1) for d in args.date)}
    for item in args.estimated_date:
        cloud, date, basis = item.split("=", 2)
        dates[cloud] = (date, basis)
    for entry in catalog["files"]:
        source = pathlib.Path(args.upstream) / entry["upstream"]
        header, rows = read_rows(source)
        kept = keep_rows(entry["cloud"], rows)
        target = SNAPSHOT / entry["file"]
        with open(target, "w", encoding="utf-8", newline="") as f:
            f.write(header + "".join(kept))
        print(f"{target.relative_to(ROOT)}: {len(kept)} of {len(rows)} rows from {source}")
        if entry["cloud"] in dates:
            set_date(entry, *dates.pop(entry["cloud"]))
    if dates:
        sys.exit(f"--date for unknown clouds: {', '.join(dates)}")
    catalog_path.write_text(json.dumps(catalog, indent=2) + "\n", encoding="utf-8")
    if not args.date and not args.estimated_date:
        print("note: catalog.json dates unchanged; pass --date CLOUD=YYYY-MM-DD for new data")


if __name__ == "__main__":
    main()
