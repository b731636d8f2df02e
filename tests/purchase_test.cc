// Bought servers (purchase.h): one server's month line by line from the shipped
// catalog's HGX H100 and the seed scenario's purchase defaults, worked by hand; the
// pseudo-instances at that cost an hour; the catalog's checks; the bad values; and
// the payback month of a hand-made cost model, in cash and financed.
#include "llmtco/purchase.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "field_error.h"
#include "llmtco/error.h"
#include "llmtco/units.h"
#include "shipped.h"

namespace llmtco {
namespace {

const ServerPrice& server(const std::string& id) {
  for (const ServerPrice& s : shipped().servers) {
    if (s.id == id) return s;
  }
  throw std::runtime_error("no server " + id);
}

TEST(Purchase, AnnuityWithResidualAndStraightLine) {
  // Straight line at rate 0: (280,000 - 28,000) / 60 = 4,200.
  EXPECT_DOUBLE_EQ(annuity_usd_per_month(280000, 28000, 0, 60), 4200);
  // r = 0.08 / 12 = 0.0066667, n = 60: (1 + r)^60 = 1.489846; the residual's present
  // value 28,000 / 1.489846 = 18,793.9; 280,000 - 18,793.9 = 261,206.1; x r / (1 -
  // 1 / 1.489846) = x 0.0066667 / 0.328790 = x 0.0202764 -> 5,296.32.
  EXPECT_NEAR(annuity_usd_per_month(280000, 28000, 0.08, 60), 5296.32, 0.01);
  // No residual, one month at 12% a year: the price and a month's interest, 1.01 x P.
  EXPECT_NEAR(annuity_usd_per_month(1000, 0, 0.12, 1), 1010, 1e-9);
}

TEST(Purchase, HgxH100MonthLineByLine) {
  const PurchaseSpec spec;  // the seed file's defaults
  const ServerPrice& h100 = server("hgx-h100-8gpu");
  // data/servers/servers.csv: $280,000, host 2,300 W, 10,200 W at most; H100 SXM TDP
  // 700 W (data/gpus.csv).
  const ServerMonth m = server_month(spec, h100, 700, 2.0);
  EXPECT_DOUBLE_EQ(m.price_usd, 280000);
  EXPECT_DOUBLE_EQ(m.residual_usd, 28000);              // x residual_share 0.1
  EXPECT_NEAR(m.capital_usd_per_month, 5296.32, 0.01);  // the annuity above
  // Utilisation 1 / peak_to_average = 0.5; 8 x 700 x (0.15 + 0.85 x 0.5) = 5,600 x
  // 0.575 = 3,220 W; + 2,300 host = 5,520 W.
  EXPECT_DOUBLE_EQ(m.utilisation, 0.5);
  EXPECT_NEAR(m.gpu_watts, 3220, 1e-9);
  EXPECT_NEAR(m.it_watts, 5520, 1e-9);
  // 5.52 kW x PUE 1.56 x 730 h x $0.13 = 8.6112 x 730 x 0.13 = 817.20.
  EXPECT_NEAR(m.power_usd_per_month, 817.20288, 1e-6);
  // 10.2 kW x $184 = 1,876.80.
  EXPECT_NEAR(m.colocation_usd_per_month, 1876.8, 1e-9);
  // 280,000 x 0.08 / 12 = 1,866.67.
  EXPECT_NEAR(m.support_usd_per_month, 1866.6667, 1e-4);
  // 5,296.32 + 817.20 + 1,876.80 + 1,866.67 = 9,856.99.
  EXPECT_NEAR(m.total_usd_per_month, 9856.99, 0.01);
}

TEST(Purchase, BuyersPriceReplacesTheCatalogs) {
  PurchaseSpec spec;
  spec.price_usd = 200000;
  spec.financing_rate_per_year = 0;
  const ServerMonth m = server_month(spec, server("hgx-h100-8gpu"), 700, 2.0);
  // (200,000 - 20,000) / 60 = 3,000; support 200,000 x 0.08 / 12 = 1,333.33.
  EXPECT_DOUBLE_EQ(m.capital_usd_per_month, 3000);
  EXPECT_NEAR(m.support_usd_per_month, 1333.333, 1e-3);
}

TEST(Purchase, PseudoInstancesCostTheirMonthAnHour) {
  Scenario s;
  s.self_host.purchase.enabled = "true";
  const std::vector<Instance> bought = purchase_instances(shipped(), s);
  ASSERT_EQ(bought.size(), shipped().servers.size());  // auto: every server
  const auto h100 = std::find_if(bought.begin(), bought.end(), [](const Instance& i) {
    return i.instance_type == "hgx-h100-8gpu";
  });
  ASSERT_NE(h100, bought.end());
  EXPECT_EQ(h100->cloud, "purchase");
  EXPECT_EQ(h100->region, "on-premises");
  EXPECT_EQ(h100->gpu_count, 8);
  // 9,856.99 / 730 = 13.5027 an hour, whatever the pricing.
  EXPECT_NEAR(h100->on_demand_usd_per_hour, 9856.9876 / 730, 1e-6);
  EXPECT_EQ(h100->spot_usd_per_hour, h100->on_demand_usd_per_hour);
  EXPECT_EQ(h100->reserved_1y_usd_per_hour, h100->on_demand_usd_per_hour);
  EXPECT_TRUE(is_purchase(*h100));
  s.self_host.purchase.server = "ws-l40s";
  ASSERT_EQ(purchase_instances(shipped(), s).size(), 1u);
}

TEST(Purchase, CatalogNamesKnownGpusAndSources) {
  ASSERT_GE(shipped().servers.size(), 5u);
  for (const ServerPrice& s : shipped().servers) {
    SCOPED_TRACE(s.id);
    const Gpu* gpu = gpu_spec(shipped(), s.gpu_id);
    ASSERT_NE(gpu, nullptr);
    EXPECT_GT(gpu->tdp_watts, 0);
    EXPECT_GE(s.gpu_count, 1);
    EXPECT_GT(s.price_usd, 0);
    // The provisioned power holds the GPUs at TDP and the host.
    EXPECT_GE(s.max_system_watts, s.gpu_count * gpu->tdp_watts + s.host_watts);
    EXPECT_EQ(s.date.size(), 10u);
    EXPECT_NE(s.source.find("recalled"), std::string::npos);
  }
}

TEST(Purchase, BadServerAndPriceNameFieldValueAndValid) {
  PurchaseSpec spec;
  spec.server = "dgx-h1000";
  EXPECT_EQ(input_error([&] { purchase_servers(shipped(), spec); }),
            "self_host.purchase.server: unknown server 'dgx-h1000' (valid: auto, dgx-a100-640gb, "
            "hgx-h100-8gpu, hgx-h200-8gpu, dgx-b200, ws-l40s, ws-rtx-4090)");
  spec.server = "auto";
  spec.price_usd = 250000;
  EXPECT_EQ(input_error([&] { purchase_servers(shipped(), spec); }),
            "self_host.purchase.price_usd: 250000 is one server's price and needs "
            "self_host.purchase.server to name that server (valid: dgx-a100-640gb, "
            "hgx-h100-8gpu, hgx-h200-8gpu, dgx-b200, ws-l40s, ws-rtx-4090)");
}

// A hand-made model: 100M tokens a day of 1,000 in and 500 out (1,500 a request),
// peak 2, the API at $3 / $6 per 1M: blended 2/3 x 3 + 1/3 x 6 = $4 per 1M, so
// 100M x 730/24 days x 4 / 1M = $12,166.67 a month. One bought option carrying
// 2 requests/s; the peak is 100M / 1,500 / 86,400 x 2 = 1.543 requests/s: 1 working
// + 1 spare = 2 servers. Staff $120,000 a year = $10,000 a month; no disk, egress
// or fine-tuning.
struct HandModel {
  Instance instance{.cloud = "purchase", .instance_type = "hand", .gpu_count = 1};
  CostModel model;
  ServerMonth month;
  HandModel(double growth, bool financed) {
    Scenario& s = model.scenario;
    s.workload.tokens_per_day = 100e6;
    s.workload.monthly_growth = growth;
    s.workload.horizon_months = 60;
    s.self_host.staff_usd_per_year = 120000;
    s.self_host.egress_usd_per_gb = 0;
    s.self_host.storage_usd_per_gb_month = 0;
    s.self_host.purchase.financed = financed ? "true" : "false";
    model.api = {.input_usd_per_1m = 3, .output_usd_per_1m = 6};
    model.profile = hourly_profile(s.workload);
    model.frontier.push_back(
        {.instance = &instance, .usd_per_hour = 1, .replica_requests_per_s = 2.0});
    // Price $20,000; running lines $300 + $200 + $100 = $600 a server a month.
    month = {.price_usd = 20000,
             .capital_usd_per_month = 500,
             .power_usd_per_month = 300,
             .colocation_usd_per_month = 200,
             .support_usd_per_month = 100};
  }
};

TEST(Purchase, PaybackInCashWithoutGrowth) {
  const HandModel h(0, false);
  const Payback p = payback(h.model, h.model.frontier.front(), h.month);
  ASSERT_EQ(p.months.size(), 60u);
  EXPECT_FALSE(p.financed);
  // Month 0: 2 x 20,000 up front + 2 x 600 + 10,000 = 51,200; then 11,200 a month.
  EXPECT_EQ(p.months[0].servers, 2);
  EXPECT_EQ(p.months[0].bought, 2);
  EXPECT_DOUBLE_EQ(p.months[0].capital_usd, 40000);
  EXPECT_DOUBLE_EQ(p.months[0].running_usd, 11200);
  EXPECT_NEAR(p.months[0].api_usd, 12166.667, 1e-3);
  EXPECT_DOUBLE_EQ(p.months[1].capital_usd, 0);
  // The API gains 12,166.67 - 11,200 = 966.67 a month on 40,000 paid: (m + 1) x
  // 966.67 >= 40,000 first at m + 1 = 42 (41.38 rounded up), month 41.
  ASSERT_TRUE(p.month);
  EXPECT_EQ(*p.month, 41);
  EXPECT_LT(p.months[40].cumulative_api_usd, p.months[40].cumulative_buy_usd);
  EXPECT_GE(p.months[41].cumulative_api_usd, p.months[41].cumulative_buy_usd);
}

TEST(Purchase, PaybackWithGrowthBuysAServerWhenThePeakOutgrowsOne) {
  const HandModel h(0.1, false);
  const Payback p = payback(h.model, h.model.frontier.front(), h.month);
  // Month 3: the peak 1.543 x 1.1^3 = 2.054 requests/s > 2: 2 working + 1 spare, one
  // bought (20,000) and 3 x 600 + 10,000 = 11,800 running.
  EXPECT_EQ(p.months[2].servers, 2);
  EXPECT_EQ(p.months[3].servers, 3);
  EXPECT_EQ(p.months[3].bought, 1);
  EXPECT_DOUBLE_EQ(p.months[3].capital_usd + p.months[3].running_usd, 31800);
  // Cumulative API to month m: 12,166.67 x (1.1^(m+1) - 1) / 0.1; buying 60,000 +
  // 11,200 x 3 + 11,800 x (m - 2) from month 3. Month 7: 139,137 < 152,600; month 8:
  // 12,166.67 x 13.5795 = 165,217 >= 164,400.
  ASSERT_TRUE(p.month);
  EXPECT_EQ(*p.month, 8);
  EXPECT_NEAR(p.months[8].cumulative_api_usd, 165216.97, 0.01);
  EXPECT_DOUBLE_EQ(p.months[8].cumulative_buy_usd, 164400);
}

TEST(Purchase, PaybackFinancedPaysTheCapitalLine) {
  HandModel h(0, true);
  h.model.scenario.self_host.staff_usd_per_year = 0;
  const Payback p = payback(h.model, h.model.frontier.front(), h.month);
  EXPECT_TRUE(p.financed);
  // No cash up front: 2 x 500 capital + 2 x 600 running = 2,200 a month against the
  // API's 12,166.67: it pays back in month 0.
  EXPECT_DOUBLE_EQ(p.months[0].capital_usd, 1000);
  EXPECT_DOUBLE_EQ(p.months[0].running_usd, 1200);
  ASSERT_TRUE(p.month);
  EXPECT_EQ(*p.month, 0);
}

TEST(Purchase, HorizonWithoutPayback) {
  HandModel h(0, false);
  h.model.scenario.workload.horizon_months = 24;  // month 41 lies past it
  EXPECT_FALSE(payback(h.model, h.model.frontier.front(), h.month).month);
}

}  // namespace
}  // namespace llmtco
