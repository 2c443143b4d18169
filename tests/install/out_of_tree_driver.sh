#!/bin/sh
# out_of_tree_driver.sh CMAKE GENERATOR CC BUILD DRIVER_SRC PROJECT: BUILD
# installed into a temporary prefix; PROJECT (a driver developer's
# CMakeLists.txt) built against it with DRIVER_SRC's files as its driver; the
# installed rxsim, through rxsim::rxsim, passes the battery with that module,
# and refuses one of another ABI version (exit 2, naming both versions).
set -e
cmake=$1 generator=$2 cc=$3 build=$4 driver_src=$5 project=$6
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rxsim-out-of-tree-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# Into the prefix itself, whatever DESTDIR the caller has set.
unset DESTDIR
"$cmake" --install "$build" --prefix "$tmp/prefix" >/dev/null
mkdir -p "$tmp/src/mydrv"
cp "$project/CMakeLists.txt" "$project/wrong_abi.c" "$tmp/src"
cp "$driver_src"/*.c "$driver_src"/*.h "$tmp/src/mydrv"
"$cmake" -S "$tmp/src" -B "$tmp/build" -G "$generator" -DCMAKE_C_COMPILER="$cc" \
         -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
"$cmake" --build "$tmp/build"

rxsim=$tmp/prefix/bin/rxsim
# The installed battery, not the source tree's.
battery=$tmp/prefix/share/rxsim/battery.json
if ! "$rxsim" check --help | grep -qF "$battery"; then
    echo "rxsim check --help does not name $battery as the battery"
    exit 1
fi
# The installed plot script too.
if ! "$rxsim" plot --help | grep -qF "$tmp/prefix/share/rxsim/plot_sweep.py"; then
    echo "rxsim plot --help does not name the installed plot_sweep.py"
    exit 1
fi
"$cmake" --build "$tmp/build" --target battery

cd "$tmp/build"
"$rxsim" gen -q -n 10 -o ten.pcap
for command in "check -j 2" "run ten.pcap"; do
    rc=0
    "$rxsim" $command --driver ./libwrong_abi.so 2>"$tmp/err" || rc=$?
    cat "$tmp/err"
    if [ "$rc" -ne 2 ]; then
        echo "rxsim $command with a module of ABI version 99: expected exit 2, got $rc"
        exit 1
    fi
    if ! grep -q "driver ABI version 99, this rxsim has " "$tmp/err"; then
        echo "rxsim $command: no message naming both ABI versions"
        exit 1
    fi
done
echo "out-of-tree driver: built from the installed package, passed the battery; ABI 99 refused"
