#!/usr/bin/env python3
"""Regenerates data/api_prices/model_prices.json from LiteLLM's price map.

Keeps the text-generation entries (mode chat, completion or responses) that have
both an input and an output price per token, and of each only the fields llmtco
reads, so the snapshot stays in LiteLLM's own format and the same reader reads a
full upstream file. Usage:
    scripts/refresh-api-prices.py [UPSTREAM_JSON] [--date YYYY-MM-DD]
"""
import argparse
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_UPSTREAM = ROOT.parent / "shared/data/api_prices/model_prices_and_context_window.json"
TARGET = ROOT / "data/api_prices/model_prices.json"
MODES = {"chat", "completion", "responses"}
FIELDS = [
    "litellm_provider", "mode", "max_input_tokens", "max_output_tokens",
    "input_cost_per_token", "output_cost_per_token",
    "cache_read_input_token_cost", "input_cost_per_token_cache_hit",
    "input_cost_per_token_batches", "output_cost_per_token_batches",
    "cache_creation_input_token_cost",
]
# The long-context tiers, FIELD_above_<N>k_tokens for any N (128, 200 and 272 in
# today's map): above N thousand input tokens the whole request bills at these
# prices (Anthropic and Google above 200k, OpenAI above 272k). The reader takes the
# lowest N with an input price.
TIER_FIELD = re.compile(r"(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost"
                        r"|cache_creation_input_token_cost)_above_[0-9]+k_tokens")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("upstream", nargs="?", default=str(DEFAULT_UPSTREAM))
    parser.add_argument("--date", help="the date of the upstream data, YYYY-MM-DD")
    args = parser.parse_args()
    with open(args.upstream, encoding="utf-8") as f:
        upstream = json.load(f)
    kept = {}
    for key, entry in upstream.items():
        if not isinstance(entry, dict) or entry.get("mode") not in MODES:
            continue
        if "input_cost_per_token" not in entry or "output_cost_per_token" not in entry:
            continue
        kept[key] = {field: entry[field] for field in FIELDS if field in entry}
        kept[key].update({field: value for field, value in entry.items()
                          if TIER_FIELD.fullmatch(field)})
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with open(TARGET, "w", encoding="utf-8") as f:
        json.dump(kept, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{TARGET.relative_to(ROOT)}: {len(kept)} of {len(upstream)} entries from {args.upstream}")
    if args.date:
        meta = ROOT / "data/api_prices/catalog.json"
        info = json.loads(meta.read_text(encoding="utf-8"))
        info["date"] = args.date
        meta.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
