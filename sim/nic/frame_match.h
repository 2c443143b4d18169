// Which wire frame a frame the host received is. Both hosts that check
// payload integrity against the wire (trivial_host in sim/testbed,
// packet_ledger in sim/system) match the same way: a received frame is the
// oldest wire frame not matched yet whose bytes it equals, in wire order (so
// a frame sent twice is matched once each time); the wire frames passed over
// were lost before the host (MAC drop, address filter, FIFO overrun). What
// differs between them is only the form the bytes arrive in, which
// received_frame says. No SystemC here.
#ifndef RXSIM_FRAME_MATCH_H
#define RXSIM_FRAME_MATCH_H

#include <cstddef>
#include <cstdint>

namespace rxsim {

// A frame as the host found it in its receive buffers.
struct received_frame {
    const uint8_t *data = nullptr;
    size_t len = 0;
    // False: only the first buffer of a frame cut over several (no EOP), so
    // data is a prefix of the frame.
    bool whole = true;
    // RCTL.SECRC: the wire's 4 FCS bytes are not in data.
    bool fcs_stripped = false;
    // Descriptor status VP: the 802.1Q tag after the MAC addresses was taken
    // out of data (CTRL.VME).
    bool vlan_stripped = false;
};

// Whether rx is the frame the wire carried as wire[0, wire_len) (DA..FCS).
bool is_wire_frame(const uint8_t *wire, size_t wire_len, const received_frame &rx);

// The position in `pending` (wire frames not matched yet, oldest first; each
// element has a `bytes` vector, DA..FCS) of the frame rx is, pending.size()
// when none: the frames before it are the ones passed over.
template <class Frames>
size_t find_wire_frame(const Frames &pending, const received_frame &rx)
{
    size_t i = 0;
    for (const auto &w : pending) {
        if (is_wire_frame(w.bytes.data(), w.bytes.size(), rx))
            return i;
        ++i;
    }
    return i;
}

} // namespace rxsim

#endif
