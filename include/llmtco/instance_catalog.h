// The cloud instance catalog: reading price files in the formats upstream keeps
// them (SkyPilot's catalog CSVs; the AWS CSV derived from instances.vantage.sh)
// into an InstanceCatalog, and the snapshot of them built into the binary.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <string>
#include <vector>

#include "llmtco/instance.h"

namespace llmtco {

// One price file's text and where it came from.
struct InstanceFile {
  InstanceSource source;  // source.cloud decides how rows are read (GCP joins GPU rows)
  std::string text;
};

// Reads the files into one catalog. Columns are found by name: InstanceType,
// AcceleratorName, AcceleratorCount, vCPUs, MemoryGiB, Price and Region are needed;
// SpotPrice, ReservedPrice (the vantage file) and AvailabilityZone are optional.
// Rows without an accelerator are left out. On GCP, a GPU row (no InstanceType) is
// joined with the VM row its machine type pairs with (data/instances/
// gcp_gpu_hosts.csv) in the same zone: prices add, vCPUs and memory are the VM's.
// Upstream accelerator names become GPU ids through data/instances/
// accelerator_names.csv; rows with a name it does not map, a fraction of a GPU or
// an on-demand price <= 0 are skipped and counted in `warnings`. Zones of a region
// merge into one row (the lowest price of each kind). Then the sanity checks of
// instance_checks.h run over all files. Throws InputError, naming the file, the
// line, the column and the value, on a malformed file.
InstanceCatalog parse_instance_files(const std::vector<InstanceFile>& files);

// The built-in snapshot (data/instances/, listed by its catalog.json), read once.
const InstanceCatalog& instance_catalog();

// Reads price files from disk instead. Each path is a CSV file or a directory: a
// directory with a catalog.json (data/instances/catalog.json's format) is read as
// that lists it, with its dates; any other directory is searched for *.csv files.
// A file's cloud (aws, gcp, azure, lambda, vast) is the part of its name before the
// first '.', '_' or '-' (gcp.csv, aws_2026.csv) or else its directory's name
// (SkyPilot's gcp/vms.csv); its date is unknown unless a catalog.json gives it.
// Throws InputError for a missing path, a file of no known cloud or a bad file.
InstanceCatalog load_instance_catalog(const std::vector<std::string>& paths);

}  // namespace llmtco
