#!/bin/sh
# `make run`: the most useful thing that runs today. Until the simulator
# (`rxsim run capture.pcap`) lands with the end-to-end issue, this is nic_demo:
# sample frames through the Verilated NIC with a trivial host.
#   scripts/run-demo.sh BUILD_DIR
set -eu
build="${1:-build}"
demo="$build/sim/nic_demo"
if [ ! -x "$demo" ]; then
    echo "run-demo: $demo not built; run 'make build' (or cmake --build $build --target nic_demo)" >&2
    exit 1
fi
exec "$demo"
