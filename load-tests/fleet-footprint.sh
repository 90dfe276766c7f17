#!/usr/bin/env bash
# Measures the embedded fleet's start-up time and memory: `./cascade up` to ready, then the fleet's own
# memory report (PSS and RSS summed over gameday, Kafka, PostgreSQL and every service), RUNS times.
# Usage: load-tests/fleet-footprint.sh [RUNS]   (default 3; the jars must be built)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
for i in $(seq 1 "$runs"); do
  ./cascade down >/dev/null 2>&1 || true
  start=$(date +%s.%N)
  ./cascade up >/dev/null
  end=$(date +%s.%N)
  sleep 10   # let start-up garbage be collected and heaps shrink before reading memory
  memory="$(./cascade status | grep '^memory:')"
  printf 'run %d: ready in %.1f s; %s; load %s\n' "$i" "$(awk "BEGIN{print $end - $start}")" "$memory" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
done
./cascade down >/dev/null
