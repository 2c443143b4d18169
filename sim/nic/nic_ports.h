/* nic_top's ports as plain C structs (docs/ARCHITECTURE.md, "Ports of
 * nic_top"; clk and rst_n belong to whoever clocks it): what the behavioral
 * twin (twin/nic_twin.h) takes and gives, and what nic_rtl.h's nic_inputs,
 * nic_outputs and nic_observed are, with their C++ defaults. */
#ifndef RXSIM_NIC_PORTS_H
#define RXSIM_NIC_PORTS_H

#include <stdbool.h>
#include <stdint.h>

/* Its inputs. */
struct nic_port_inputs {
    bool wire_valid, wire_sof, wire_eof;
    uint64_t wire_data; /* DATA_W bits, byte 0 in bits 7:0 */
    uint8_t wire_keep;
    bool mmio_req_valid, mmio_req_write;
    uint32_t mmio_req_addr, mmio_req_wdata;
    bool mmio_rsp_ready;
    bool dmar_req_ready;
    bool dmar_rsp_valid, dmar_rsp_last;
    uint32_t dmar_rsp_data[4];
    bool dmaw_ready, dmaw_err;
    bool phy_link;
    bool msi_ready;
    bool skip_valid;
    uint32_t skip_cycles;
};

/* Its outputs. */
struct nic_port_outputs {
    bool mmio_req_ready, mmio_rsp_valid;
    uint32_t mmio_rsp_rdata;
    bool dmar_req_valid, dmar_rsp_ready;
    uint64_t dmar_req_addr;
    uint16_t dmar_req_len;
    bool dmaw_valid, dmaw_last;
    uint64_t dmaw_addr;
    uint16_t dmaw_len;
    uint32_t dmaw_data[4];
    bool intx, msi_valid;
    uint32_t idle_cycles;
};

/* The observation outputs: nothing in the model reacts to them. */
struct nic_port_observed {
    uint16_t fifo_frames;
    uint32_t fifo_bytes;
    bool itr_running, rdtr_running, radv_running;
    uint16_t rdh, rdt;
};

#endif
