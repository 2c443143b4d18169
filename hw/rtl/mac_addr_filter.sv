`default_nettype none

// Destination address filter of the 8254x receive path (datasheet "Receive
// Address Filtering"): a frame passes when it is broadcast and RCTL.BAM is
// set, or its address equals a valid RAL/RAH entry, or it is unicast under
// RCTL.UPE, or it is multicast (not broadcast) under RCTL.MPE or with its MTA
// hash bit set. PIF flags frames that only an inexact filter (hash or
// promiscuous) let through.
module mac_addr_filter
  import nic_regs_pkg::*;
(
  // Destination address, byte 0 (the first on the wire) in bits 7:0; the
  // table is searched only while en_i is set (outputs 0 otherwise), so that
  // a simulator does the NIC_RAL_COUNT compares once per frame, not every
  // cycle.
  input  logic             en_i,
  input  logic [47:0]      da_i,
  // Configuration (nic_csr).
  input  logic             cfg_upe,       // RCTL.UPE
  input  logic             cfg_mpe,       // RCTL.MPE
  input  logic             cfg_bam,       // RCTL.BAM
  input  logic [1:0]       cfg_mo,        // RCTL.MO
  input  logic [32*NIC_MTA_COUNT-1:0] cfg_mta,      // MTA[i] in bits 32i+31:32i
  input  logic [48*NIC_RAL_COUNT-1:0] cfg_ra,       // entry i in bits 48i+47:48i, as RAL/RAH hold it
  input  logic [NIC_RAL_COUNT-1:0]    cfg_ra_valid, // RAH.AV of each entry
  // Verdict.
  output logic             accept_o,
  output logic             pif_o,
  output logic             bcast_o,
  output logic             mcast_o       // multicast and not broadcast
);

  logic        exact, inexact;
  logic [11:0] hash;
  logic [7:0]  d4, d5;

  assign d4 = da_i[39:32];
  assign d5 = da_i[47:40];

  // e1000's multicast hash: 12 bits of the address, chosen by RCTL.MO.
  always_comb begin
    unique case (cfg_mo)
      2'd0:    hash = {d5,      d4[7:4]};
      2'd1:    hash = {d5[6:0], d4[7:3]};
      2'd2:    hash = {d5[5:0], d4[7:2]};
      default: hash = {d5[3:0], d4};
    endcase
  end

  always_comb begin
    exact = 1'b0;
    if (en_i) begin
      for (int i = 0; i < NIC_RAL_COUNT; i++) begin
        exact = exact | (cfg_ra_valid[i] && cfg_ra[48*i +: 48] == da_i);
      end
    end
  end

  assign bcast_o  = &da_i;
  assign mcast_o  = da_i[0] && !bcast_o;
  // MTA register hash[11:5], bit hash[4:0]: bit number hash of the array.
  assign inexact  = (!da_i[0] && cfg_upe) || (mcast_o && (cfg_mpe || cfg_mta[hash]));
  assign accept_o = en_i && ((bcast_o && cfg_bam) || exact || inexact);
  assign pif_o    = accept_o && !exact && !(bcast_o && cfg_bam);

endmodule

`default_nettype wire
