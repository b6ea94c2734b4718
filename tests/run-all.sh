#!/usr/bin/env bash
# Runs every test of the solution and ends with one plain "N passed, N failed" line, followed by ", N skipped" when
# tests could not run on this machine (no ../shared/eval, say) and reported themselves skipped.
# Tests that read ../shared/eval (real ground truth) run whenever it exists beside the repository.
set -uo pipefail
cd "$(dirname "$0")/.."

bash deploy/install-deps.sh || exit 1
results=out/test-results
rm -rf "$results"
dotnet build RetailVision.sln -c Release -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
# Fetch and convert the detector once, before test assemblies run in parallel and all want it.
bash models/prepare.sh 416x416 >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
status=0
for project in tests/*/*.Tests.csproj tests/RetailVision.FaultTests/RetailVision.FaultTests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" || status=1
done

passed=0
failed=0
skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  # A skipped test is a result with outcome NotExecuted (the Counters element does not count it).
  s=$(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx" | wc -l)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${s:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
exit "$status"
