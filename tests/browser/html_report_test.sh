#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium opens the sample report
# (tests/render/sample_report.h) from a file, and its DOM must hold the charts
# (SVG with polylines, the band, the marker, the tornado's bars) and the figures;
# the standalone SVG must parse as XML; a screenshot is kept for a person to look
# at. Chromium is a dependency (scripts/install-deps.sh): without it this FAILS.
#
# Then the real thing: `llmtco compare --format html` on the seed scenario must
# show its verdict, both charts with the break-even and today marked, and its
# physics figures; at 10% growth a month, the growth view's two charts; `llmtco
# simulate --format html` its latency CDFs and queue chart.
#
# usage: html_report_test.sh SAMPLE_BINARY ARTIFACT_DIR LLMTCO_BINARY
# Leaves in ARTIFACT_DIR: report.html, cost_curves.svg, compare.html, their DOM
# dumps, report.png and compare.png; sim.html, its DOM dump and sim.png.
set -euo pipefail

sample=$1
out=$2
llmtco=$3
mkdir -p "$out"
out=$(cd "$out" && pwd)

browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
  echo "FAIL: chromium is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

"$sample" "$out/report.html" "$out/cost_curves.svg"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# A fresh profile, no GPU, nothing fetched in the background; generous limits for
# a 2-core machine running other tests beside it.
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
  --no-default-browser-check --disable-extensions --disable-background-networking
  --disable-component-update --disable-sync --disable-default-apps --mute-audio
  --user-data-dir="$profile")

browse() {
  timeout 240 "$browser" "${flags[@]}" "$@" 2>>"$out/chromium.log"
}

failures=0
passes=0
expect() {  # expect FILE DESCRIPTION GREP-ARGS...
  local file=$1 what=$2
  shift 2
  if grep -q "$@" "$file"; then
    passes=$((passes + 1))
  else
    echo "FAIL: $what: grep $* $file found nothing" >&2
    failures=$((failures + 1))
  fi
}
expect_count() {  # expect_count FILE DESCRIPTION MIN PATTERN
  local n
  n=$(grep -o -- "$4" "$1" | wc -l)
  if [ "$n" -ge "$3" ]; then
    passes=$((passes + 1))
  else
    echo "FAIL: $2: $n of '$4' in $1, want at least $3" >&2
    failures=$((failures + 1))
  fi
}

: >"$out/chromium.log"
browse --dump-dom "file://$out/report.html" >"$out/report.dom.html"
dom="$out/report.dom.html"
expect_count "$dom" "both charts are SVG elements" 2 '<svg '
expect_count "$dom" "a polyline per series" 2 '<polyline '
expect "$dom" "the owning-cheaper band" -F '<g class="band">'
expect "$dom" "its label" -F '>owning cheaper</text>'
expect "$dom" "the today marker" -F '>today</text>'
expect "$dom" "decade ticks" -F '>100M</text>'
expect "$dom" "dollar ticks" -F '>$10k</text>'
expect_count "$dom" "the tornado's bars" 4 '<g class="bar">'
expect "$dom" "the verdict" -F 'class="verdict">Verdict: owning is cheaper'
expect "$dom" "a figure row" -F 'id="figure-serving_usd_per_day"'
expect "$dom" "its value" -F '<td class="num">88.80</td><td>USD/day</td>'
expect_count "$dom" "every figure" 21 '<tr class="figure"'
expect "$dom" "the deployments table" -F '<h2>Deployments</h2>'

# The standalone SVG parses as XML (Chromium shows a parsererror element if not).
browse --dump-dom "file://$out/cost_curves.svg" >"$out/cost_curves.dom.xml"
expect "$out/cost_curves.dom.xml" "the SVG file opens as SVG" -F '<polyline '
if grep -qi 'parsererror' "$out/cost_curves.dom.xml"; then
  echo "FAIL: the SVG file does not parse as XML" >&2
  failures=$((failures + 1))
else
  passes=$((passes + 1))
fi

rm -f "$out/report.png"
browse --screenshot="$out/report.png" --window-size=1100,1500 --hide-scrollbars \
  "file://$out/report.html" >/dev/null
if [ -s "$out/report.png" ] && [ "$(head -c 8 "$out/report.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
  passes=$((passes + 1))
  echo "screenshot: $out/report.png"
else
  echo "FAIL: no PNG screenshot at $out/report.png" >&2
  failures=$((failures + 1))
fi

# The seed scenario's compare report.
"$llmtco" compare --format html -o "$out/compare.html"
browse --dump-dom "file://$out/compare.html" >"$out/compare.dom.html"
dom="$out/compare.dom.html"
expect "$dom" "the verdict first" -F 'class="verdict">Verdict: '
expect_count "$dom" "the cost curves and the tornado" 2 '<svg '
expect_count "$dom" "API, self-hosting and hybrid curves" 3 '<polyline '
expect "$dom" "the break-even marker" -F '>break-even</text>'
expect "$dom" "the today marker" -F '>today</text>'
expect "$dom" "the owning-cheaper band" -F '>owning cheaper</text>'
expect_count "$dom" "the tornado's six bars" 6 '<g class="bar">'
expect "$dom" "the API's monthly cost" -F 'id="figure-api_usd_per_month"'
expect "$dom" "owning's monthly cost" -F 'id="figure-selfhost_usd_per_month"'
expect "$dom" "the rules of thumb" -F 'Where the rules of thumb go wrong'
rm -f "$out/compare.png"
browse --screenshot="$out/compare.png" --window-size=1100,1500 --hide-scrollbars \
  "file://$out/compare.html" >/dev/null
if [ -s "$out/compare.png" ]; then
  passes=$((passes + 1))
  echo "screenshot: $out/compare.png"
else
  echo "FAIL: no PNG screenshot at $out/compare.png" >&2
  failures=$((failures + 1))
fi

# The growth view (issue 17): the seed at 10% a month, month by month over 24 months.
"$llmtco" compare --set workload.monthly_growth=0.1 --samples 0 --format html -o "$out/growth.html"
browse --dump-dom "file://$out/growth.html" >"$out/growth.dom.html"
dom="$out/growth.dom.html"
expect "$dom" "the monthly cost chart" -F '<figure class="chart" id="chart-growth_monthly">'
expect "$dom" "the running total chart" -F '<figure class="chart" id="chart-growth_cumulative">'
expect_count "$dom" "cost curves, tornado and both growth charts" 4 '<svg '
expect_count "$dom" "three cost curves and four ways on each growth chart" 11 '<polyline '
expect "$dom" "the linear month axis" -F '>month (0 = today)</text>'
expect "$dom" "the month owning beats the API" -F '>owning cheaper than the API</text>'
expect "$dom" "the month-by-month table" -F 'Month by month (0 = today)'

# The simulator's report (issue 16): the latency CDFs and the queue over time.
"$llmtco" simulate llama-3.1-8b --gpu h100-sxm --rate 10 --input 1000 --output 300 \
  --requests 5000 --seed 1 --format html -o "$out/sim.html"
browse --dump-dom "file://$out/sim.html" >"$out/sim.dom.html"
dom="$out/sim.dom.html"
expect "$dom" "the latency CDF chart" -F '<figure class="chart" id="chart-latency_cdf">'
expect "$dom" "the TPOT CDF chart" -F '<figure class="chart" id="chart-tpot_cdf">'
expect "$dom" "the queue over time" -F '<figure class="chart" id="chart-queue">'
expect_count "$dom" "three charts" 3 '<svg '
expect_count "$dom" "TTFT, E2E, TPOT, waiting and running" 5 '<polyline '
expect "$dom" "the CDF's y axis" -F '>share of requests</text>'
expect "$dom" "the TTFT figure" -F 'id="figure-ttft_ms"'
expect "$dom" "the goodput figure" -F 'id="figure-goodput_share"'
expect "$dom" "the latency table" -F '<h2>Latency over the counted requests (ms)</h2>'
rm -f "$out/sim.png"
browse --screenshot="$out/sim.png" --window-size=1100,1500 --hide-scrollbars \
  "file://$out/sim.html" >/dev/null
if [ -s "$out/sim.png" ]; then
  passes=$((passes + 1))
  echo "screenshot: $out/sim.png"
else
  echo "FAIL: no PNG screenshot at $out/sim.png" >&2
  failures=$((failures + 1))
fi

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
