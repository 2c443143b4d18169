/* The behavioral twin of nic_top (hw/rtl), in C: the same ports, the same
 * outputs at the same clock edges, for any DATA_W and CLK_PERIOD_PS the RTL
 * takes. Driven like the Verilated model (sim/nic/nic_rtl.h): settle() with
 * the inputs before an edge, rise() for the edge. twin_nic.h adapts it to
 * nic_rtl; --nic-model behavioral runs it, --nic-model both runs it in
 * lock-step with the RTL. */
#ifndef RXSIM_NIC_TWIN_H
#define RXSIM_NIC_TWIN_H

#include <stdbool.h>
#include <stdint.h>

#include "nic_ports.h"

#ifdef __cplusplus
extern "C" {
#endif

struct nic_twin;

/* A twin of nic_top #(DATA_W, CLK_PERIOD_PS, FIFO_BYTES, DESC_CACHE); NULL
 * for parameters the RTL refuses or when memory runs out. */
struct nic_twin *nic_twin_new(unsigned data_w, uint64_t clk_period_ps, uint32_t fifo_bytes, uint32_t desc_cache);
void nic_twin_free(struct nic_twin *t);
/* Power-on state, then rst_n held low for a few edges with every input 0,
 * as nic_rtl::reset() does it. */
void nic_twin_reset(struct nic_twin *t);
/* The inputs with the clock low: `out` is what the coming edge samples. */
void nic_twin_settle(struct nic_twin *t, const struct nic_port_inputs *in, struct nic_port_outputs *out);
/* The rising edge with the inputs last settled: `out` after it. */
void nic_twin_rise(struct nic_twin *t, struct nic_port_outputs *out);
void nic_twin_observe(const struct nic_twin *t, struct nic_port_observed *o);

/* The event path (--nic-model behavioral; never in lock-step, where the
 * comparer checks every edge). A frame's wire bytes (preamble, SFD, DA..FCS)
 * handed whole: they go on the wire port from the next settled edge on,
 * DATA_W / 8 a clock, as a wire driver would put them (sof first, eof and
 * keep on the last word); the caller drives no wire word meanwhile. 0 when
 * memory runs out. */
int nic_twin_take_frame(struct nic_twin *t, const uint8_t *wire, uint32_t len);
/* Up to `cycles` edges the twin clocks itself, every one with the inputs
 * `in` (no MMIO request, no DMA read response, no wire word but a frame
 * taken whole; the caller's next input change is further away): it stops
 * before an edge where the caller would take part in a handshake (MMIO
 * response, DMA read request, DMA write beat, MSI) and after one that
 * changes intx or the observation outputs (the caller hears of those at
 * their edge). Stretches where nothing but timers count are one skip edge,
 * as the caller's own. A DMA write beat other than a burst's last is no
 * stop while `beats` has room (max_beats): its dmaw_data goes to
 * beats[4 * i ..], *nbeats of them, for the caller to take as its own (the
 * burst's dmaw_addr and dmaw_len stay on the outputs until its last beat).
 * Returns the cycles done, `out` as after the last one; 0 when the first
 * edge has a handshake, `out` then as settled for it with `in` (the caller
 * settles and rises it, as any edge). */
uint32_t nic_twin_run_quiet(struct nic_twin *t, const struct nic_port_inputs *in, uint32_t cycles,
                            struct nic_port_outputs *out, uint32_t *beats, uint32_t max_beats, uint32_t *nbeats);

#ifdef __cplusplus
}
#endif

#endif
