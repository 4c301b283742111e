#!/usr/bin/env bash
# Runs a command while two busy processes occupy both cores, as on a loaded 2-core machine:
#   scripts/with-load.sh npm run test:unit
# Afterwards it fails if the command left any process behind (a server, a listener, a PostgreSQL
# it started): every process it started carries BAKE_LOAD_RUN in its environment, so leftovers
# are found even after they were re-parented. LOAD_PROCESSES changes the number of busy loops.
set -uo pipefail
cd "$(dirname "$0")/.."
[ "$#" -gt 0 ] || { echo "usage: scripts/with-load.sh <command> [args…]" >&2; exit 2; }

run_id="with-load-$$-$(date +%s)"
burners=()
for _ in $(seq 1 "${LOAD_PROCESSES:-2}"); do
  bash -c 'while :; do :; done' &
  burners+=("$!")
done
stop_burners() { for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null; done; wait "${burners[@]}" 2>/dev/null; }
trap stop_burners EXIT

started=$(date +%s)
BAKE_LOAD_RUN="$run_id" "$@"
status=$?
elapsed=$(( $(date +%s) - started ))
stop_burners
trap - EXIT

# Give processes that are shutting down a moment, then list whatever is still there.
sleep 2
leftovers=()
for environ in /proc/[0-9]*/environ; do
  pid=${environ#/proc/}; pid=${pid%/environ}
  [ "$pid" = "$$" ] && continue
  if { tr '\0' '\n' < "$environ"; } 2>/dev/null | grep -qx "BAKE_LOAD_RUN=$run_id"; then
    leftovers+=("$pid")
  fi
done
echo "with-load: '$*' exited $status after ${elapsed}s with ${#burners[@]} busy processes"
if [ "${#leftovers[@]}" -gt 0 ]; then
  echo "with-load: ${#leftovers[@]} process(es) left behind:" >&2
  for pid in "${leftovers[@]}"; do
    echo "  $pid $({ tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-160)" >&2
    ss -Htlnp 2>/dev/null | grep "pid=$pid," | sed 's/^/    listening: /' >&2
  done
  [ "$status" -eq 0 ] && status=1
fi
exit "$status"
