// Scenario: the inputs of one rent-or-own decision. The in-class defaults are the
// seed article's scenario (examples/seed-article.yaml holds the same values; a
// test keeps the two equal); the physics method's own defaults (tokens per word,
// the open model by rule) are realistic ones, and the article's rules of thumb keep
// their inputs in `article`. scenario_fields() is the schema: every field with its
// dotted path, unit and valid range, which the YAML reader, --set and the JSON
// output all use.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace llmtco {

// How requests arrive and how their lengths vary around their means (the
// simulator's RequestShape, simulate.h). The default: Poisson arrivals and every
// request the same size.
struct RequestShapeSpec {
  std::string arrivals = "poisson";     // poisson|gamma
  double burstiness_cv = 1.0;           // gamma: the gaps' coefficient of variation; > 0
  std::string input_length = "fixed";   // fixed|uniform|lognormal
  double input_cv = 0.0;                // the input lengths' spread over their mean; >= 0
  std::string output_length = "fixed";  // fixed|uniform|lognormal
  double output_cv = 0.0;               // the output lengths' spread over their mean; >= 0
};

// The traffic and how text is measured.
struct WorkloadSpec {
  // Input plus output tokens a day: the article's serving break-even volume
  // ($177.60/day over $0.004 per 1K blended tokens); > 0. The volume may be given
  // instead as requests_per_day, words_per_day or api.monthly_spend_usd (0: not
  // given); with_volume() (resolve.h) derives tokens_per_day from the one given.
  double tokens_per_day = 44.4e6;
  double requests_per_day = 0;  // x tokens per request; 0 or > 0
  double words_per_day = 0;     // x tokens_per_word; 0 or > 0
  // OpenAI's rule for English text: a token is about three quarters of a word
  // (help.openai.com, "What are tokens"), 1.33 tokens a word; > 0. The article's
  // two tokens a word is article.tokens_per_word.
  double tokens_per_word = 1.33;
  double words_per_page = 300.0;  // article: words on an A4 page; > 0
  // Tokens per request, in and out; the article fixes only their 2:1 ratio.
  double input_tokens_per_request = 1000.0;  // > 0
  double output_tokens_per_request = 500.0;  // > 0
  // The busiest hour's traffic over the day's average (ours); >= 1.
  double peak_to_average = 2.0;
  // The day's shape: 24 non-negative weights, UTC hours 0 to 23, comma-separated
  // (shares, or counts: they are normalised). Empty: a raised cosine peaking at
  // 14:00 with peak_to_average (daily_profile in verdict.h); given, it sets
  // peak_to_average (0 while it is to be derived, see replace_given_groups).
  std::string hourly_profile;
  // The busiest minute's traffic over its hour's average minute, for the API's rate
  // limits; >= 1, or 0: derived from the arrivals (rate_limits.h).
  double peak_minute_factor = 0;
  double cached_input_share = 0.0;  // input tokens the API bills at its cached price; 0..1
  // Input tokens written to the prompt cache, billed at the API's cache-write price
  // (Anthropic: 1.25x input); 0..1, and cached_input_share + this <= 1.
  double cache_write_share = 0.0;
  double batch_share = 0.0;      // tokens sent through the API's batch interface; 0..1
  double monthly_growth = 0.0;   // traffic growth per month, 0.1 = 10%; > -1
  int horizon_months = 24;       // months the growth view covers; 1 to 120
  double bytes_per_token = 4.0;  // bytes of text per token, for egress (OpenAI: ~4 chars); > 0
  // How requests arrive and how their lengths vary around the two means above.
  RequestShapeSpec request_shape;
};

// The API offer: token prices in USD per million tokens (> 0).
struct ApiSpec {
  // A key of the API price catalog (llmtco catalog apis); its prices are the physics
  // method's. Empty: the physics method uses the three prices below, which a
  // report's scenario then shows as used (resolve.h, scenario_as_used).
  std::string model = "ft:gpt-3.5-turbo";
  double input_usd_per_1m = 3.00;      // fine-tuned GPT-3.5 Turbo input, $0.003 per 1K
  double output_usd_per_1m = 6.00;     // fine-tuned GPT-3.5 Turbo output, $0.006 per 1K
  double fine_tune_usd_per_1m = 8.00;  // GPT-3.5 Turbo fine-tuning (training), $0.008 per 1K
  // The month's API bill for the tokens, as a volume (workload.tokens_per_day's
  // note); 0: not given.
  double monthly_spend_usd = 0;
};

// The seed article's decision: its API offer and its open model.
inline constexpr std::string_view kArticleApiModel = "ft:gpt-3.5-turbo";
inline constexpr std::string_view kArticleOpenModel = "meta-llama/Llama-2-70b-hf";
// self_host.model's value that picks the open model by default_open_model's rule.
inline constexpr std::string_view kAutoOpenModel = "auto";

// The latency targets at the peak, held to a percentile of the requests (or to
// their mean) in a simulated run of the traffic.
struct LatencySpec {
  std::string statistic = "percentile";  // percentile|mean
  double percentile = 95.0;              // (0, 100), when statistic is percentile
  double ttft_ms = 2000.0;               // time to first token; > 0
  double tpot_ms = 50.0;                 // time per output token; > 0
};

// On-demand and spot instances started and stopped with the day's profile.
struct AutoscaleSpec {
  int min_instances = 1;       // working instances kept up all day; >= 1
  double lead_minutes = 10.0;  // an added instance starts (and bills) this early; 0 to 120
};

// Spot instances the cloud takes back (spot.h): how often, and how long a
// replacement takes to serve. The API serves the share lost meanwhile.
struct SpotSpec {
  // "cloud": the cloud's row of data/instances/spot_reclaims.csv; else the buyer's
  // figure, a number between 0 and 1 (0: never reclaimed).
  std::string reclaims_per_instance_hour = "cloud";
  // A replacement's boot and weight load before it serves: the autoscale lead's
  // default (10 minutes); 0 to 120.
  double replace_minutes = 10.0;
};

// Bought servers (on-premises or colocated) offered beside the rented instances
// (purchase.h; docs/methodology.md, "Bought servers", gives every formula and the
// sources of the defaults).
struct PurchaseSpec {
  std::string enabled = "false";  // false|true: off, nothing moves
  std::string server = "auto";    // a servers catalog id; auto: every server of it
  double price_usd = 0;           // one server, the buyer's own figure; 0: the catalog's
  // Recalled: Meta depreciates servers over 5.5 years, Alphabet and Microsoft over
  // 6 (their 2023 10-K filings); ours: five years. 1 to 240.
  int amortisation_months = 60;
  double residual_share = 0.1;  // ours: the resale value left at the end, of the price; 0..1
  // Recalled: the US bank prime loan rate was 8.5% from mid-2023 to late 2024
  // (Federal Reserve H.15); ours, rounded down for secured equipment loans. 0..1.
  double financing_rate_per_year = 0.08;
  // false|true: the price paid up front (the rate is then the cost of the cash), or
  // borrowed and repaid as the capital line; the payback's cash follows it.
  std::string financed = "false";
  double pue = 1.56;  // recalled: Uptime Institute Global Data Center Survey 2024's average
  // Recalled: the US average commercial retail price of 2024, about 13 cents (EIA
  // Electric Power Monthly, table 5.6.A).
  double usd_per_kwh = 0.13;
  // Recalled: CBRE North America Data Center Trends H1 2024, average asking rate
  // for 250-500 kW about $184 per kW a month; power billed apart.
  double colocation_usd_per_kw_month = 184;
  // Ours: hardware maintenance contracts at about 8% of the price a year (recalled
  // rule of thumb of 8-12% for enterprise servers).
  double support_share_per_year = 0.08;
  // Ours: an idle A100/H100 draws about 50-100 W of its 400-700 W TDP in reported
  // nvidia-smi readings (recalled); 0..1.
  double gpu_idle_share = 0.15;
};

// How the open model is self-hosted, and what owning costs besides compute.
struct SelfHostSpec {
  // A catalog name or a config.json path; "auto": default_open_model(api.model).
  std::string model = std::string(kAutoOpenModel);
  // Weight format; "auto" searches them; "checkpoint": the checkpoint's own
  // (quantization_config), bf16 unless quantized.
  std::string precision = "checkpoint";
  std::string engine = "vllm";                  // serving engine profile
  std::string clouds = "aws,azure,gcp,lambda";  // comma-separated
  // Region patterns, comma-separated, '*' matching any run of characters ("us-*,
  // europe-*", exact names too); empty: every region.
  std::string regions = "";
  std::string pricing = "on_demand";    // on_demand|spot|reserved_1y|reserved_3y
  std::string redundancy = "n_plus_1";  // none|n_plus_1|2n
  LatencySpec latency;                  // the latency targets at the peak
  AutoscaleSpec autoscale;              // scaling with the day (on_demand, spot)
  SpotSpec spot;                        // reclaims, when pricing is spot
  // Talent and maintenance; ours, chosen so that owning lands in the article's
  // $200k-250k+ range. >= 0.
  double staff_usd_per_year = 150000.0;
  double storage_usd_per_gb_month = 0.08;  // AWS EBS gp3, us-east-1; >= 0
  double egress_usd_per_gb = 0.09;         // AWS data transfer out to the internet; >= 0
  PurchaseSpec purchase;                   // bought servers beside the rented instances
};

// The fine-tuning both ways: the API's training price against a run on rented GPUs.
struct FineTuneSpec {
  // Tokens in the training set; >= 0. The article names no data set: 0 counts no
  // fine-tuning either way, so that renting stays a price per token.
  double dataset_tokens = 0;
  double epochs = 3.0;          // > 0
  std::string method = "lora";  // full|lora|qlora
  double retune_months = 1.0;   // months between re-tunings, the amortisation period; > 0
};

// The seed article's rules of thumb: the inputs of the "article" method only.
struct ArticleRules {
  double params = 70e9;                   // "70B" parameters; > 0
  double bytes_per_param = 2.0;           // bf16; > 0
  double lora_fraction = 0.001;           // LoRA trains 0.1% of the parameters; 0..1
  double lora_training_multiplier = 5.0;  // training memory = trainable memory x 5; >= 0
  double serving_headroom = 1.5;          // serving memory = weights x 1.5; >= 1
  double finetune_usd_per_hour = 2.80;    // AWS on-demand, fine-tuning; >= 0
  double serving_usd_per_hour = 3.70;     // AWS on-demand GPU, serving; >= 0
  double hours_per_day = 24.0;            // instances run all day; 0 < h <= 24
  double days_per_month = 30.0;           // 0 < d <= 31
  double days_per_year = 365.0;           // 0 < d <= 366
  int replicas = 2;                       // serving replicas including the spare; >= 1
  double tokens_per_word = 2.0;           // "most words are two tokens"; > 0
  // The article's API: fine-tuned GPT-3.5 Turbo, $0.003 / $0.006 per 1K tokens in
  // and out, $0.008 per 1K training tokens; > 0.
  double api_input_usd_per_1m = 3.00;
  double api_output_usd_per_1m = 6.00;
  double api_fine_tune_usd_per_1m = 8.00;
};

struct Scenario {
  std::string name = "Seed article: LLaMA 2 70B vs fine-tuned GPT-3.5 Turbo";
  WorkloadSpec workload;
  ApiSpec api;
  SelfHostSpec self_host;
  FineTuneSpec fine_tune;
  ArticleRules article;
};

// The open model "auto" stands for (ours, a stated rule, docs/compare.md): the
// article's LLaMA 2 70B against the article's GPT-3.5 Turbo family; Llama 3.1 8B
// Instruct against a small-tier offer (a key naming mini, nano, haiku, flash, lite
// or small); else Llama 3.3 70B Instruct, the most widely hosted open model of the
// frontier-API class in the price map.
std::string default_open_model(std::string_view api_model);

// The scenario with self_host.model "auto" replaced by default_open_model's choice.
Scenario with_open_model(Scenario scenario);

// Whether the scenario is the seed article's decision (its API offer and its open
// model, "auto" resolved): then compare shows the article's method beside physics.
bool is_article_decision(const Scenario& scenario);

// The busiest hour's traffic over the day's average at most: the whole day in one
// hour.
inline constexpr double kMaxPeakToAverage = 24;

// The most tokens a day a scenario takes: about 30 times what Google reported
// processing across its products in mid-2025 (980 trillion tokens a month).
inline constexpr double kMaxTokensPerDay = 1e15;

// The valid values of a numeric field. Every field has an upper bound too (max,
// inclusive), physical and generous, so that no product of inputs can overflow;
// docs/compare.md gives the reason for each.
struct Range {
  double min = 0;
  bool min_inclusive = true;
  double max = 0;
};

// One field of the schema. Exactly one accessor is set, by the field's type.
struct ScenarioField {
  using NumberRef = double& (*)(Scenario&);
  using IntegerRef = int& (*)(Scenario&);
  using TextRef = std::string& (*)(Scenario&);

  std::string_view path;  // "article.params"
  std::string_view unit;  // "params", "USD/hour", ... ("" for text)
  std::string_view description;
  Range range;
  std::variant<NumberRef, IntegerRef, TextRef> ref;
  std::span<const std::string_view> choices = {};  // text: the valid values; empty = any
  // Text: the value's problem beyond its choices (nullopt: valid), or null.
  std::optional<std::string> (*check_text)(std::string_view) = nullptr;
};

// workload.hourly_profile's problem: nullopt when it is empty or 24 finite numbers
// >= 0, comma-separated, not all 0; else e.g. "must be 24 comma-separated weights
// (got 23)".
std::optional<std::string> hourly_profile_problem(std::string_view text);

// A valid non-empty hourly_profile's 24 weights, normalised to mean 1.
std::array<double, 24> hourly_profile_weights(std::string_view text);

// The fields that give the traffic's volume, and those that give its daily shape:
// a file, a JSON body or a --set that gives one of a group replaces the group, so
// the group's fields it leaves out are cleared (volume to 0, the profile to empty;
// peak_to_average to 0, derived from a profile given alone).
// `given` are the dotted paths one source set.
void replace_given_groups(Scenario& scenario, std::span<const std::string> given);

// Every field, in the order of the seed file.
std::span<const ScenarioField> scenario_fields();

// A key that has moved to another path: the message that names the new one, e.g.
// "self_host.ttft_ms moved to self_host.latency.ttft_ms (and
// self_host.latency.percentile, default 95)"; nullopt for any other key.
std::optional<std::string> moved_field(std::string_view path);

// The field at `path`, or nullptr.
const ScenarioField* find_scenario_field(std::string_view path);

// The value of a numeric or integer field as a double (text fields: 0).
double field_number(const Scenario& scenario, const ScenarioField& field);

// Checks a value against the field's type and range: nullopt if valid, else what
// would be valid, e.g. "must be > 0 and <= 1e15" or "must be a whole number
// between 1 and 1,000,000".
std::optional<std::string> check_field_value(const ScenarioField& field, double value);

// What the field's range admits: "between 1 and 1e15", "> 0 and <= 24", "a whole
// number between 1 and 1,000,000".
std::string field_valid_values(const ScenarioField& field);

// Checks a text value: one line of printable UTF-8 (text_problem in text.h), then
// one of the field's choices if it has any. nullopt if valid, else the problem,
// e.g. "has a control character at byte 0" or "must be one of: none, n_plus_1, 2n".
std::optional<std::string> check_field_text(const ScenarioField& field, std::string_view value);

// Stores a value already checked by check_field_value.
void set_field_number(Scenario& scenario, const ScenarioField& field, double value);

}  // namespace llmtco
