/* Ethernet frame check sequence: CRC-32 of IEEE 802.3. */
#ifndef RXSIM_ETH_FCS_H
#define RXSIM_ETH_FCS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* CRC-32 (reflected polynomial 0xEDB88320, initial value and final xor
 * 0xFFFFFFFF) of len bytes: the value the wire carries as the FCS, least
 * significant byte first. eth_fcs("123456789", 9) == 0xCBF43926. */
uint32_t eth_fcs(const uint8_t *data, size_t len);

/* The CRC register after len more bytes, not complemented (the receiving
 * MAC's view: a frame and its FCS from 0xFFFFFFFF leave 0xDEBB20E3). */
uint32_t eth_crc32_update(uint32_t crc, const uint8_t *data, size_t len);

/* Appends the 4 FCS bytes of frame[0..len) at frame[len..len+4). */
void eth_fcs_append(uint8_t *frame, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* RXSIM_ETH_FCS_H */
