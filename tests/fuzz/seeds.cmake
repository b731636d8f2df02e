# Writes the fuzz targets' seeds from the repository's data into OUT/<target>/:
# small files as they are, the first rows of a big one (a big seed slows every
# run of the fuzzer, and a few rows reach the same code).
# Run as: cmake -DROOT=<repository> -DOUT=<directory> -P seeds.cmake

# The first 4 kB of ROOT/FILE, cut after its last whole line, as OUT/TARGET/NAME.
function(head_seed target file name)
  file(READ ${ROOT}/${file} text LIMIT 4096)
  string(FIND "${text}" "\n" last REVERSE)
  math(EXPR length "${last} + 1")
  string(SUBSTRING "${text}" 0 ${length} text)
  file(WRITE ${OUT}/${target}/${name} "${text}")
endfunction()

# Sixteen entries spread over the LiteLLM map, as one smaller map.
function(api_prices_seed)
  file(READ ${ROOT}/data/api_prices/model_prices.json map)
  string(JSON count LENGTH "${map}")
  math(EXPR step "${count} / 16")
  set(out "{}")
  foreach(i RANGE 0 15)
    math(EXPR index "${i} * ${step}")
    string(JSON key MEMBER "${map}" ${index})
    string(JSON value GET "${map}" "${key}")
    string(JSON out SET "${out}" "${key}" "${value}")
  endforeach()
  file(WRITE ${OUT}/api_prices/model_prices.json "${out}\n")
endfunction()

file(REMOVE_RECURSE ${OUT})
file(COPY ${ROOT}/examples/ DESTINATION ${OUT}/scenario_yaml)
file(COPY ${ROOT}/data/models/ DESTINATION ${OUT}/hf_config)
head_seed(benchmarks data/benchmarks/calibration.csv calibration.csv)
head_seed(benchmarks data/benchmarks/calibration-2.csv calibration-2.csv)
head_seed(benchmarks data/benchmarks/vllm-serving/index.csv index.csv)
file(COPY ${ROOT}/data/benchmarks/vllm-serving/1xH100-80GB-SXM/ DESTINATION ${OUT}/benchmark_trace)
foreach(cloud aws azure gcp lambda vast)
  head_seed(instances data/instances/${cloud}.csv ${cloud}.csv)
endforeach()
file(COPY ${ROOT}/data/api_prices/finetune_training_prices.csv DESTINATION ${OUT}/api_prices)
api_prices_seed()
file(COPY ${ROOT}/data/rate_limits/rate_limits.csv DESTINATION ${OUT}/rate_limits)
