#!/usr/bin/env bash
# The README's first command: runs nnviz on the blog's 4-8-4-1 model and writes everything to demo-output/.
set -euo pipefail
cd "$(dirname "$0")/.."
NNVIZ=.build/release/nnviz
OUT=demo-output
rm -rf "$OUT"
mkdir -p "$OUT"
cp Fixtures/blog_model.json "$OUT/model.json"

echo "== The blog's model =="
$NNVIZ summary "$OUT/model.json"

echo
echo "== Training it on Fixtures/tiny_binary.csv (1000 rows, 4 features, 2 classes) =="
$NNVIZ train "$OUT/model.json" --data Fixtures/tiny_binary.csv --epochs 60 --optimizer adam --learning-rate 0.01 \
    --validation-split 0.2 --seed 0 --history "$OUT/history.csv" -o "$OUT/model.trained.json" --quiet
$NNVIZ evaluate "$OUT/model.trained.json" --data Fixtures/tiny_binary.csv

# --- diagrams (nnviz diagram) ---
echo
echo "== Diagrams: the layer view, and the trained neurons following row 3 of the data =="
$NNVIZ diagram "$OUT/model.json" -o "$OUT/diagram-layers.png"
$NNVIZ diagram "$OUT/model.trained.json" --style neurons -o "$OUT/diagram-neurons.png"
$NNVIZ diagram "$OUT/model.trained.json" --style neurons --input Fixtures/tiny_binary.csv --row 3 --show-bias \
    -o "$OUT/diagram-neurons-input.svg"
echo "wrote $OUT/diagram-layers.png, $OUT/diagram-neurons.png and $OUT/diagram-neurons-input.svg"
# --- end of diagrams ---

# --- charts (nnviz activations, loss, weights) ---
echo
echo "== Charts of the trained model (Cairo) =="
$NNVIZ activations "$OUT/model.trained.json" --input "0.5,0.1,0.9,0.3" -o "$OUT/activations.png"
$NNVIZ activations "$OUT/model.trained.json" --input "0.5,0.1,0.9,0.3" --layer all --pre-activation -o "$OUT/activations-all.png"
$NNVIZ loss "$OUT/history.csv" --metric all -o "$OUT/loss.png"
$NNVIZ weights "$OUT/model.trained.json" --layer dense -o "$OUT/weights.png"
echo "wrote $OUT/activations.png, $OUT/activations-all.png, $OUT/loss.png and $OUT/weights.png"
# --- end of charts ---

# --- explanation (nnviz explain, report) ---
echo
echo "== The mathematics of one input, step by step (row 13 of the data, expected class 1) =="
for format in txt md html tex; do
    $NNVIZ explain "$OUT/model.trained.json" --input Fixtures/tiny_binary.csv --row 13 --target 1 -o "$OUT/explanation.$format"
done
sed -n '/^5\. Output/,/^7\. Backpropagation/p' "$OUT/explanation.txt" | sed '$d'
echo "  ⋮ (backpropagation and the weight update)"
echo
sed -n '/^▸ The loss after one step/,$p' "$OUT/explanation.txt"
echo
echo "The whole explanation, from the input layer to the weight update: $OUT/explanation.txt, .md, .html (MathML) and .tex"

echo
echo "== A report for your docs: one folder with everything above =="
$NNVIZ report "$OUT/model.trained.json" --data Fixtures/tiny_binary.csv --row 13 -o "$OUT/report"
# --- end of explanation ---

# --- playground (nnviz data, boundary, evolution) ---
echo
echo "== The playground: a spiral, a 2-8-8-1 model, its decision boundary and how it learned =="
$NNVIZ data spiral --rows 400 --noise 0.03 --seed 1 -o "$OUT/spiral.csv"
$NNVIZ train Fixtures/playground/spiral_model.json --data "$OUT/spiral.csv" --epochs 300 --batch-size 16 --learning-rate 0.03 \
    --normalize standard --seed 0 --snapshot-every 10 -o "$OUT/spiral.trained.json" --quiet
$NNVIZ boundary "$OUT/spiral.trained.json" --data "$OUT/spiral.csv" -o "$OUT/boundary.png"
$NNVIZ evolution "$OUT/spiral.trained.snapshots.json" --data "$OUT/spiral.csv" -o "$OUT/evolution.gif"
echo "wrote $OUT/boundary.png and $OUT/evolution.gif"
# --- end of playground ---

echo
echo "Everything is in $OUT/ (open $OUT/report/index.html in a browser):"
ls "$OUT"
