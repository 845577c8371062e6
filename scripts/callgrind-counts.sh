#!/usr/bin/env bash
# Prints the instructions (valgrind --tool=callgrind's "Collected" total) of six whole processes:
# a Swift program that imports Foundation and prints "hi" (the floor of any Swift tool here), and
# five nnviz commands on the blog's 4-8-4-1 model. Instruction counts do not move with the machine's
# load, so they compare builds fairly on a busy machine; docs/performance.md records them.
#
#   scripts/callgrind-counts.sh            # builds release first
#   NNVIZ=path/to/nnviz scripts/callgrind-counts.sh --no-build
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--no-build" ]; then
    make --no-print-directory build >/dev/null
fi
NNVIZ=${NNVIZ:-$(swift build -c release --show-bin-path)/nnviz}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The floor: the same toolchain, Foundation imported, nothing else.
mkdir -p "$work/hello"
printf 'import Foundation\nprint("hi")\n' > "$work/hello/main.swift"
swiftc -O "$work/hello/main.swift" -o "$work/hello/hello" 2>/dev/null

# count LABEL COMMAND…: runs COMMAND under callgrind and prints LABEL and its instruction total.
count() {
    local label=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file="$work/out" "$@" >/dev/null 2>"$work/log" || {
        echo "$label: failed" >&2
        cat "$work/log" >&2
        exit 1
    }
    local total
    total=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/log")
    awk -v l="$label" -v t="$total" 'BEGIN { printf "%-60s %8.1f M\n", l, t / 1e6 }'
}

model=Fixtures/blog_model.json
count 'hello world (Swift, imports Foundation)' "$work/hello/hello"
count 'nnviz --help' "$NNVIZ" --help
count 'nnviz summary blog_model.json' "$NNVIZ" summary "$model"
count 'nnviz diagram blog_model.json -o d.svg' "$NNVIZ" diagram "$model" -o "$work/d.svg"
count 'nnviz diagram blog_model.json -o d.png' "$NNVIZ" diagram "$model" -o "$work/d.png"
count 'nnviz activations blog_model.json --input … -o a.png' \
    "$NNVIZ" activations "$model" --input 0.5,0.1,0.9,0.3 -o "$work/a.png"
