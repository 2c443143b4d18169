#!/bin/sh
# `make run`: the simulator on the bundled demo trace (traces/README.md):
# 200 UDP datagrams at 100 kpps to ports 9000 and 9001, a receiver thread on
# each, the default e1000 settings (InterruptThrottleRate 3, NAPI).
#   scripts/run-demo.sh BUILD_DIR
set -eu
build="${1:-build}"
rxsim="$build/sim/rxsim/rxsim"
if [ ! -x "$rxsim" ]; then
    echo "run-demo: $rxsim not built; run 'make build' (or cmake --build $build --target rxsim)" >&2
    exit 1
fi
here=$(dirname "$0")/..
echo "rxsim run traces/demo.pcap --udp-port 9000 --udp-port 9001 --json $build/demo.json"
exec "$rxsim" run "$here/traces/demo.pcap" --udp-port 9000 --udp-port 9001 --json "$build/demo.json"
