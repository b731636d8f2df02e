// The report of `llmtco catalog`: what a catalog holds (models, GPUs, cloud
// instances or API prices), narrowed by a search. CatalogRequest holds every
// input; the catalogs to list are passed in (built in, or read by the shell).
#pragma once
#ifndef LLMTCO_COMMANDS_LAYER
#error "a commands header: the core knows no command; only src/commands and the shells include it"
#endif

#include <string>
#include <vector>

#include "llmtco/catalogs.h"
#include "llmtco/report.h"

namespace llmtco {

struct CatalogRequest {
  std::string kind;                 // models, gpus, instances or apis
  std::string search;               // only entries containing it, any case; empty: all
  std::vector<std::string> clouds;  // instances only: kInstanceClouds names or "all"
  std::string gpu;                  // instances only: a GPU catalog id
  std::string model;  // apis only: list the entries hosting this catalog model (hosted.h)
};

// A table named after the kind, with the sources and dates of the prices as notes
// (instances: of the clouds listed, with the warnings of the rows listed), all
// from `catalogs`. With a model, apis lists its hosted offers, cheapest blend
// first. Throws FieldError naming the member for a bad input (an unknown kind,
// cloud, GPU or model; clouds or gpu with a kind other than instances, model with
// one other than apis).
Report catalog_report(const Catalogs& catalogs, const CatalogRequest& request);

}  // namespace llmtco
