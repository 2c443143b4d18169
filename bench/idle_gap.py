#!/usr/bin/env python3
"""What a pause in the capture costs: two bursts of 10 64 B UDP frames, 1 us
apart, with no pause, an hour, a day and 50 days between them (the replay
may last 53 days; a year does not fit SystemC's 64-bit picoseconds), each
replayed by `rxsim run`, and the day once more with --no-idle-fold (every
2 s watchdog period run). The variants run in turn, round after round, so
the machine's drift hits all alike; printed: the median wall time of each and
its median extra over the no-pause run of the same round.

    bench/idle_gap.py BUILD/sim/rxsim/rxsim [rounds]
"""
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DAY = 86400


def udp_frame(i):
    payload = bytes(18)
    udp = struct.pack(">HHHH", 40000, 9000, 8 + len(payload), 0) + payload
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i, 0, 64, 17, 0,
                     bytes([10, 0, 0, 2]), bytes([10, 0, 0, 1]))
    s = sum(struct.unpack(">10H", ip))
    s = (s & 0xFFFF) + (s >> 16)
    s = (s & 0xFFFF) + (s >> 16)
    ip = ip[:10] + struct.pack(">H", ~s & 0xFFFF) + ip[12:]
    return bytes([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2]) + b"\x08\x00" + ip + udp


def write_trace(path, gap_s):
    """pcap, nanosecond timestamps, Ethernet."""
    out = struct.pack("<IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 65535, 1)
    t = 1_700_000_000 * 10**9
    for burst in range(2):
        for i in range(10):
            ts, f = t + i * 1000, udp_frame(burst * 10 + i)
            out += struct.pack("<IIII", ts // 10**9, ts % 10**9, len(f), len(f)) + f
        t += gap_s * 10**9 + 10**6
    path.write_bytes(out)


def main():
    rxsim = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    tmp = Path(tempfile.mkdtemp(prefix="idle_gap_"))
    variants = [("no pause", 0, []), ("1 hour", 3600, []), ("1 day", DAY, []),
                ("50 days", 50 * DAY, []), ("1 day, --no-idle-fold", DAY, ["--no-idle-fold"])]
    walls = {name: [] for name, _, _ in variants}
    for name, gap, _ in variants:
        write_trace(tmp / f"{gap}.pcap", gap)
    for _ in range(rounds):
        for name, gap, extra in variants:
            start = time.perf_counter()
            subprocess.run([rxsim, "run", str(tmp / f"{gap}.pcap"), "--no-progress", *extra],
                           check=True, stdout=subprocess.DEVNULL)
            walls[name].append(time.perf_counter() - start)
    base = walls["no pause"]
    print(f"{'pause':24} {'median wall s':>14} {'median extra ms':>16}   ({rounds} rounds)")
    for name, _, _ in variants:
        extra = statistics.median(w - b for w, b in zip(walls[name], base))
        print(f"{name:24} {statistics.median(walls[name]):14.4f} {1000 * extra:16.2f}")


if __name__ == "__main__":
    main()
