#include "frame_match.h"

#include <cstring>

namespace rxsim {

namespace {

constexpr size_t fcs_len = 4;        // stripped by RCTL.SECRC
constexpr size_t vlan_tag_len = 4;   // 802.1Q TPID + TCI
constexpr size_t mac_addrs_len = 12; // destination + source

} // namespace

bool is_wire_frame(const uint8_t *wire, size_t wire_len, const received_frame &rx)
{
    const size_t tag = rx.vlan_stripped ? vlan_tag_len : 0;
    const size_t stripped = (rx.fcs_stripped ? fcs_len : 0) + tag;
    if (wire_len < stripped)
        return false;
    const size_t len = wire_len - stripped; // what the buffers would hold of it
    if (rx.whole ? len != rx.len : len < rx.len)
        return false;
    if (!tag)
        return rx.len == 0 || std::memcmp(wire, rx.data, rx.len) == 0;
    // Compare around the tag the NIC took out.
    return rx.len >= mac_addrs_len && std::memcmp(wire, rx.data, mac_addrs_len) == 0 &&
           std::memcmp(wire + mac_addrs_len + tag, rx.data + mac_addrs_len, rx.len - mac_addrs_len) == 0;
}

} // namespace rxsim
