#!/bin/sh
# Regenerates the bundled traces into DIR (default: this directory).
# usage: RXSIM_GEN=path/to/rxsim-gen sh traces/make-traces.sh [DIR]
# The test trace_bundled_current runs this and compares the results byte
# for byte with the committed files; traces/README.md shows each command.
set -eu
GEN=${RXSIM_GEN:-rxsim-gen}
cd "${1:-$(dirname "$0")}"
"$GEN" -o demo.pcap -n 200 -s 256 --rate 100k --flows 4 --ports 9000,9001
"$GEN" -o burst64.pcap -n 2000 -s 64 --line-rate
"$GEN" -o mixed.pcap -n 400 -s imix --rate 200k --flows 6 --ports 9000,9001,9002 --arp 0.05 --tcp 0.2 --frag 3 --frag-fraction 0.1 --vlan 100 --tag-fraction 0.1 --bad-ip-csum 0.03 --bad-l4-csum 0.05 --other-unicast 0.05 --multicast 0.05 --broadcast 0.02 --runt 0.02 --oversize 0.02 --seed 42
