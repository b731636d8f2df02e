// The reports of `llmtco validate`: the speed model's prediction for every row of
// a benchmark file against its measured value, and (--fit) the engines' efficiency
// factors refitted on the rows.
#pragma once
#ifndef LLMTCO_COMMANDS_LAYER
#error "a commands header: the core knows no command; only src/commands and the shells include it"
#endif

#include "llmtco/catalogs.h"
#include "llmtco/report.h"

namespace llmtco {

// Of the catalogs' benchmark rows with their engines: a "rows" table (predicted,
// measured, error), a "summary" and a "groups" table (by engine, GPU, mode and
// metric).
Report validation_report(const Catalogs& catalogs);

// A "fits" table: each engine with rows of the catalogs' benchmarks, its error
// before and after, and each fitted factor as shipped and as fitted.
Report fit_report(const Catalogs& catalogs);

}  // namespace llmtco
