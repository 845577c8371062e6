#!/usr/bin/env bash
# Builds nnviz's libFuzzer harness (Fuzz/*.swift compiled with NNCore's sources, instrumented with
# -sanitize=fuzzer,address) and runs each reader for SECONDS seconds (default 60) on a seed corpus
# made from Fixtures/. Usage: scripts/fuzz.sh [SECONDS] [TARGET ...]
# Findings (crashing or slow inputs) are written to .build/fuzz/findings/TARGET/; the last line of
# each run (executions, time) goes to .build/fuzz/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(json model csv history zip hdf5 onnx safetensors trained)
out=.build/fuzz
mkdir -p "$out"

binary=$out/nnviz-fuzz
if [ ! -x "$binary" ] || [ -n "$(find Sources/NNCore Fuzz -name '*.swift' -newer "$binary")" ]; then
    echo "building $binary"
    # shellcheck disable=SC2046
    # OpenBLAS and libhdf5 are not linked: NNCore opens them with dlopen when it needs them.
    swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name NNCore -package-name nnviz \
        $(find Sources/NNCore Fuzz -name '*.swift' | sort) \
        -I Sources/COpenBLAS -I Sources/CHDF5 \
        -o "$binary"
fi

# The seed corpus of each target: the fixtures of its kind.
seeds() {
    case $1 in
        json|model) find Fixtures -name '*.json' -size -200k ;;
        csv) find Fixtures -name '*.csv' -size -200k ;;
        history) find Fixtures -name '*.csv' -size -50k; find Fixtures -name '*trained.json' ;;
        zip) find Fixtures -name '*.keras' ;;
        hdf5) find Fixtures -name '*.h5' ;;
        onnx) find Fixtures -name '*.onnx' ;;
        safetensors) find Fixtures -name '*.safetensors' ;;
        trained) find Fixtures -name '*.keras' -o -name '*.h5' -o -name '*.onnx' -o -name 'blog*.json' ;;
    esac
}

: > "$out/summary.txt"
status=0
for target in "${targets[@]}"; do
    corpus=$out/corpus/$target
    findings=$out/findings/$target
    mkdir -p "$corpus" "$findings"
    seeds "$target" | while read -r seed; do cp "$seed" "$corpus/"; done
    echo "fuzzing $target for ${seconds}s"
    log=$out/$target.log
    if NNVIZ_FUZZ_TARGET=$target "$binary" "$corpus" -max_total_time="$seconds" -max_len=65536 -timeout=5 \
        -rss_limit_mb=1024 -malloc_limit_mb=1024 -detect_leaks=0 -artifact_prefix="$findings/" -print_final_stats=1 > "$log" 2>&1; then
        result=clean
    else
        result="FINDING (see $findings and $log)"
        status=1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    echo "$target: $runs executions in ${seconds}s, $result" | tee -a "$out/summary.txt"
done
exit $status
