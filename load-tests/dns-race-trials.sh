#!/usr/bin/env bash
# Seeded trials of phase 1 on the embedded fleet: for each seed, bring the fleet up, then CYCLES times apply
# chaos/enactor-latency.yaml and measure how long the regional name takes to answer no addresses (from the
# authoritative server, via gameday's prober), check it stays empty, repair with restore-dns, lift the chaos,
# and wait until the name is stable again.
# Usage: load-tests/dns-race-trials.sh [MODE] [SEEDS] [CYCLES]   e.g. incident "1 2 3" 3
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-incident}"; seeds="${2:-1 2 3}"; cycles="${3:-3}"
limit=300; gauge='cascade_dns_endpoint_addresses{az="",endpoint="dynamodb.us-east-1.cascade.test"'
addresses() { curl -s http://127.0.0.1:18080/actuator/prometheus | grep -F "$gauge" | awk '{print int($2)}'; }
emptied=0; total=0
for seed in $seeds; do
  ./cascade down >/dev/null 2>&1 || true
  ./cascade up --mode "$mode" --seed "$seed" >/dev/null
  until [ "$(addresses)" -gt 0 ] 2>/dev/null; do sleep 2; done
  for cycle in $(seq 1 "$cycles"); do
    total=$((total + 1))
    ./cascade chaos apply chaos/enactor-latency.yaml >/dev/null
    start=$SECONDS; result="stayed non-empty for ${limit}s"
    while [ $((SECONDS - start)) -lt $limit ]; do
      if [ "$(addresses)" = 0 ]; then
        took=$((SECONDS - start)); sleep 10
        if [ "$(addresses)" = 0 ]; then result="empty after ${took}s, still empty 10s later"; emptied=$((emptied + 1));
        else result="empty after ${took}s but refilled"; fi
        break
      fi
      sleep 2
    done
    echo "mode $mode seed $seed cycle $cycle: $result"
    ./cascade runbook restore-dns >/dev/null || echo "  restore-dns failed"
    ./cascade chaos clear >/dev/null
    until [ "$(addresses)" -gt 0 ] 2>/dev/null; do sleep 2; done
    sleep 15
  done
done
./cascade down >/dev/null
echo "$emptied of $total trials emptied the regional name within ${limit}s and kept it empty"
