#!/bin/sh
# Regenerates the bundled traces with traces/make-traces.sh and checks that
# they are byte-identical to the committed ones, and that traces/README.md
# shows each command exactly as the script runs it.
# usage: check_bundled.sh RXSIM_GEN TRACES_DIR SCRATCH_DIR
set -eu
gen=$1 traces=$2 scratch=$3
rm -rf "$scratch"
mkdir -p "$scratch"
RXSIM_GEN="$gen" sh "$traces/make-traces.sh" "$scratch" >/dev/null
status=0
for f in "$scratch"/*.pcap; do
    name=$(basename "$f")
    if ! cmp "$f" "$traces/$name"; then
        echo "traces/$name differs from what make-traces.sh generates" >&2
        status=1
    fi
done
for f in "$traces"/*.pcap; do
    [ -e "$scratch/$(basename "$f")" ] || { echo "$f is not made by make-traces.sh" >&2; status=1; }
done
grep '^"$GEN" ' "$traces/make-traces.sh" | sed 's/^"\$GEN" /rxsim-gen /' | while IFS= read -r cmd; do
    grep -qxF "    $cmd" "$traces/README.md" || { echo "README lacks: $cmd" >&2; exit 1; }
done || status=1
exit $status
