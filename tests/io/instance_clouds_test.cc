// The neoclouds, OCI, the marketplaces and Lambda's SkyPilot v9 file in the built-in
// catalog (data/instances/, ../shared/data/SOURCES.md section 7): how many
// instances each gives, prices read by hand from the CSV rows, the quirks of their
// formats (spot-only rows, spot above on-demand, extra columns, CRLF), estimated
// dates, volatile marketplaces and the "all" keyword.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "llmtco/error.h"
#include "llmtco/instance_catalog.h"

namespace llmtco {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const Instance* find(const std::string& cloud, const std::string& type, const std::string& region) {
  for (const Instance& i : instance_catalog().instances) {
    if (i.cloud == cloud && i.instance_type == type && i.region == region) return &i;
  }
  return nullptr;
}

const InstanceSource& source(const std::string& cloud) {
  for (const InstanceSource& s : instance_catalog().sources) {
    if (s.cloud == cloud) return s;
  }
  throw InputError("no source " + cloud);
}

InstanceCatalog parse_one(const std::string& cloud, const std::string& text) {
  return parse_instance_files({{.source = {.cloud = cloud, .file = cloud + ".csv"}, .text = text}});
}

// Instances per cloud, one per (type, GPUs, region) whose accelerator name maps:
// - runpod: 11 mapped names (A100-80GB, A100-80GB-SXM, B200, H100, H100-NVL,
//   H100-SXM, H200-SXM, L4, L40S, MI300X, RTX4090) x 1/2/4/8 GPUs x 8 regions
//   (CA CZ IS NL NO RO SE US; the zones of a region merge) = 352;
// - nebius: its 22 GPU rows, each a type of its own in one region;
// - cudo: 13 types each of A100 (x2 regions: 26 rows), H100-SXM and L40S = 52;
// - oci: 12 mapped shapes (3 A10, A100, A100-80GB, H100, H200, L40S, 4 V100) x 39
//   regions = 468 (the 49 blocks are availability domains; P100 is not mapped);
// - hyperbolic 1-3x H100 = 3; fluidstack 8x H100 = 1; do gpu-h100x1/x8 = 2;
//   paperspace H100 and H100x8 = 2 (its A100-80G, V100 and Quadro cards unmapped);
// - verda: H100 (FIN-02), 1x and 2x H200 (FIN-02, FIN-03), 1x B200 (FIN-03) = 6:
//   the 2/4/8x B200 rows have only a spot price, the rest are unmapped;
// - lambda: the v9 file's 374 GPU rows less the unmapped A6000, GH200 and
//   RTX6000 (51 + 17 + 17) = 289, 17 x 17 regions.
TEST(InstanceClouds, InstancesPerCloud) {
  std::map<std::string, int> counts;
  for (const Instance& i : instance_catalog().instances) ++counts[i.cloud];
  const std::map<std::string, int> expected = {
      {"runpod", 352},   {"nebius", 22},    {"cudo", 52},      {"oci", 468},
      {"hyperbolic", 3}, {"fluidstack", 1}, {"do", 2},         {"paperspace", 2},
      {"verda", 6},      {"lambda", 289},   {"shadeform", 46}, {"primeintellect", 47},
      {"aws", 740},      {"azure", 566},    {"gcp", 390},      {"vast", 26}};
  EXPECT_EQ(counts, expected);
  EXPECT_EQ(instance_catalog().sources.size(), kInstanceClouds.size());
}

// Rows of the CSVs, read by hand:
//   runpod.csv  1x_H100-SXM_SECURE,H100-SXM,1.0,20.0,80.0,H100-SXM,CA,2.69,2.99,CA-MTL-1
//   nebius.csv  gpu-h100-sxm_8gpu-128vcpu-1600gb,H100,8,128,1600,23.6,eu-north1,...,10.0
//   fluidstack  H100_NVLINK_80GB::8,H100-NVLINK,8,252,1440.0,23.92,FINLAND,...
//   hyperbolic  2x-H100-149-1443,H100,2,149,1443,1600,2.58,default,...
//   do.csv      gpu-h100x8-640gb,H100,8,...,47.60,tor1
//   oci.csv     BM.GPU.H100.8,H100,8,...,80,,us-ashburn-1,...
//   paperspace  H100x8,H100,8.0,128.0,640.0,H100,East Coast (NY2),,47.60
//   cudo.csv    sapphire-rapids-h100_1x2v4gb,H100-SXM,1.0,2,4,1.8214000000000001,...
//   verda.csv   1H100.80S.32V,...,H100,1.0,...,FIN-02,2.29,0.8015
//   runpod.csv  1x_H100_SECURE,H100,1.0,16.0,80.0,H100,CA,,2.39,CA-MTL-1 (the PCIe card)
//   shadeform   lambdalabs_H100-sxm5x8,H100,8.0,208.0,1800,31.92,saltlakecity-usa-1,...
TEST(InstanceClouds, PricesFromTheRows) {
  struct Expected {
    std::string cloud, type, region, gpu_id;
    int gpus;
    double on_demand;
    std::optional<double> spot;
  };
  const std::vector<Expected> rows = {
      {"runpod", "1x_H100-SXM_SECURE", "CA", "h100-sxm", 1, 2.99, 2.69},
      {"nebius", "gpu-h100-sxm_8gpu-128vcpu-1600gb", "eu-north1", "h100-sxm", 8, 23.60, 10.0},
      {"fluidstack", "H100_NVLINK_80GB::8", "FINLAND", "h100-sxm", 8, 23.92, std::nullopt},
      {"hyperbolic", "2x-H100-149-1443", "default", "h100-sxm", 2, 2.58, std::nullopt},
      {"do", "gpu-h100x8-640gb", "tor1", "h100-sxm", 8, 47.60, std::nullopt},
      {"oci", "BM.GPU.H100.8", "us-ashburn-1", "h100-sxm", 8, 80, std::nullopt},
      {"paperspace", "H100x8", "East Coast (NY2)", "h100-sxm", 8, 47.60, std::nullopt},
      {"cudo", "sapphire-rapids-h100_1x2v4gb", "no-kristiansand-1", "h100-sxm", 1,
       1.8214000000000001, std::nullopt},
      {"verda", "1H100.80S.32V", "FIN-02", "h100-sxm", 1, 2.29, 0.8015},
      {"runpod", "1x_H100_SECURE", "CA", "h100-pcie", 1, 2.39, std::nullopt},
      {"shadeform", "lambdalabs_H100-sxm5x8", "saltlakecity-usa-1", "h100-sxm", 8, 31.92,
       std::nullopt},
  };
  for (const Expected& e : rows) {
    const Instance* i = find(e.cloud, e.type, e.region);
    ASSERT_NE(i, nullptr) << e.cloud << " " << e.type;
    EXPECT_EQ(i->gpu_id, e.gpu_id) << e.type;
    EXPECT_EQ(i->gpu_count, e.gpus) << e.type;
    EXPECT_DOUBLE_EQ(i->on_demand_usd_per_hour, e.on_demand) << e.type;
    EXPECT_EQ(i->spot_usd_per_hour, e.spot) << e.type;
  }
  // Nebius 8 x H100: 23.60 / 8 = $2.95 per GPU-hour, SOURCES.md's list price.
  EXPECT_DOUBLE_EQ(
      find("nebius", "gpu-h100-sxm_8gpu-128vcpu-1600gb", "eu-north1")->on_demand_usd_per_gpu_hour(),
      2.95);
}

// Prime Intellect lists a spot offer as its own row, type + "__SPOT", Price empty:
//   datacrunch__8xH100_80GB__176__1480,...,IS,ICE-01,15.77,
//   datacrunch__8xH100_80GB__176__1480__SPOT,...,IS,ICE-01,,6.84
// The spot price joins the on-demand row of its zone; FI's row (FIN-02) has no spot.
TEST(InstanceClouds, PrimeIntellectSpotRowsJoinTheirOffer) {
  const Instance* iceland = find("primeintellect", "datacrunch__8xH100_80GB__176__1480", "IS");
  ASSERT_NE(iceland, nullptr);
  EXPECT_DOUBLE_EQ(iceland->on_demand_usd_per_hour, 15.77);
  EXPECT_EQ(iceland->spot_usd_per_hour, 6.84);
  const Instance* finland = find("primeintellect", "datacrunch__8xH100_80GB__176__1480", "FI");
  ASSERT_NE(finland, nullptr);
  EXPECT_FALSE(finland->spot_usd_per_hour.has_value());
  for (const Instance& i : instance_catalog().instances) {
    EXPECT_FALSE(i.instance_type.ends_with("__SPOT")) << i.instance_type;
  }
}

// Verda's 2B300, 2/4/8B200 and 8RTXPRO6000 rows have a SpotPrice and no Price, and
// no on-demand row of the same type: counted and skipped, not read as $0.
TEST(InstanceClouds, VerdaSpotOnlyRowsAreSkippedAndCounted) {
  EXPECT_THAT(instance_catalog().warnings,
              Contains("verda: a spot price with no Price and no on-demand row of the same offer "
                       "in 5 rows; skipped"));
  EXPECT_EQ(find("verda", "8B200.240V", "FIN-03"), nullptr);
  const Instance* b200 = find("verda", "1B200.30V", "FIN-03");
  ASSERT_NE(b200, nullptr);
  EXPECT_DOUBLE_EQ(b200->on_demand_usd_per_hour, 4.89);
}

// RunPod's L40S rows list spot 0.86 above on-demand 0.43 (probably swapped): the
// checks flag them, so a plan leaves them out unless asked.
TEST(InstanceClouds, RunpodL40sSpotAboveOnDemandIsFlagged) {
  const Instance* l40s = find("runpod", "1x_L40S_SECURE", "US");
  ASSERT_NE(l40s, nullptr);
  EXPECT_THAT(l40s->warnings, Contains("runpod: 1x_L40S_SECURE (1 x l40s) in US: spot $0.86/h is "
                                       "above on-demand $0.43/h"));
}

// The SkyPilot catalogs' undated files carry an estimated date with its basis;
// catalog.json marks the marketplaces volatile.
TEST(InstanceClouds, EstimatedDatesAndVolatileMarketplaces) {
  EXPECT_FALSE(source("aws").date_estimated);
  EXPECT_TRUE(source("runpod").date_estimated);
  EXPECT_EQ(source("runpod").date, "2025-01-01");
  EXPECT_THAT(source("runpod").date_basis, HasSubstr("about 2025"));
  EXPECT_TRUE(source("lambda").date_estimated);
  EXPECT_EQ(source("lambda").date, "2026-05-07");  // the same prices as anycloud's dated file
  EXPECT_EQ(source_date_words(source("nebius")), "about 2025-01-01 (estimated)");
  EXPECT_EQ(source_date_words(source("gcp")), "2026-05-20");
  EXPECT_THAT(source_note(source("nebius")),
              HasSubstr("nebius prices of about 2025-01-01 (estimated): data/instances/"
                        "nebius.csv, from skypilot-org/skypilot-catalog catalogs/v9/nebius/"
                        "vms.csv @d9bf3aa"));
  EXPECT_THAT(source_note(source("vast")), HasSubstr("a marketplace with volatile offers"));
  const Instance* runpod = find("runpod", "1x_H100-SXM_SECURE", "CA");
  EXPECT_TRUE(runpod->date_estimated);
  EXPECT_FALSE(runpod->volatile_offers);
  EXPECT_EQ(instance_date_words(*runpod), "about 2025-01-01 (estimated)");
  for (const std::string cloud : {"vast", "shadeform", "primeintellect"}) {
    EXPECT_TRUE(source(cloud).volatile_offers) << cloud;
  }
  EXPECT_EQ(std::count_if(instance_catalog().sources.begin(), instance_catalog().sources.end(),
                          [](const InstanceSource& s) { return s.volatile_offers; }),
            3);
}

std::vector<std::string> resolved(const std::vector<std::string>& names,
                                  const InstanceCatalog& catalog = instance_catalog()) {
  return resolve_cloud_names("self_host.clouds", names, catalog);
}

// "all" is every cloud with a source but the three volatile marketplaces, in
// kInstanceClouds order; naming one adds it; each cloud once.
TEST(InstanceClouds, AllLeavesOutTheVolatileMarketplaces) {
  const std::vector<std::string> all = {
      "aws",    "azure",  "cudo", "do",         "fluidstack", "gcp",  "hyperbolic",
      "lambda", "nebius", "oci",  "paperspace", "runpod",     "verda"};
  EXPECT_EQ(resolved({"all"}), all);
  std::vector<std::string> with_vast = all;
  with_vast.push_back("vast");
  EXPECT_EQ(resolved({"all", "vast"}), with_vast);
  EXPECT_EQ(resolved({"runpod", "all"}).front(), "runpod");
  EXPECT_EQ(resolved({"runpod", "all"}).size(), all.size());
  EXPECT_THAT(resolved({"vast", "runpod", "vast"}), ElementsAre("vast", "runpod"));
  EXPECT_TRUE(resolved({}).empty());
  try {
    resolved({"runpod", "oracle"});
    FAIL() << "no error";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "self_host.clouds");
    EXPECT_THAT(e.problem(), HasSubstr("unknown cloud 'oracle' (valid: aws, azure, cudo, do, "));
    EXPECT_THAT(e.problem(), HasSubstr("vast, verda, all)"));
  }
  // Only a marketplace in the catalog: "all" would take nothing, which means every cloud.
  const InstanceCatalog vast_only{.sources = {{.cloud = "vast", .volatile_offers = true}}};
  EXPECT_THROW(resolved({"all"}, vast_only), FieldError);
  EXPECT_THAT(resolved({"all", "vast"}, vast_only), ElementsAre("vast"));
}

constexpr const char* kVerdaHeader =
    "InstanceType,UpstreamCloudId,vCPUs,MemoryGiB,AcceleratorName,AcceleratorCount,GpuInfo,Region,"
    "Price,SpotPrice\r\n";

// A spot-only row joins the on-demand row of the same type, GPUs, region and zone
// (the lower spot where both list one); CRLF line ends and extra columns are read.
TEST(InstanceClouds, SpotOnlyRowsPairWithTheSameOffer) {
  const InstanceCatalog c =
      parse_one("verda", std::string(kVerdaHeader) +
                             "1H100.80S.32V,x,32,185,H100,1,{},FIN-02,2.29,\r\n"
                             "1H100.80S.32V,x,32,185,H100,1,{},FIN-02,,0.80\r\n"
                             "1H100.80S.32V,x,32,185,H100,1,{},FIN-02,,0.90\r\n"
                             "1H100.80S.32V,x,32,185,H100,1,{},FIN-03,,0.70\r\n"
                             "1H200.141S.44V,x,44,185,H200,1,{},FIN-02,3.39,1.20\r\n"
                             "1H200.141S.44V,x,44,185,H200,1,{},FIN-02,,1.00\r\n");
  ASSERT_EQ(c.instances.size(), 2u);
  EXPECT_EQ(c.instances[0].instance_type, "1H100.80S.32V");
  EXPECT_EQ(c.instances[0].spot_usd_per_hour, 0.80);  // FIN-03's spot has no on-demand row
  EXPECT_EQ(c.instances[1].spot_usd_per_hour, 1.00);  // below the row's own 1.20
  EXPECT_EQ(c.warnings, std::vector<std::string>{"verda: a spot price with no Price and no "
                                                 "on-demand row of the same offer in 1 row; "
                                                 "skipped"});
}

TEST(InstanceClouds, UnknownColumnsAreIgnored) {
  const InstanceCatalog c =
      parse_one("runpod",
                "Extra,InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,"
                "Region,SpotPrice,Price,AvailabilityZone,Later\n"
                "a,1x_H100-SXM_SECURE,H100-SXM,1.0,20,80,H100-SXM,US,2.69,2.99,US-TX-3,b\n");
  ASSERT_EQ(c.instances.size(), 1u);
  EXPECT_EQ(c.instances[0].gpu_id, "h100-sxm");
  EXPECT_DOUBLE_EQ(c.instances[0].on_demand_usd_per_hour, 2.99);
}

// A file read from disk without a catalog.json keeps its cloud's volatile mark.
TEST(InstanceClouds, FilesFromDiskKeepTheirCloudsMark) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("llmtco-clouds-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "shadeform.csv")
      << "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,"
         "SpotPrice\nlambdalabs_H100,H100,1.0,26.0,225,4.29,us-south-1,{},\n";
  std::ofstream(dir / "nebius.csv")
      << "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,"
         "SpotPrice\ngpu-h100-sxm_1gpu-16vcpu-200gb,H100,1,16,200,2.95,eu-north1,{},1.25\n";
  const InstanceCatalog c = load_instance_catalog({dir.string()});
  std::filesystem::remove_all(dir);
  ASSERT_EQ(c.sources.size(), 2u);
  EXPECT_EQ(c.sources[0].cloud, "nebius");
  EXPECT_FALSE(c.sources[0].volatile_offers);
  EXPECT_TRUE(c.sources[1].volatile_offers);
  EXPECT_TRUE(c.instances.at(1).volatile_offers);
  EXPECT_EQ(resolve_cloud_names("clouds", {"all"}, c), std::vector<std::string>{"nebius"});
}

}  // namespace
}  // namespace llmtco
