// Issue 15, part 5: every number a person reads is short. Runs the real binary on
// the five buyers' scenarios (examples/buyers/) and the models they name, in text,
// Markdown and HTML, and fails naming the command, the format and the token when a
// number with a decimal point has more than four significant digits or an integer
// (digits and separators) runs past fifteen characters.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace llmtco_test {
namespace {

// The printed text of an HTML page: the style sheet dropped, every tag dropped
// whole (so an SVG's coordinates in x="123.456" or in path data are not read),
// entities left as they are (none holds a number worth checking).
std::string html_text(const std::string& html) {
  std::string out;
  std::size_t i = 0;
  while (i < html.size()) {
    if (html.compare(i, 6, "<style") == 0) {
      const std::size_t end = html.find("</style>", i);
      i = end == std::string::npos ? html.size() : end + 8;
      continue;
    }
    if (html[i] == '<') {
      const std::size_t end = html.find('>', i);
      i = end == std::string::npos ? html.size() : end + 1;
      out += ' ';  // a tag separates words: "<td>1</td><td>2</td>" is "1 2"
      continue;
    }
    out += html[i++];
  }
  return out;
}

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
// The characters an id, a date, a version or a number is made of.
bool is_word(char c) {
  return is_alnum(c) || c == '_' || c == '.' || c == ',' || c == '-' || c == '/' || c == ':' ||
         c == '+' || c == '%';
}

// What may follow a number in the same word: a percent sign, a multiplier's x, a
// compact suffix (k, M, B, T), a per-unit ("/month"), or nothing.
bool allowed_rest(const std::string& rest) {
  const std::string head = rest.substr(0, rest.find('/'));
  static const std::vector<std::string> kSuffixes = {"", "%", "x", "k", "M", "B", "T"};
  return std::find(kSuffixes.begin(), kSuffixes.end(), head) != kSuffixes.end();
}

// The tokens of `text` that break the rule, each with why. A word that is not a
// number (an id like gpu_1x_h100 or p4de.24xlarge, a date 2024-08-06, a version
// v0.6.0 or 3.1, a model name Qwen2.5-72B) is left alone.
std::vector<std::string> long_numbers(const std::string& text) {
  std::vector<std::string> bad;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_word(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_word(text[end])) ++end;
    std::string word = text.substr(i, end - i);
    i = end;
    // Sentence punctuation and signs around the word are not part of it.
    while (!word.empty() && (word.back() == '.' || word.back() == ',' || word.back() == ':')) {
      word.pop_back();
    }
    while (!word.empty() && (word.front() == '-' || word.front() == '+')) word.erase(0, 1);
    if (word.empty() || !is_digit(word.front())) continue;  // an id: h100, fp8, v0.6.0
    // The number: digits and separators, a fraction, an exponent.
    std::size_t n = 0;
    while (n < word.size() && (is_digit(word[n]) || word[n] == ',')) ++n;
    const std::string whole = word.substr(0, n);
    std::string fraction;
    if (n + 1 < word.size() && word[n] == '.' && is_digit(word[n + 1])) {
      std::size_t f = n + 1;
      while (f < word.size() && is_digit(word[f])) ++f;
      fraction = word.substr(n + 1, f - n - 1);
      n = f;
    }
    if (n < word.size() && word[n] == 'e') {  // 6.54e19, 1e-310
      std::size_t e = n + 1;
      if (e < word.size() && word[e] == '-') ++e;
      const std::size_t digits = e;
      while (e < word.size() && is_digit(word[e])) ++e;
      if (e > digits) n = e;
    }
    const std::string rest = word.substr(n);
    if (!allowed_rest(rest)) continue;  // 2024-08-06, 3.1.2, 12:30, 24xlarge
    if (whole.find(",,") != std::string::npos) continue;
    if (whole.size() > 15) bad.push_back(word + " (an integer of more than 15 characters)");
    // The seed article's own printed figures, quoted verbatim in the "article"
    // column: its serving weights are "140.14 GB" (70B x 2 bytes + 0.14 GB of LoRA).
    static const std::vector<std::string> kArticleQuotes = {"140.14"};
    const bool quoted =
        std::find(kArticleQuotes.begin(), kArticleQuotes.end(), word) != kArticleQuotes.end();
    if (!fraction.empty() && !quoted) {
      std::string digits;
      for (char c : whole + fraction) {
        if (is_digit(c)) digits += c;
      }
      digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
      if (digits.size() > 4) bad.push_back(word + " (more than 4 significant digits)");
    }
  }
  return bad;
}

TEST(NumberScan, FindsLongNumbersAndLeavesIdsAlone) {
  // 0.685185 has six significant digits, 22.0725 six, 85.8993 six; 65,435,... runs
  // to 26 characters; 0.000123 has three (leading zeros are not significant).
  const std::string text =
      "0.685185 requests/s, 22.0725 USD/month, $22.07/month, 99.4% 47.3x 0.000123 "
      "65,435,583,283,200,000,000 FLOP 999,999,999,999 tokens, 85.8993 GB. 6.54e19 "
      "p4de.24xlarge gpu_1x_h100 2024-08-06 v0.6.0 Qwen2.5-72B Llama-3.1-8B 3.1.2 1e-310 "
      "(140.84 GB)";
  const std::vector<std::string> bad = long_numbers(text);
  const std::vector<std::string> expected = {
      "0.685185 (more than 4 significant digits)", "22.0725 (more than 4 significant digits)",
      "65,435,583,283,200,000,000 (an integer of more than 15 characters)",
      "85.8993 (more than 4 significant digits)", "140.84 (more than 4 significant digits)"};
  EXPECT_EQ(bad, expected);
}

TEST(NumberScan, ReadsOnlyTheTextOfHtml) {
  EXPECT_EQ(html_text("<style>td { width: 12.34567px; }</style><svg><path d=\"M 1.23456 2\"/>"
                      "<text x=\"123.456\">$1k</text></svg><td>85.8993</td>"),
            "   $1k   85.8993 ");
}

class BuyerOutputs : public Cli {
 protected:
  // Runs `args` (a command that must succeed) in each of `formats` and adds every
  // offending token to `failures`, named by the command and the format.
  void scan(const std::vector<std::string>& args, const std::vector<std::string>& formats) {
    std::string command = "llmtco";
    for (const std::string& a : args) command += " " + a;
    for (const std::string& format : formats) {
      std::vector<std::string> with_format = args;
      with_format.insert(with_format.end(), {"--format", format});
      const Result r = run(with_format);
      if (r.exit_code != 0) {
        failures_.push_back(command + " --format " + format + ": exit " +
                            std::to_string(r.exit_code) + ": " + r.err);
        continue;
      }
      ++outputs_;
      const std::string text = format == "html" ? html_text(r.out) : r.out;
      for (const std::string& token : long_numbers(text)) {
        failures_.push_back(command + " --format " + format + ": " + token);
      }
    }
  }
  std::vector<std::string> failures_;
  int outputs_ = 0;
};

TEST_F(BuyerOutputs, EveryNumberIsShort) {
  const std::filesystem::path buyers = std::filesystem::path(LLMTCO_SOURCE_DIR) / "examples/buyers";
  std::vector<std::string> scenarios;
  for (const auto& entry : std::filesystem::directory_iterator(buyers)) {
    if (entry.path().extension() == ".yaml") scenarios.push_back(entry.path().string());
  }
  std::sort(scenarios.begin(), scenarios.end());
  ASSERT_EQ(scenarios.size(), 5u);
  const std::vector<std::string> all = {"text", "markdown", "html"};
  for (const std::string& s : scenarios) {
    scan({"compare", s}, all);
    scan({"compare", s, "--explain"}, all);  // every figure's inputs too
    scan({"plan", s}, all);
    scan({"breakeven", s}, all);
  }
  // The scenarios' self-hosted models, as memory, perf and finetune see them.
  scan({"memory", "meta-llama/Llama-3.1-8B-Instruct"}, all);
  scan({"memory", "meta-llama/Llama-3.3-70B-Instruct", "--precision", "fp8"}, all);
  scan({"memory", "Qwen/Qwen2.5-72B-Instruct", "--tp", "4"}, all);
  scan({"memory", "Qwen/Qwen2.5-72B-Instruct", "--mode", "lora"}, all);
  scan({"perf", "meta-llama/Llama-3.1-8B-Instruct", "--gpu", "h100-sxm"}, all);
  scan({"perf", "meta-llama/Llama-3.3-70B-Instruct", "--gpu", "h100-sxm", "--tp", "4",
        "--precision", "fp8"},
       all);
  scan({"perf", "meta-llama/Llama-3.1-8B-Instruct", "--gpu", "h100-sxm", "--rate", "3"}, all);
  // Overloaded: far above what one H100 serves.
  scan({"perf", "Qwen/Qwen2.5-72B-Instruct", "--gpu", "h100-sxm", "--tp", "4", "--rate", "1000"},
       all);
  scan({"finetune", "meta-llama/Llama-3.1-8B-Instruct", "--dataset-tokens", "20e6"}, all);
  scan({"finetune", "Qwen/Qwen2.5-72B-Instruct", "--method", "qlora", "--dataset-tokens", "50e6"},
       all);
  // The simulator, one deployment and a bursty fleet with long-tailed lengths.
  scan({"simulate", "meta-llama/Llama-3.1-8B-Instruct", "--gpu", "h100-sxm", "--rate", "10",
        "--requests", "2000", "--explain"},
       all);
  scan({"simulate",      "meta-llama/Llama-3.3-70B-Instruct",
        "--gpu",         "h100-sxm",
        "--tp",          "4",
        "--precision",   "fp8",
        "--rate",        "7.3",
        "--requests",    "2000",
        "--replicas",    "2",
        "--balancer",    "least_loaded",
        "--arrivals",    "gamma",
        "--burstiness",  "3",
        "--length-dist", "lognormal",
        "--input-cv",    "1.3",
        "--output-cv",   "0.7",
        "--percentile",  "99.9",
        "--explain"},
       all);
  EXPECT_EQ(outputs_, 5 * 4 * 3 + 12 * 3);
  std::string report;
  for (const std::string& f : failures_) report += f + "\n";
  EXPECT_TRUE(failures_.empty()) << failures_.size() << " long numbers:\n" << report;
}

}  // namespace
}  // namespace llmtco_test
