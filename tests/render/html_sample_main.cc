// Writes the sample report (sample_report.h) as HTML, and its cost-curve chart as a
// standalone SVG file, for the browser test (tests/browser/html_report_test.sh).
#include <fstream>
#include <iostream>

#include "llmtco/render.h"
#include "llmtco/svg.h"
#include "sample_report.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: llmtco_html_sample REPORT.html CHART.svg\n";
    return 2;
  }
  std::ofstream html(argv[1]);
  html << llmtco::render_html(llmtco_test::sample_report(), {});
  std::ofstream svg(argv[2]);
  svg << llmtco::render_svg(llmtco_test::sample_cost_curves());
  html.close();
  svg.close();
  return html && svg ? 0 : 1;
}
