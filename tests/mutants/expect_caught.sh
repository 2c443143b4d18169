#!/bin/sh
# expect_caught.sh RXSIM MODULE REGEX: the battery run with the mutant driver
# must fail (exit 7) with a FAIL line matching REGEX, and crash no run (a
# broken driver is caught by the checks, not by a signal).
rxsim=$1 module=$2 regex=$3
out=$("$rxsim" check -j 2 --driver "$module" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne 7 ]; then
    echo "expected the battery to fail (exit 7), got exit $rc"
    exit 1
fi
if ! printf '%s\n' "$out" | grep '^FAIL' | grep -Eq -- "$regex"; then
    echo "no FAIL line names: $regex"
    exit 1
fi
if printf '%s\n' "$out" | grep '^FAIL' | grep -Eq -- 'exited (129|1[3-9][0-9]|2[0-5][0-9])'; then
    echo "a run was killed by a signal (exit above 128): rxsim crashed"
    exit 1
fi
