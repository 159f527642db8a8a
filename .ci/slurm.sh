#!/usr/bin/env bash
# A one-node SLURM cluster on this machine, for the SLURM test (tests/test_slurm.py).
#
#   bash .ci/slurm.sh start    install the packages if missing, start munged, slurmctld and
#                              slurmd in a private folder, wait until the node is idle
#   bash .ci/slurm.sh status   the node and the queue; exit 0 when the cluster is up, 3 when not
#   bash .ci/slurm.sh env      prints `export SLURM_CONF=...` for the clients (sbatch, squeue)
#   bash .ci/slurm.sh stop     cancel every job, stop the daemons this script started (by their
#                              recorded PIDs, nothing else) and remove the folder
#
# No systemd, no cgroups, no accounting; everything listens on 127.0.0.1 only. The folder is
# $SAMENSTURING_SLURM_DIR (default /tmp/samensturing-slurm); nothing outside it is written except
# the Debian packages. Starting needs root (the daemons run jobs as the submitting user).
set -euo pipefail

DIR="${SAMENSTURING_SLURM_DIR:-/tmp/samensturing-slurm}"
CONF="$DIR/slurm.conf"
PACKAGES=(slurmctld slurmd slurm-client munge)
DAEMONS=(munged slurmctld slurmd)   # started in this order, stopped in the reverse one
PORTS=(6817 6818)                   # slurmctld, slurmd

say() { echo "slurm.sh: $*" >&2; }
die() { say "$*"; exit 1; }

pid_of() { cat "$DIR/$1.pid" 2>/dev/null || true; }

# True when the PID recorded for daemon $1 runs and is still that program (not a reused PID);
# a zombie waiting for its parent to reap it counts as stopped.
alive() {
    local pid stat
    pid="$(pid_of "$1")"
    [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ] || return 1
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }"
    [ "${stat%% *}" != "Z" ]
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

install_packages() {
    local missing=() package
    for package in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
            || missing+=("$package")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || die "cannot install ${missing[*]}: not root"
    command -v apt-get >/dev/null || die "cannot install ${missing[*]}: no apt-get (not Debian)"
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

write_conf() {
    local host node
    host="$(hostname -s)"
    # The node line as slurmd sees this machine (CPUs, sockets, cores, memory), minus UpTime.
    node="$(slurmd -C | head -n 1)"
    cat >"$CONF" <<EOF
ClusterName=samensturing
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=${PORTS[0]}
SlurmdPort=${PORTS[1]}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket.2
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
MinJobAge=30
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munge() {
    mkdir -p "$DIR/munge" "$DIR/log"
    chmod 0711 "$DIR/munge"   # munged refuses a socket folder that others cannot traverse
    dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
    chmod 0400 "$DIR/munge/munge.key"
    munged --socket="$DIR/munge/munge.socket.2" --key-file="$DIR/munge/munge.key" \
        --pid-file="$DIR/munged.pid" --log-file="$DIR/log/munged.log" \
        --seed-file="$DIR/munge/munged.seed"
}

wait_idle() {
    local i state
    for i in $(seq 1 60); do
        state="$(SLURM_CONF="$CONF" sinfo -h -o %t 2>/dev/null || true)"
        if [ "$state" = "idle" ]; then
            say "node idle after $((i / 2)) s"
            return 0
        fi
        sleep 0.5
    done
    say "the node did not become idle in 30 s (state: ${state:-none}); logs in $DIR/log:"
    tail -n 5 "$DIR"/log/*.log >&2 || true
    return 1
}

start() {
    if [ -d "$DIR" ]; then
        if alive slurmctld && alive slurmd; then
            say "already running in $DIR"
            return 0
        fi
        say "removing the leftovers of an earlier start in $DIR"
        stop
    fi
    install_packages
    local port
    for port in "${PORTS[@]}"; do
        port_busy "$port" && die "port $port is taken: another SLURM is running here?"
    done
    local started
    started="$(date +%s.%N)"
    mkdir -p "$DIR"/{state,spool,log}
    chmod 0755 "$DIR"
    # From here on a failure stops what was started and removes the folder.
    trap 'say "start failed; cleaning up"; stop' ERR
    start_munge
    write_conf
    slurmctld -f "$CONF"
    slurmd -f "$CONF"
    wait_idle || { stop; exit 1; }
    trap - ERR
    say "up in $(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s;" \
        "clients need: export SLURM_CONF=$CONF"
}

cancel_jobs() {
    alive slurmctld || return 0
    local jobs i
    jobs="$(SLURM_CONF="$CONF" squeue -h -o %A 2>/dev/null || true)"
    [ -z "$jobs" ] && return 0
    # shellcheck disable=SC2086  # one argument per job id
    SLURM_CONF="$CONF" scancel $jobs || true
    for i in $(seq 1 40); do
        [ -z "$(SLURM_CONF="$CONF" squeue -h -o %A 2>/dev/null || true)" ] && return 0
        sleep 0.5
    done
    say "jobs still listed after 20 s: $(SLURM_CONF="$CONF" squeue -h -o %A | tr '\n' ' ')"
}

stop_daemon() {
    local name="$1" pid i
    alive "$name" || return 0
    pid="$(pid_of "$name")"
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 40); do
        alive "$name" || return 0
        sleep 0.25
    done
    say "$name ($pid) ignored SIGTERM for 10 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
}

stop() {
    trap - ERR
    [ -d "$DIR" ] || { say "not running (no $DIR)"; return 0; }
    cancel_jobs
    local i
    for ((i = ${#DAEMONS[@]} - 1; i >= 0; i--)); do
        stop_daemon "${DAEMONS[i]}"
    done
    rm -rf "$DIR"
    say "stopped; $DIR removed"
}

status() {
    if ! { alive slurmctld && alive slurmd && alive munged; }; then
        say "not running"
        return 3
    fi
    echo "SLURM_CONF=$CONF"
    SLURM_CONF="$CONF" sinfo
    SLURM_CONF="$CONF" squeue
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    env) echo "export SLURM_CONF=$CONF" ;;
    *) echo "usage: $0 start|status|env|stop" >&2; exit 2 ;;
esac
