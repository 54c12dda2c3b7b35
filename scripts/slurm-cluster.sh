#!/bin/sh
# A single-node Slurm cluster on localhost (controller and compute daemon), for tests and CI.
#
#   scripts/slurm-cluster.sh start   # munged, slurmctld, slurmd; waits until the node is idle
#   scripts/slurm-cluster.sh stop    # stops them by the pids in their pid files
#   scripts/slurm-cluster.sh status
#
# Everything lives in $STREAMBOUND_SLURM_DIR (default /tmp/streambound-slurm): slurm.conf, pid
# files, spool, state, logs and a private munge socket, so a system Slurm or munge is never
# touched. Clients need SLURM_CONF=$STREAMBOUND_SLURM_DIR/slurm.conf. Run as root (CI is).
# Ports: $STREAMBOUND_SLURM_PORT and the next one (default 16817, 16818).
set -eu

DIR=${STREAMBOUND_SLURM_DIR:-/tmp/streambound-slurm}
PORT=${STREAMBOUND_SLURM_PORT:-16817}
CONF="$DIR/slurm.conf"
SBIN=/usr/sbin

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pidfile() {
  pidfile=$1
  if alive "$pidfile"; then
    pid=$(cat "$pidfile")
    kill "$pid"
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$pidfile"
}

write_conf() {
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(free -m | awk '/^Mem:/ { print int($2 * 0.9) }')
  cat >"$CONF" <<CONF
ClusterName=streambound
SlurmctldHost=$host
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=$((mem / cpus / 2))
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
MpiDefault=none
SchedulerType=sched/backfill
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
}

start() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "slurm-cluster.sh: start needs root (munged runs as the munge user, the Slurm daemons as root)" >&2
    exit 2
  fi
  mkdir -p "$DIR/munge" "$DIR/spool" "$DIR/state" "$DIR/log"
  chmod 0755 "$DIR"
  chown munge:munge "$DIR/munge"
  chmod 0755 "$DIR/munge"
  if ! runuser -u munge -- test -w "$DIR/munge"; then
    echo "slurm-cluster.sh: the munge user cannot reach $DIR/munge (is a parent directory closed to others?)" >&2
    exit 2
  fi
  if ! alive "$DIR/munge/munged.pid"; then
    runuser -u munge -- "$SBIN/munged" --socket="$DIR/munge/munge.socket" --pid-file="$DIR/munge/munged.pid" \
      --log-file="$DIR/munge/munged.log" --seed-file="$DIR/munge/munged.seed"
  fi
  munge -n --socket="$DIR/munge/munge.socket" | unmunge --socket="$DIR/munge/munge.socket" >/dev/null
  write_conf
  export SLURM_CONF="$CONF"
  alive "$DIR/slurmctld.pid" || "$SBIN/slurmctld" -f "$CONF"
  alive "$DIR/slurmd.pid" || "$SBIN/slurmd" -f "$CONF"
  i=0
  until sinfo -h -o %T 2>/dev/null | grep -qx idle; do
    i=$((i + 1))
    if [ $i -gt 300 ]; then
      echo "slurm-cluster.sh: the node did not become idle in 30 s; logs in $DIR/log" >&2
      sinfo >&2 || true
      exit 1
    fi
    sleep 0.1
  done
  echo "SLURM_CONF=$CONF"
}

stop() {
  stop_pidfile "$DIR/slurmd.pid"
  stop_pidfile "$DIR/slurmctld.pid"
  stop_pidfile "$DIR/munge/munged.pid"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    for p in "$DIR/munge/munged.pid" "$DIR/slurmctld.pid" "$DIR/slurmd.pid"; do
      if alive "$p"; then echo "running: $p ($(cat "$p"))"; else echo "stopped: $p"; fi
    done
    ;;
  *)
    echo "usage: scripts/slurm-cluster.sh start|stop|status (directory: \$STREAMBOUND_SLURM_DIR, default /tmp/streambound-slurm)" >&2
    exit 2
    ;;
esac
