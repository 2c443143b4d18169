#!/bin/sh
# The bundled traces' reports, byte for byte: each run below writes its JSON
# report (and, for mixed, the packet log) and compares it with the committed
# golden file of the same name. A change that moves a figure on purpose
# refreshes them (and says why in its commit):
#   sh tests/sim/rxsim/golden/check_golden.sh build/sim/rxsim/rxsim traces tests/sim/rxsim/golden --update
#   check_golden.sh RXSIM TRACES_DIR GOLDEN_DIR [--update]
set -eu
rxsim=$1 traces=$2 golden=$3 mode=${4:-check}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0

# name, then the arguments after `rxsim run`
run() {
    name=$1
    shift
    "$rxsim" run "$@" --no-progress --json "$out/$name.json" >"$out/$name.txt" 2>&1 || {
        echo "golden: $name: rxsim exited $?"; cat "$out/$name.txt"; status=1; return; }
    for f in "$out/$name".json "$out/$name".log; do
        [ -e "$f" ] || continue
        base=$(basename "$f")
        if [ "$mode" = --update ]; then
            cp "$f" "$golden/$base"
        elif ! cmp -s "$f" "$golden/$base"; then
            echo "golden: $base differs from $golden/$base:"
            diff "$golden/$base" "$f" | head -40 || true
            status=1
        fi
    done
}

udp3="--udp-port 9000 --udp-port 9001 --udp-port 9002 --tcp-flow 5001:10.0.0.2:40000"
for nic in 10g 1g; do
    run demo_$nic "$traces/demo.pcap" --nic $nic --udp-port 9000 --udp-port 9001
    run burst64_$nic "$traces/burst64.pcap" --nic $nic
    # shellcheck disable=SC2086
    run mixed_$nic "$traces/mixed.pcap" --nic $nic $udp3 --proc-net --packet-log "$out/mixed_$nic.log"
done
run burst64_ring80_10g "$traces/burst64.pcap" --ring 80

[ "$mode" = --update ] && echo "golden: rewrote the files in $golden"
[ $status -eq 0 ] && [ "$mode" != --update ] && echo "golden: every report byte-identical"
exit $status
