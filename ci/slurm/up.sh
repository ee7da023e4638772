#!/usr/bin/env bash
# Start a one-node SLURM cluster on this machine (Debian, run as root), for CI's check that the
# workflow gives the same results on SLURM as locally (ci/slurm/check.sh). It installs slurm-wlm and
# munge if absent, writes /etc/slurm/slurm.conf for this host (one node, one partition "ci", no
# accounting database, no cgroups), creates the munge key if absent, starts munged, slurmctld and
# slurmd as daemons with PID files under /run/kzrd-slurm, and waits until `sinfo` shows the node idle.
# Idempotent: daemons already running with the same configuration are left alone. Stop with
# ci/slurm/down.sh.
set -euo pipefail

TIMEOUT_S=${KZRD_SLURM_TIMEOUT_S:-60}
RUN_DIR=/run/kzrd-slurm
PARTITION=ci
start_s=$(date +%s.%N)
elapsed() { awk -v a="$start_s" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

if [[ $(id -u) -ne 0 ]]; then
  echo "ci/slurm/up.sh: must run as root" >&2
  exit 1
fi

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null ||
  ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  echo "ci/slurm/up.sh: installing slurm-wlm and munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

alive() { # alive PIDFILE: the PID file names a running process
  [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

host=$(hostname -s)
# The node as slurmd sees it (CPUs, sockets, cores, threads, memory), without the UpTime line.
node_line=$(slurmd -C | grep '^NodeName=' | sed "s/^NodeName=[^ ]*/NodeName=$host/")

mkdir -p /etc/slurm "$RUN_DIR" /var/lib/slurm/slurmctld /var/lib/slurm/slurmd /var/log/slurm
conf_new=$(mktemp)
cat >"$conf_new" <<CONF
# Written by ci/slurm/up.sh: a one-node cluster on this host for CI. Do not edit by hand.
ClusterName=kzrd-ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
# Finished jobs stay visible to squeue for 10 minutes: the executor plugin reads their state there
# (there is no accounting database for sacct).
MinJobAge=600
SchedulerType=sched/backfill
SlurmctldPidFile=$RUN_DIR/slurmctld.pid
SlurmdPidFile=$RUN_DIR/slurmd.pid
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldTimeout=30
SlurmdTimeout=60
$node_line State=UNKNOWN
PartitionName=$PARTITION Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

if [[ -f /etc/slurm/slurm.conf ]] && cmp -s "$conf_new" /etc/slurm/slurm.conf; then
  rm -f "$conf_new"
else
  if alive "$RUN_DIR/slurmctld.pid" || alive "$RUN_DIR/slurmd.pid"; then
    echo "ci/slurm/up.sh: slurm.conf changed: restarting the SLURM daemons"
    bash "$(dirname "$0")/down.sh" --slurm-only
  fi
  mv "$conf_new" /etc/slurm/slurm.conf
  chmod 644 /etc/slurm/slurm.conf
fi

# munge: the key (the Debian package normally creates one), then the daemon as user munge.
if [[ ! -s /etc/munge/munge.key ]]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
fi
chown munge:munge /etc/munge /etc/munge/munge.key
chmod 700 /etc/munge
chmod 400 /etc/munge/munge.key
if alive /run/munge/munged.pid && munge -n </dev/null | unmunge >/dev/null 2>&1; then
  :
else
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  chmod 755 /run/munge
  rm -f /run/munge/munged.pid
  runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid
fi
munge -n </dev/null | unmunge >/dev/null

alive "$RUN_DIR/slurmctld.pid" || slurmctld
alive "$RUN_DIR/slurmd.pid" || slurmd

deadline=$(($(date +%s) + TIMEOUT_S))
state=""
while :; do
  state=$(sinfo --noheader --nodes="$host" --format=%T 2>/dev/null | head -n1 || true)
  [[ $state == idle || $state == mixed || $state == allocated ]] && break
  # A node left "down" or "drained" by an earlier run comes back once slurmd is up.
  if [[ $state == down* || $state == drain* ]]; then
    scontrol update NodeName="$host" State=RESUME 2>/dev/null || true
  fi
  if (($(date +%s) >= deadline)); then
    echo "ci/slurm/up.sh: node $host not idle after ${TIMEOUT_S}s (state: '${state:-no answer}')" >&2
    tail -n 20 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
    exit 1
  fi
  sleep 1
done
echo "ci/slurm/up.sh: SLURM $(sinfo --version | awk '{print $2}') up: node $host ($state), partition $PARTITION, in $(elapsed) s"
