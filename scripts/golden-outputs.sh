#!/usr/bin/env bash
# Writes every output of every bundled scenario, with wall-clock fields, the
# build's commit and the checkout's absolute path masked, so two checkouts can be compared byte for
# byte:   scripts/golden-outputs.sh OUT_A   (in checkout A)
#         scripts/golden-outputs.sh OUT_B   (in checkout B)
#         diff -r OUT_A OUT_B && echo identical
# It runs the built CLI (dist/), so build first. Each scenario is run once
# (`run`), the sweep scenarios are swept on 2 workers, and one compare, one
# check, and the catalogue commands (policies, schema, attribute) are captured.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
cli=(node "$root/dist/bin/coordsim.js")
cd "$root"

mask() { # mask wall-clock fields and absolute paths in every text file under $1
  find "$1" -type f \( -name '*.json' -o -name '*.txt' -o -name '*.csv' -o -name '*.xml' \) -print0 |
    xargs -0 sed -i -E \
      -e 's#"(started_at|finished_at|startedAt)": *"[^"]*"#"\1": "<wall>"#g' \
      -e 's#"(wall_time_s|wallSeconds)": *[0-9.e+-]+#"\1": "<wall>"#g' \
      -e 's#"coordsim_commit": *"[^"]*"#"coordsim_commit": "<commit>"#g' \
      -e 's# in [0-9.]+ s \([0-9.]+[kM]? events/s\)# in <wall>#g' \
      -e "s#time=\"[0-9.]+\"#time=\"<wall>\"#g" \
      -e "s#timestamp=\"[^\"]*\"#timestamp=\"<wall>\"#g" \
      -e "s#${root}#<root>#g" -e "s#${out}#<out>#g"
}

mkdir -p "$out/run" "$out/sweep" "$out/compare"
for f in $(find scenarios -name '*.yaml' | sort); do
  name="$(echo "$f" | tr '/' '_')"
  "${cli[@]}" run "$f" --out "$out/run/$name" > "$out/run/$name.stdout.txt" 2>&1 || echo "exit $?" >> "$out/run/$name.stdout.txt"
done
for f in $(grep -l '^sweep:' $(find scenarios -name '*.yaml' | sort)); do
  name="$(echo "$f" | tr '/' '_')"
  "${cli[@]}" sweep "$f" --workers 2 --quiet --out "$out/sweep/$name" > /dev/null
done
"${cli[@]}" compare scenarios/quickstart.yaml --vary policies.coordination=independent,claim-board --replicates 4 \
  --workers 2 --quiet --out "$out/compare/quickstart" --metrics all
"${cli[@]}" compare scenarios/attack-copycat.yaml --vary policies.attribution=volume,coverage-shapley \
  --replicates 3 --workers 2 --json --out "$out/compare/copycat" > "$out/compare/copycat.stdout.json"
"${cli[@]}" check scenarios/quickstart.yaml --runs 3 --reporter json --out "$out/check.json" --quiet
"${cli[@]}" policies --json > "$out/policies.json"
"${cli[@]}" policies > "$out/policies.txt"
"${cli[@]}" schema > "$out/schema.json"
for g in test/fixtures/games/coverage.json test/fixtures/games/glove.json; do
  for p in shapley-exact banzhaf-mc leave-one-out replication-robust; do
    "${cli[@]}" attribute "$g" --policy "$p" > "$out/attribute-$(basename "$g" .json)-$p.json" 2>&1 || true
  done
done
mask "$out"
echo "$out"
