// End-to-end tests of bought servers in compare (self_host.purchase): the line items
// and the payback month in JSON at full precision and in text, consistent with the
// deployment the search picks; the growth chart's cash series; and the bad values.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace llmtco_test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class PurchaseCli : public Cli {
 protected:
  std::string buyer() const {
    return std::string(LLMTCO_SOURCE_DIR) + "/examples/buyers/gpt-4o-2b-per-day.yaml";
  }
};

double figure(const json& report, const std::string& id) {
  for (const auto& f : report["figures"]) {
    if (f["id"] == id) return f["value"].get<double>();
  }
  ADD_FAILURE() << "no figure " << id;
  return 0;
}

TEST_F(PurchaseCli, LinesSumAndPaybackInJson) {
  const Result r = run({"compare", buyer(), "--set", "self_host.purchase.enabled=true", "--format",
                        "json", "--samples", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  // One server's month is the sum of its four lines, each a figure.
  const double capital = figure(j, "purchase_capital_usd_per_month");
  const double power = figure(j, "purchase_power_usd_per_month");
  const double colo = figure(j, "purchase_colocation_usd_per_month");
  const double support = figure(j, "purchase_support_usd_per_month");
  EXPECT_NEAR(figure(j, "purchase_server_usd_per_month"), capital + power + colo + support, 1e-9);
  // The lines table: servers x the server's month on the total row.
  const json& lines = j["purchase"];
  ASSERT_FALSE(lines.empty());
  const json& total = lines.back();
  EXPECT_EQ(total["line"], "total");
  EXPECT_NEAR(total["usd_per_month"].get<double>(), figure(j, "purchase_usd_per_month"), 1e-6);
  // The payback month is the first whose cumulative API bill reaches buying's cash.
  const json& months = j["purchase_payback"];
  ASSERT_EQ(months.size(), 24u);  // the buyer's horizon
  const auto paid = static_cast<std::size_t>(figure(j, "purchase_payback_month"));
  EXPECT_GE(months[paid]["cumulative_api_usd"].get<double>(),
            months[paid]["cumulative_buy_usd"].get<double>());
  if (paid > 0) {
    EXPECT_LT(months[paid - 1]["cumulative_api_usd"].get<double>(),
              months[paid - 1]["cumulative_buy_usd"].get<double>());
  }
  // Paid up front (financed: false): month 0's capital is the servers' price.
  EXPECT_NEAR(months[0]["capital_usd"].get<double>(),
              months[0]["bought"].get<double>() * figure(j, "purchase_price_usd"), 1e-6);
  // The growth view draws buying's cash.
  bool drawn = false;
  for (const auto& s : j["charts"]["growth_cumulative"]["series"]) {
    drawn = drawn || s["name"] == "Bought servers (cash)";
  }
  EXPECT_TRUE(drawn);
  EXPECT_EQ(j["charts"]["growth_cumulative"]["markers"].back()["label"], "buying pays back");
}

TEST_F(PurchaseCli, TextShowsLinesAndPayback) {
  const Result r = run({"compare", buyer(), "--set", "self_host.purchase.enabled=true", "--set",
                        "self_host.purchase.server=hgx-h100-8gpu", "--samples", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Bought servers: "));
  EXPECT_THAT(r.out, HasSubstr("OEM HGX H100 8-GPU server"));
  EXPECT_THAT(r.out, HasSubstr("colocation"));
  EXPECT_THAT(r.out, HasSubstr("pays back in month"));
}

TEST_F(PurchaseCli, OffByDefault) {
  const Result r = run({"compare", buyer(), "--format", "json", "--samples", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("purchase_")));
}

TEST_F(PurchaseCli, BadValuesExitTwoNamingFieldValueAndValid) {
  const std::string unknown =
      "self_host.purchase.server: unknown server 'dgx-h1000' (valid: auto, dgx-a100-640gb, "
      "hgx-h100-8gpu, hgx-h200-8gpu, dgx-b200, ws-l40s, ws-rtx-4090)";
  expect_input_error({"compare", buyer(), "--set", "self_host.purchase.enabled=true", "--set",
                      "self_host.purchase.server=dgx-h1000"},
                     unknown);
  // Checked with purchase off too: a typo does not pass unnoticed.
  expect_input_error({"compare", buyer(), "--set", "self_host.purchase.server=dgx-h1000"}, unknown);
  const Result negative = run({"compare", buyer(), "--set", "self_host.purchase.price_usd=-5"});
  EXPECT_EQ(negative.exit_code, 2);
  EXPECT_THAT(negative.err, HasSubstr("self_host.purchase.price_usd"));
  EXPECT_THAT(negative.err, HasSubstr("-5"));
  const Result pue = run({"compare", buyer(), "--set", "self_host.purchase.pue=0.9"});
  EXPECT_EQ(pue.exit_code, 2);
  EXPECT_THAT(pue.err, HasSubstr("self_host.purchase.pue"));
  EXPECT_THAT(pue.err, HasSubstr("between 1 and 5"));
  const Result on = run({"compare", buyer(), "--set", "self_host.purchase.enabled=yes"});
  EXPECT_EQ(on.exit_code, 2);
  EXPECT_THAT(on.err, HasSubstr("must be one of: false, true"));
}

}  // namespace
}  // namespace llmtco_test
