#!/usr/bin/env bash
# Stop the one-node SLURM cluster started by ci/slurm/up.sh: slurmd, slurmctld and munged, each by
# the PID in its PID file (never by name). `--slurm-only` leaves munged running. Safe to run when
# nothing is running.
set -euo pipefail

RUN_DIR=/run/kzrd-slurm
pidfiles=("$RUN_DIR/slurmd.pid" "$RUN_DIR/slurmctld.pid")
[[ ${1:-} == --slurm-only ]] || pidfiles+=(/run/munge/munged.pid)

for pidfile in "${pidfiles[@]}"; do
  [[ -s $pidfile ]] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    # Up to 10 s for a clean exit.
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "ci/slurm/down.sh: $pid ($pidfile) still running after 10 s: killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
done
echo "ci/slurm/down.sh: stopped"
