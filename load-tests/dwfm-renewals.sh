#!/usr/bin/env bash
# Steady-state DWFM lease renewals (issue 5): DwfmRenewalsBenchmark (services/dwfm, test scope) — three real
# LeaseManagers in one JVM against the real droplets service (its jar, fast simulated hardware) and dynalite,
# over a window of whole check-in periods after a warm-up. One RUN line per run (each run a fresh JVM, fresh
# droplets and a fresh dynalite), then the medians. Needs dynalite on the PATH.
# Usage: load-tests/dwfm-renewals.sh [DROPLETS] [TIME_SCALE] [RUNS] [WINDOW_PERIODS] [WARMUP_PERIODS]
#   e.g. load-tests/dwfm-renewals.sh 100000 8 3
# DWFM_JVM: flags for DWFM's JVM (default -Xmx1g), e.g. "-Xmx1g -XX:StartFlightRecording=filename=/tmp/dwfm.jfr"
set -euo pipefail
cd "$(dirname "$0")/.."
droplets="${1:-100000}"; scale="${2:-8}"; runs="${3:-3}"; window="${4:-2}"; warmup="${5:-0.5}"
cp=/tmp/dwfm-renewals-cp.txt
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -pl services/droplets,services/dwfm -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$cp" -Dmdep.includeScope=test >/dev/null
fi
lines=()
for run in $(seq 1 "$runs"); do
  line=$(cd services/dwfm && java ${DWFM_JVM:--Xmx1g} -cp "target/test-classes:target/classes:$(cat "$cp")" \
    io.cascadelab.dwfm.DwfmRenewalsBenchmark "$droplets" "$scale" "$window" "$warmup" "$run" 2>/dev/null | grep '^RUN' || true)
  [ -n "$line" ] || { echo "run $run: no result (see: run the java command above without 2>/dev/null)"; continue; }
  echo "run $run: ${line#RUN }"
  lines+=("$line")
done
[ "${#lines[@]}" -gt 0 ] || exit 1
median() { printf '%s\n' "${lines[@]}" | grep -o " $1=[^ ]*" | cut -d= -f2 | tr -d '/s' | sort -g \
  | awk '{v[NR]=$1} END {print (NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2)}'; }
sustained=$(printf '%s\n' "${lines[@]}" | grep -c 'sustained=yes' || true)
echo "median of ${#lines[@]}: required $(median required)/s, renewals $(median renewals)/s (ratio $(median ratio)), \
success $(median success), lost $(median lost), queueMax $(median queueMax), waitMeanMs $(median waitMeanMs), \
DWFM CPU $(median dwfmCpuMsPer1k) ms per 1000 renewals (droplets $(median dropletsCpuMsPer1k), dynalite \
$(median dynaliteCpuMsPer1k)); sustained in $sustained of ${#lines[@]}"
