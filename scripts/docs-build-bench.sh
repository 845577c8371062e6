#!/usr/bin/env bash
# Times a docs build: 100 pictures of mixed kinds (layer and neuron diagrams, bar, line and heat-map
# charts; PNG and SVG), each one whole nnviz process, one after another, and prints the pictures per
# second. The model and history the charts need are made first and not timed.
#   scripts/docs-build-bench.sh            # uses the release build (make build first)
#   NNVIZ=path/to/nnviz scripts/docs-build-bench.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
nnviz=${NNVIZ:-$root/.build/release/nnviz}
[ -x "$nnviz" ] || { echo "$nnviz: not built (make build first)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"

"$nnviz" train Fixtures/blog_model.json --data Fixtures/tiny_binary.csv --epochs 20 --seed 0 \
    --history "$work/history.csv" -o "$work/trained.json" --quiet >/dev/null

# Ten kinds of picture, as the docs pages draw them; each is drawn ten times.
pictures=(
    "diagram Fixtures/blog_model.json -o $work/layers.png"
    "diagram Fixtures/blog_model.json -o $work/layers.svg"
    "diagram Fixtures/keras/two_inputs_keras3.json --show-math -o $work/two-inputs.png"
    "diagram $work/trained.json --style neurons -o $work/neurons.png"
    "diagram $work/trained.json --style neurons --input 0.5,0.1,0.9,0.3 -o $work/neurons.svg"
    "activations Fixtures/blog_model.json --input 0.5,0.1,0.9,0.3 -o $work/activations.png"
    "activations $work/trained.json --input 0.5,0.1,0.9,0.3 --layer all --pre-activation -o $work/activations-all.svg"
    "loss $work/history.csv --metric all -o $work/loss.png"
    "loss $work/history.csv --log-scale --theme dark -o $work/loss.svg"
    "weights $work/trained.json --layer dense -o $work/weights.png"
)

start=$(date +%s.%N)
for round in 1 2 3 4 5 6 7 8 9 10; do
    for picture in "${pictures[@]}"; do
        # shellcheck disable=SC2086 # each entry is one command line of plain words
        "$nnviz" $picture 2>"$work/stderr" || { echo "nnviz $picture:" >&2; cat "$work/stderr" >&2; exit 1; }
    done
done
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n=$((10 * ${#pictures[@]})) \
    'BEGIN { printf "docs build: %d pictures in %.2f s, %.1f pictures per second\n", n, e - s, n / (e - s) }'
