`default_nettype none

// Test-only wrapper: rx_fifo feeding rx_dma, wired as nic_top wires them, so the
// benches drive the MAC's write side and watch the DMA channels.
module rx_path_tb
  import nic_types_pkg::*;
#(
  parameter int FIFO_BYTES = 4096,
  parameter int DESC_CACHE = 16
) (
  input  logic         clk,
  input  logic         rst_n,
  // MAC side
  input  logic         wr_valid,
  input  logic [127:0] wr_data,
  input  logic [4:0]   wr_bytes,
  input  logic         wr_end,
  input  logic         wr_commit,
  input  logic [63:0]  wr_meta,
  output logic         missed,
  output logic [15:0]  frames,
  output logic [31:0]  fifo_used_bytes,
  output logic         fifo_empty,
  output logic         fifo_still,
  // configuration and RDH/RDT
  input  logic         cfg_rx_en,
  input  logic [31:0]  cfg_rdbal,
  input  logic [31:0]  cfg_rdbah,
  input  logic [31:0]  cfg_rdlen,
  input  logic [1:0]   cfg_bsize,
  input  logic         cfg_bsex,
  input  logic [5:0]   cfg_pthresh,
  input  logic [5:0]   cfg_hthresh,
  input  logic [5:0]   cfg_wthresh,
  input  logic [1:0]   cfg_rdmts,
  input  logic         rdh_we,
  input  logic         rdt_we,
  input  logic [15:0]  reg_wdata,
  output logic [15:0]  rdh,
  output logic [15:0]  rdt,
  // DMA channels
  output logic         dmar_req_valid,
  input  logic         dmar_req_ready,
  output logic [63:0]  dmar_req_addr,
  output logic [15:0]  dmar_req_len,
  input  logic         dmar_rsp_valid,
  output logic         dmar_rsp_ready,
  input  logic [127:0] dmar_rsp_data,
  input  logic         dmar_rsp_last,
  output logic         dmaw_valid,
  input  logic         dmaw_ready,
  input  logic         dmaw_err,
  output logic [63:0]  dmaw_addr,
  output logic [15:0]  dmaw_len,
  output logic [127:0] dmaw_data,
  output logic         dmaw_last,
  // events
  output logic         frame_written,
  input  logic         flush_req,
  output logic         flush_done,
  output logic         no_buffer,
  output logic         rxdmt0,
  output logic         idle
);

  logic         meta_valid, meta_ready, rd_valid, rd_ready, rd_last;
  rx_meta_t     meta;
  logic [127:0] rd_data;

  rx_fifo #(.FIFO_BYTES(FIFO_BYTES)) u_fifo (
    .clk, .rst_n,
    .size_bytes (32'(FIFO_BYTES)),  // all of it
    .wr_valid, .wr_data, .wr_bytes, .wr_end, .wr_commit,
    .wr_meta (rx_meta_t'(wr_meta)),
    .missed,
    .meta_valid, .meta_ready, .meta,
    .rd_valid, .rd_ready, .rd_data, .rd_last,
    .frames, .used_bytes (fifo_used_bytes), .empty (fifo_empty), .still (fifo_still)
  );

  logic unused_wake;  // nic_top's clock enable for the engine

  rx_dma #(.DESC_CACHE(DESC_CACHE)) u_dma (
    .clk, .rst_n,
    .cfg_rx_en, .cfg_rdbal, .cfg_rdbah, .cfg_rdlen, .cfg_bsize, .cfg_bsex,
    .cfg_pthresh, .cfg_hthresh, .cfg_wthresh, .cfg_rdmts,
    .rdh_we, .rdt_we, .reg_wdata, .rdh, .rdt,
    .meta_valid, .meta_ready, .meta,
    .rd_valid, .rd_ready, .rd_data, .rd_last,
    .dmar_req_valid, .dmar_req_ready, .dmar_req_addr, .dmar_req_len,
    .dmar_rsp_valid, .dmar_rsp_ready, .dmar_rsp_data, .dmar_rsp_last,
    .dmaw_valid, .dmaw_ready, .dmaw_addr, .dmaw_len, .dmaw_data, .dmaw_last, .dmaw_err,
    .frame_written, .flush_req, .flush_done, .no_buffer, .rxdmt0, .idle,
    .wake (unused_wake)
  );

endmodule

`default_nettype wire
