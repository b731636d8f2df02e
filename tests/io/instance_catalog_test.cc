#include "llmtco/instance_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "llmtco/error.h"

namespace llmtco {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

const Instance* find(const InstanceCatalog& catalog, const std::string& cloud,
                     const std::string& type, const std::string& region, int gpus = 0) {
  for (const Instance& i : catalog.instances) {
    if (i.cloud == cloud && i.instance_type == type && i.region == region &&
        (gpus == 0 || i.gpu_count == gpus)) {
      return &i;
    }
  }
  return nullptr;
}

InstanceCatalog parse_one(const std::string& cloud, const std::string& text) {
  return parse_instance_files({{.source = {.cloud = cloud, .file = cloud + ".csv"}, .text = text}});
}

std::string error_of(const std::string& cloud, const std::string& text) {
  try {
    parse_one(cloud, text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

// Hand-checked rows of the built-in snapshot: SOURCES.md §4 gives p5.48xlarge
// (8 x H100) $55.04/h in us-east-1, p4de.24xlarge (8 x A100 80GB) $27.44705/h,
// Lambda 1 x H100 SXM $4.29/h, 1 x H100 PCIe $3.29/h and 8 x A100 80GB SXM
// $22.32/h, Azure ND96isr_H100_v5 $98.32/h in eastus. Azure's NC H100 v5 are H100
// NVL cards (azure.csv: Standard_NC40ads_H100_v5,...,6.98,2.192418,eastus): the
// name rule goes by instance type. GCP rows are worked in the next test.
TEST(SplitCloudList, TrimsAndDropsEmptyNames) {
  using ::testing::ElementsAre;
  EXPECT_THAT(split_cloud_list("aws,gcp"), ElementsAre("aws", "gcp"));
  EXPECT_THAT(split_cloud_list(" aws , gcp,,\tlambda, "), ElementsAre("aws", "gcp", "lambda"));
  EXPECT_THAT(split_cloud_list("moon"), ElementsAre("moon"));  // checked by its users
  EXPECT_TRUE(split_cloud_list("").empty());
  EXPECT_TRUE(split_cloud_list(" , ").empty());
}

TEST(InstanceCatalog, BuiltInPricesFromTheSources) {
  struct Expected {
    std::string cloud, type, region, gpu_id;
    int gpus;
    double on_demand_usd_per_hour;
    std::string date;
  };
  const std::vector<Expected> rows = {
      {"aws", "p5.48xlarge", "us-east-1", "h100-sxm", 8, 55.04, "2026-01-21"},
      {"aws", "p4de.24xlarge", "us-east-1", "a100-80gb-sxm", 8, 27.44705, "2026-01-21"},
      {"lambda", "gpu_1x_h100_sxm5", "asia-south-1", "h100-sxm", 1, 4.29, "2026-05-07"},
      {"lambda", "gpu_1x_h100_pcie", "asia-south-1", "h100-pcie", 1, 3.29, "2026-05-07"},
      {"lambda", "gpu_8x_a100_80gb_sxm4", "asia-south-1", "a100-80gb-sxm", 8, 22.32, "2026-05-07"},
      {"azure", "Standard_ND96isr_H100_v5", "eastus", "h100-sxm", 8, 98.32, "2026-05-20"},
      {"azure", "Standard_NC40ads_H100_v5", "eastus", "h100-nvl", 1, 6.98, "2026-05-20"},
      {"gcp", "a3-highgpu-8g", "us-central1", "h100-sxm", 8, 9.46006 + 33.60609, "2026-05-20"},
  };
  for (const Expected& e : rows) {
    const Instance* i = find(instance_catalog(), e.cloud, e.type, e.region);
    ASSERT_NE(i, nullptr) << e.type;
    EXPECT_EQ(i->gpu_id, e.gpu_id) << e.type;
    EXPECT_EQ(i->gpu_count, e.gpus) << e.type;
    EXPECT_DOUBLE_EQ(i->on_demand_usd_per_hour, e.on_demand_usd_per_hour) << e.type;
    EXPECT_EQ(i->date, e.date) << e.type;
  }
}

// p5.48xlarge: 55.04 / 8 = $6.88 per GPU-hour; the vantage file has no spot and no
// reserved price for p5; p4de's reserved price is $17.401365/h.
TEST(InstanceCatalog, BuiltInAwsDetails) {
  const Instance* p5 = find(instance_catalog(), "aws", "p5.48xlarge", "us-east-1");
  ASSERT_NE(p5, nullptr);
  EXPECT_EQ(p5->accelerator_name, "H100");
  EXPECT_EQ(p5->vcpus, 192);
  EXPECT_EQ(p5->ram_gib, 2048);
  EXPECT_DOUBLE_EQ(p5->on_demand_usd_per_gpu_hour(), 6.88);
  EXPECT_FALSE(p5->spot_usd_per_hour.has_value());
  EXPECT_FALSE(p5->reserved_1y_usd_per_hour.has_value());
  const Instance* p4de = find(instance_catalog(), "aws", "p4de.24xlarge", "us-east-1");
  ASSERT_NE(p4de, nullptr);
  EXPECT_DOUBLE_EQ(p4de->reserved_1y_usd_per_hour.value_or(0), 17.401365);
}

// data/instances/gcp.csv, us-central1-a:
//   a3-highgpu-8g,208.0,1872.0,,,,us-central1,us-central1-a,9.46006,3.86318
//   ,,,H100,8,{...},us-central1,us-central1-a,33.60609,32.0104
// a3-highgpu-8g = VM + GPU row: 9.46006 + 33.60609 = $43.06615/h on demand and
// 3.86318 + 32.0104 = $35.87358/h spot, with the VM's 208 vCPUs and 1,872 GiB.
// Zones b and c repeat the same prices. us-east4 pays 9.46006 + 78.37241.
TEST(InstanceCatalog, BuiltInGcpJoinsTheVmAndItsGpus) {
  const InstanceCatalog& c = instance_catalog();
  const Instance* a3 = find(c, "gcp", "a3-highgpu-8g", "us-central1");
  ASSERT_NE(a3, nullptr);
  EXPECT_EQ(a3->vcpus, 208);
  EXPECT_EQ(a3->ram_gib, 1872);
  EXPECT_DOUBLE_EQ(a3->spot_usd_per_hour.value_or(0), 3.86318 + 32.0104);
  const Instance* east = find(c, "gcp", "a3-highgpu-8g", "us-east4");
  ASSERT_NE(east, nullptr);
  EXPECT_DOUBLE_EQ(east->on_demand_usd_per_hour, 9.46006 + 78.37241);
  // $43.07/h is under half the other regions' median: flagged, not dropped.
  ASSERT_EQ(a3->warnings.size(), 1u);
  EXPECT_THAT(a3->warnings[0],
              HasSubstr("gcp: a3-highgpu-8g (8 x h100-sxm) in us-central1: on-demand "
                        "$43.07/h is 0.45x the median"));
  // SOURCES.md §4: the 8 x A100-80GB GPU row's spot (15.712) is above its
  // on-demand (14.76958) in us-central1.
  const Instance* a2 = find(c, "gcp", "a2-ultragpu-8g", "us-central1");
  ASSERT_NE(a2, nullptr);
  EXPECT_THAT(a2->warnings,
              Contains("gcp: a2-ultragpu-8g (8 x a100-80gb-sxm) in us-central1: the GPU row's "
                       "spot $15.71/h is above its on-demand $14.77/h"));
}

TEST(InstanceCatalog, BuiltInReportsUnknownAcceleratorsOncePerName) {
  const auto& warnings = instance_catalog().warnings;
  EXPECT_THAT(warnings, Contains("aws: unknown accelerator 'AWS Inferentia2' in 53 rows; skipped"));
  EXPECT_THAT(warnings, Contains("gcp: unknown accelerator 'P100' in 36 rows; skipped"));
  EXPECT_THAT(warnings, Contains("aws: accelerator 'V100-32GB' not mapped (p3dn has 32 GB V100s; "
                                 "data/gpus.csv holds only the 16 GB V100) in 6 rows; skipped"));
  for (const Instance& i : instance_catalog().instances) {
    EXPECT_FALSE(i.gpu_id.empty()) << i.instance_type;
    EXPECT_GE(i.gpu_count, 1) << i.instance_type;
    EXPECT_GT(i.on_demand_usd_per_hour, 0) << i.instance_type;
  }
}

// A GPU row pairs with its machine type's VM row in the same zone only; a zone
// without the VM row is reported, and CPU-only VMs are left out.
TEST(InstanceCatalog, GcpGpuRowsWithoutTheirVmAreSkipped) {
  const InstanceCatalog c = parse_one("gcp",
                                      "InstanceType,vCPUs,MemoryGiB,AcceleratorName,"
                                      "AcceleratorCount,GpuInfo,Region,AvailabilityZone,Price,"
                                      "SpotPrice\n"
                                      "g2-standard-24,24,96,,,,r1,r1-a,1.0,0.5\n"
                                      "n2-standard-8,8,32,,,,r1,r1-a,0.4,0.1\n"
                                      ",,,L4,2,{},r1,r1-a,1.5,\n"
                                      ",,,L4,2,{},r1,r1-b,1.5,0.6\n");
  ASSERT_EQ(c.instances.size(), 1u);
  EXPECT_EQ(c.instances[0].instance_type, "g2-standard-24");
  EXPECT_DOUBLE_EQ(c.instances[0].on_demand_usd_per_hour, 2.5);
  EXPECT_FALSE(c.instances[0].spot_usd_per_hour.has_value());  // the GPU row has none
  EXPECT_THAT(c.warnings, Contains("gcp: 2 x L4 GPU rows with no g2-standard-24 VM row in their "
                                   "zone in 1 row; skipped"));
}

// SkyPilot's AWS catalog lists zones: a region's row takes the lowest price of
// each kind (spot 19.2531 in use1-az2 below 55.04 in use1-az1).
TEST(InstanceCatalog, ZonesOfARegionMerge) {
  const InstanceCatalog c = parse_one(
      "aws",
      "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region,"
      "AvailabilityZone,Arch\n"
      "p5.48xlarge,H100,8.0,192.0,2048.0,55.04,55.040000,us-east-1,use1-az1,x86_64\n"
      "p5.48xlarge,H100,8.0,192.0,2048.0,55.04,19.253100,us-east-1,use1-az2,x86_64\n"
      "p5.48xlarge,H100,8.0,192.0,2048.0,68.8,,us-west-1,usw1-az1,x86_64\n");
  ASSERT_EQ(c.instances.size(), 2u);
  EXPECT_EQ(c.instances[0].region, "us-east-1");
  EXPECT_DOUBLE_EQ(c.instances[0].spot_usd_per_hour.value_or(0), 19.2531);
  EXPECT_FALSE(c.instances[1].spot_usd_per_hour.has_value());
}

constexpr const char* kVastHeader =
    "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,"
    "Region\n";

TEST(InstanceCatalog, SuspiciousAndUnpricedRows) {
  const InstanceCatalog c =
      parse_one("vast", std::string(kVastHeader) +
                            "1x-L40S,L40S,1,32,64,{},0.60,0.90,\"Japan, JP, AS\"\n"
                            "2x-L40S,L40S,2,32,64,{},1.20,0.00,Norway\n"
                            "4x-L40S,L40S,4,32,64,{},0,,Norway\n"
                            "1x-TPU,TPUv9,1,8,16,{},1.0,,Norway\n"
                            "1x-TPU,TPUv9,1,8,16,{},1.0,,Iceland\n");
  ASSERT_EQ(c.instances.size(), 2u);
  EXPECT_THAT(c.instances[0].warnings,
              Contains("vast: 1x-L40S (1 x l40s) in Japan, JP, AS: spot $0.90/h is above "
                       "on-demand $0.60/h"));
  EXPECT_FALSE(c.instances[1].spot_usd_per_hour.has_value());
  EXPECT_EQ(c.warnings,
            (std::vector<std::string>{
                "vast: on-demand price <= 0 in 1 row (first: 4x-L40S in Norway: 0); rows skipped",
                "vast: spot price <= 0 in 1 row (first: 2x-L40S in Norway: 0); spot left empty",
                "vast: unknown accelerator 'TPUv9' in 2 rows; skipped"}));
}

// Azure writes Generation "V1,V2" unquoted; a fraction of a GPU is left out.
TEST(InstanceCatalog, AzureQuirks) {
  const InstanceCatalog c = parse_one(
      "azure",
      "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,"
      "Region,Generation\n"
      "Standard_NC4as_T4_v3,T4,1,4,28,T4,0.526,0.1,eastus,V1,V2\n"
      "Standard_NV12ads_A10_v5,A10,0.333,12,110,A10,0.908,0.2,eastus,V2\n");
  ASSERT_EQ(c.instances.size(), 1u);
  EXPECT_EQ(c.instances[0].gpu_id, "t4");
  EXPECT_EQ(c.warnings, std::vector<std::string>{"azure: Standard_NV12ads_A10_v5 with 0.333 x A10 "
                                                 "(not a whole number of GPUs) in 1 row; skipped"});
}

TEST(InstanceCatalog, MalformedFilesNameFileLineColumnAndValue) {
  const std::string header = kVastHeader;
  EXPECT_EQ(error_of("vast", header + "1x-L40S,L40S,1,32,64,{},abc,,Japan\n"),
            "vast.csv:2: column 'Price' must be a number (got 'abc')");
  EXPECT_EQ(error_of("vast", header + "1x-L40S,L40S,1,32,64,{},1,cheap,Japan\n"),
            "vast.csv:2: column 'SpotPrice' must be a number or empty (got 'cheap')");
  EXPECT_EQ(error_of("vast", header + "1x-L40S,L40S,1,32,64,{},,,Japan\n"),
            "vast.csv:2: column 'Price' must be a number (got '')");
  EXPECT_EQ(error_of("vast",
                     "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price\n"
                     "1x-L40S,L40S,1,32,64,1\n"),
            "vast.csv: missing column 'Region'");
  EXPECT_EQ(error_of("lambda", header + "1x-L40S,L40S,1,32,64,{},1,2,Japan,extra\n"),
            "lambda.csv:2: 10 fields where the header has 9");
}

class LoadFromDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("llmtco-instances-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "vast");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

// The cloud comes from the file name (vast.csv, vast_2026.csv) or the directory's
// (SkyPilot's vast/vms.csv); a file of neither names the choices.
TEST_F(LoadFromDisk, CloudFromTheFileOrDirectoryName) {
  const std::string rows = std::string(kVastHeader) + "1x-L40S,L40S,1,32,64,{},0.6,,Japan\n";
  std::ofstream(dir_ / "vast" / "vms.csv") << rows;
  std::ofstream(dir_ / "vast_2026.csv") << rows;
  const InstanceCatalog c = load_instance_catalog({dir_.string()});
  ASSERT_EQ(c.instances.size(), 2u);
  EXPECT_EQ(c.instances[0].cloud, "vast");
  EXPECT_EQ(c.instances[0].date, "");
  ASSERT_EQ(c.sources.size(), 2u);

  std::ofstream(dir_ / "prices.csv") << rows;
  try {
    load_instance_catalog({(dir_ / "prices.csv").string()});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              (dir_ / "prices.csv").string() +
                  ": cannot tell which cloud the prices are for; name the file CLOUD.csv or put "
                  "it in a directory named CLOUD (CLOUD: "
                  "aws, azure, cudo, do, fluidstack, gcp, hyperbolic, lambda, nebius, oci, "
                  "paperspace, primeintellect, runpod, shadeform, vast, verda)");
  }
  EXPECT_THROW(load_instance_catalog({(dir_ / "none.csv").string()}), InputError);
}

// The snapshot directory read from disk is the built-in catalog.
TEST_F(LoadFromDisk, SnapshotDirectoryEqualsTheBuiltInCatalog) {
  const InstanceCatalog disk =
      load_instance_catalog({std::string(LLMTCO_SOURCE_DIR) + "/data/instances"});
  ASSERT_EQ(disk.instances.size(), instance_catalog().instances.size());
  EXPECT_EQ(disk.warnings, instance_catalog().warnings);
  EXPECT_EQ(disk.sources[0].date, "2026-01-21");
}

// The snapshot keeps every row the reader uses: the full upstream files (when this
// checkout sits beside ../shared) give the same instances and prices.
TEST_F(LoadFromDisk, SnapshotLosesNothingFromUpstream) {
  const std::filesystem::path upstream =
      std::filesystem::path(LLMTCO_SOURCE_DIR) / "../shared/data/cloud_prices";
  if (!std::filesystem::exists(upstream)) GTEST_SKIP() << "no " << upstream;
  std::vector<std::string> paths;
  for (const char* f :
       {"aws/gpu_instances_vantage.csv", "azure/vms.csv", "cudo/vms.csv", "do/vms.csv",
        "fluidstack/vms.csv", "gcp/vms.csv", "hyperbolic/vms.csv", "lambda/vms_skypilot_v9.csv",
        "nebius/vms.csv", "oci/vms.csv", "paperspace/vms.csv", "primeintellect/vms.csv",
        "runpod/vms.csv", "shadeform/vms.csv", "vast/vms.csv", "verda/vms.csv"}) {
    paths.push_back((upstream / f).string());
  }
  const InstanceCatalog full = load_instance_catalog(paths);
  const InstanceCatalog& snapshot = instance_catalog();
  ASSERT_EQ(full.instances.size(), snapshot.instances.size());
  for (std::size_t i = 0; i < full.instances.size(); ++i) {
    const Instance& a = full.instances[i];
    const Instance& b = snapshot.instances[i];
    EXPECT_EQ(std::tie(a.cloud, a.instance_type, a.gpu_id, a.gpu_count, a.region),
              std::tie(b.cloud, b.instance_type, b.gpu_id, b.gpu_count, b.region));
    EXPECT_EQ(a.on_demand_usd_per_hour, b.on_demand_usd_per_hour) << b.instance_type;
    EXPECT_EQ(a.spot_usd_per_hour, b.spot_usd_per_hour) << b.instance_type;
  }
}

}  // namespace
}  // namespace llmtco
