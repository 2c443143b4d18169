#!/bin/sh
# rxsim sweep --engine slurm against a one-node Slurm cluster started here:
# munged, slurmctld -D and slurmd -D with a generated slurm.conf (localhost,
# ports of its own, state, spool and logs in a temporary directory, plugins
# that need no cgroups: proctrack/linuxproc, task/none, select/cons_tres).
# The sweep's results.csv must be the local engine's, byte for byte. What is
# missing to run it fails the test, naming it; nothing is skipped.
#   slurm_sweep_test.sh RXSIM SPEC
set -eu
rxsim=$1 spec=$2

missing=""
for p in munged mungekey slurmctld slurmd sbatch squeue sinfo scancel; do
    command -v "$p" >/dev/null 2>&1 || [ -x "/usr/sbin/$p" ] || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "slurm test: missing:$missing (Debian: munge slurm-wlm; scripts/install-deps.sh)" >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "slurm test: must run as root (slurmd starts jobs as their user)" >&2
    exit 1
fi
PATH=$PATH:/usr/sbin

tmp=$(mktemp -d /tmp/rxsim-slurm-XXXXXX)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    for p in $pids; do
        i=0
        while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
        kill -9 "$p" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
fail() {
    echo "slurm test: $*" >&2
    for f in "$tmp"/munged.log "$tmp"/slurmctld.log "$tmp"/slurmd.log; do
        [ -f "$f" ] && { echo "--- $f" >&2; tail -20 "$f" >&2; }
    done
    exit 1
}

# Three free ports from the kernel.
set -- $(python3 -c 'import socket
s=[socket.socket() for _ in range(3)]
[x.bind(("127.0.0.1", 0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
ctld_port=$1 slurmd_port=$2

mkdir -p "$tmp/state" "$tmp/spool" "$tmp/munge"
chmod 711 "$tmp/munge"
mungekey -c -k "$tmp/munge/munge.key" >/dev/null 2>&1 || fail "mungekey could not make a key"
munged --foreground --force --socket="$tmp/munge/munge.sock" --key-file="$tmp/munge/munge.key" \
    --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munged.log" --seed-file="$tmp/munge/seed" \
    2>"$tmp/munged.out" &
pids="$pids $!"

cpus=$(nproc)
cat > "$tmp/slurm.conf" <<CONF
ClusterName=rxsimtest
SlurmctldHost=$(hostname)(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/munge.sock
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=rxsimnode NodeHostname=$(hostname) NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=rxsimtest Nodes=rxsimnode Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"

i=0
until [ -S "$tmp/munge/munge.sock" ]; do
    i=$((i + 1)); [ $i -lt 100 ] || fail "munged did not start"; sleep 0.1
done
slurmctld -D -i -f "$SLURM_CONF" >"$tmp/slurmctld.out" 2>&1 &
pids="$pids $!"
slurmd -D -N rxsimnode -f "$SLURM_CONF" >"$tmp/slurmd.out" 2>&1 &
pids="$pids $!"
i=0
until [ "$(sinfo -h -n rxsimnode -o %T 2>/dev/null)" = "idle" ]; do
    i=$((i + 1)); [ $i -lt 300 ] || fail "the node did not become idle in 30 s: $(sinfo -h -o '%T %E' 2>&1)"
    sleep 0.1
done

"$rxsim" sweep "$spec" -o "$tmp/local" -j 2 --no-plot >/dev/null || fail "the local sweep failed"
"$rxsim" sweep "$spec" -o "$tmp/slurm" --engine slurm -j 3 --no-plot >"$tmp/sweep.out" 2>&1 ||
    { cat "$tmp/sweep.out" >&2; fail "the slurm sweep failed"; }
grep -q "slurm job [0-9]*: 4 points in 3 array tasks" "$tmp/sweep.out" || { cat "$tmp/sweep.out" >&2; fail "no array job"; }
cmp "$tmp/local/results.csv" "$tmp/slurm/results.csv" || fail "the slurm CSV is not the local one"

# --no-wait, then collect: the same CSV again.
"$rxsim" sweep "$spec" -o "$tmp/later" --engine slurm --no-wait >"$tmp/nowait.out" 2>&1 ||
    { cat "$tmp/nowait.out" >&2; fail "the --no-wait sweep failed"; }
job=$(sed -n 's/.*slurm job \([0-9]*\):.*/\1/p' "$tmp/nowait.out")
i=0
while [ -n "$(squeue -h -j "$job" 2>/dev/null)" ]; do
    i=$((i + 1)); [ $i -lt 600 ] || fail "job $job did not end in 60 s"; sleep 0.1
done
"$rxsim" sweep collect "$tmp/later" --no-plot >/dev/null || fail "rxsim sweep collect failed"
cmp "$tmp/local/results.csv" "$tmp/later/results.csv" || fail "the collected CSV is not the local one"
echo "slurm test: the slurm engine's results.csv (waited, and --no-wait + collect) is the local engine's"
