#!/usr/bin/env bash
# Remakes every picture in docs/ by running the ```sh blocks of each docs page, in order, with the
# nnviz just built. The commands run in a scratch folder that sees Fixtures/ and docs/, so what they
# write besides docs/images (trained models, histories) is thrown away afterwards.
#   scripts/docs-images.sh            remake the pictures (then `git status docs` shows what changed)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# The newer of the release and debug builds (their outputs are byte-identical).
binary="$root/.build/release/nnviz"
debug="$root/.build/debug/nnviz"
if [ ! -x "$binary" ] || { [ -x "$debug" ] && [ "$debug" -nt "$binary" ]; }; then binary="$debug"; fi
[ -x "$binary" ] || { echo "build nnviz first (make build)" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/bin" "$scratch/work"
ln -s "$binary" "$scratch/bin/nnviz"
ln -s "$root/Fixtures" "$scratch/work/Fixtures"
ln -s "$root/docs" "$scratch/work/docs"
# performance.md's blocks are benchmarks and reliability.md's run the fuzzer, not pictures.
for page in "$root"/docs/*.md; do
    case "$(basename "$page")" in performance.md|reliability.md) continue ;; esac
    awk '/^```sh$/ { inside = 1; next } /^```/ { inside = 0 } inside' "$page" > "$scratch/commands.sh"
    [ -s "$scratch/commands.sh" ] || continue
    echo "== ${page#$root/}"
    (cd "$scratch/work" && PATH="$scratch/bin:$PATH" bash -euo pipefail "$scratch/commands.sh" > /dev/null)
done
