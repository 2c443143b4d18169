#!/bin/sh
# Installs the Debian packages rxsim needs, only those that are missing.
# Non-interactive; run as root (or via sudo) on Debian bookworm.
set -eu

PACKAGES="build-essential cmake pkg-config python3 verilator libsystemc-dev \
libpcap-dev libgtest-dev clang libclang-rt-14-dev nlohmann-json3-dev libcli11-dev tcpdump \
libtomlplusplus-dev python3-matplotlib parallel slurm-wlm munge tshark zlib1g-dev gtkwave"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=sudo
    else
        echo "install-deps: missing packages:$missing; run this script as root" >&2
        exit 1
    fi
else
    SUDO=
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# tshark (the tests read --pcap-out with it) asks whether non-root users may
# capture: they need not.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
