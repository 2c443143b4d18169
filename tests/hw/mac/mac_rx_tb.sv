`default_nettype none

// Test-only top: mac_rx feeding mac_stats, as nic_top joins them, with every
// other port brought out for the GoogleTest benches.
module mac_rx_tb
  import nic_regs_pkg::*;
#(
  parameter int DATA_W = 64
) (
  input  logic                clk,
  input  logic                rst_n,
  input  logic                wire_valid,
  output logic                wire_ready,
  input  logic [DATA_W-1:0]   wire_data,
  input  logic [DATA_W/8-1:0] wire_keep,
  input  logic                wire_sof,
  input  logic                wire_eof,
  input  logic                cfg_rx_en,
  input  logic                cfg_sbp,
  input  logic                cfg_upe,
  input  logic                cfg_mpe,
  input  logic                cfg_lpe,
  input  logic                cfg_bam,
  input  logic [1:0]          cfg_mo,
  input  logic                cfg_secrc,
  input  logic                cfg_vme,
  input  logic                cfg_ipofld,
  input  logic                cfg_tuofld,
  input  logic [7:0]          cfg_pcss,
  input  logic [32*NIC_MTA_COUNT-1:0] cfg_mta,
  input  logic                cfg_vfe,
  input  logic [32*NIC_VFTA_COUNT-1:0] cfg_vfta,
  input  logic [48*NIC_RAL_COUNT-1:0] cfg_ra,
  input  logic [NIC_RAL_COUNT-1:0]    cfg_ra_valid,
  output logic                wr_valid,
  output logic [127:0]        wr_data,
  output logic [4:0]          wr_bytes,
  output logic                wr_end,
  output logic                wr_commit,
  output logic [63:0]         wr_meta,
  output logic                rxseq,
  output logic                idle,
  input  logic                ev_missed,
  input  logic                ev_no_buffer,
  input  logic                rd_en,
  input  logic [16:0]         rd_addr,
  output logic [31:0]         rd_data,
  output logic                rd_hit
);

  logic                  ev_frame, ev_bcast, ev_mcast;
  mac_rx_pkg::rx_class_e ev_class;
  logic [31:0]           ev_bytes;
  nic_types_pkg::rx_meta_t meta;

  assign wr_meta = meta;

  mac_rx #(.DATA_W(DATA_W)) u_mac_rx (
    .clk, .rst_n,
    .wire_valid, .wire_ready, .wire_data, .wire_keep, .wire_sof, .wire_eof,
    .cfg_rx_en, .cfg_sbp, .cfg_upe, .cfg_mpe, .cfg_lpe, .cfg_bam, .cfg_mo,
    .cfg_secrc, .cfg_vme, .cfg_ipofld, .cfg_tuofld, .cfg_pcss, .cfg_mta,
    .cfg_vfe, .cfg_vfta, .cfg_ra, .cfg_ra_valid,
    .wr_valid, .wr_data, .wr_bytes, .wr_end, .wr_commit, .wr_meta(meta),
    .ev_frame, .ev_class, .ev_bytes, .ev_bcast, .ev_mcast,
    .rxseq, .idle
  );

  mac_stats u_mac_stats (
    .clk, .rst_n,
    .ev_frame, .ev_class, .ev_bytes, .ev_bcast, .ev_mcast,
    .ev_missed, .ev_no_buffer,
    .rd_en, .rd_addr, .rd_data, .rd_hit
  );

endmodule

`default_nettype wire
