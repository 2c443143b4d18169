`default_nettype none

// Test wrapper: the register file, the interrupt controller and the receive
// delay timers joined as in nic_top, with the MAC/FIFO/DMA events as inputs.
module intr_harness #(
  parameter int unsigned CLK_PERIOD_PS = 6400
) (
  input  wire logic        clk,
  input  wire logic        rst_n,

  // MMIO slave
  input  wire logic        mmio_req_valid,
  output logic             mmio_req_ready,
  input  wire logic        mmio_req_write,
  input  wire logic [16:0] mmio_req_addr,
  input  wire logic [31:0] mmio_req_wdata,
  output logic             mmio_rsp_valid,
  input  wire logic        mmio_rsp_ready,
  output logic [31:0]      mmio_rsp_rdata,

  // Events the other blocks would raise
  input  wire logic        ev_rxo,
  input  wire logic        ev_rxdmt0,
  input  wire logic        ev_rxseq,
  input  wire logic        frame_written,
  output logic             flush_req,
  input  wire logic        flush_done,
  input  wire logic        phy_link,

  // Interrupt
  output logic             intx,
  output logic             msi_valid,
  input  wire logic        msi_ready,

  // Idle skipping
  input  wire logic        skip_valid,
  input  wire logic [31:0] skip_cycles,
  output logic             intr_idle,
  output logic             itr_running,
  output logic [31:0]      itr_remaining,
  output logic             delay_running,
  output logic [31:0]      delay_remaining,
  output logic             rdtr_running,
  output logic             radv_running
);
  import nic_regs_pkg::*;

  logic        sw_rst, blk_rst_n, csr_idle, lsc, fpd;
  logic [31:0] wdata, icr, ims, cfg_iam, cause;
  logic [15:0] cfg_rdtr, cfg_radv, cfg_itr;
  logic        cfg_iame, icr_rd, icr_we, ics_we, ims_we, imc_we;

  // Outputs of nic_csr that only the datapath uses
  logic        unused_rx_en, unused_sbp, unused_upe, unused_mpe, unused_lpe, unused_bam;
  logic [1:0]  unused_mo, unused_bsize, unused_rdmts;
  logic        unused_secrc, unused_vme, unused_ipofld, unused_tuofld, unused_bsex;
  logic [7:0]  unused_pcss;
  logic [32*NIC_MTA_COUNT-1:0] unused_mta;
  logic [32*NIC_VFTA_COUNT-1:0] unused_vfta;
  logic        unused_vfe;
  logic [48*NIC_RAL_COUNT-1:0] unused_ra;
  logic [NIC_RAL_COUNT-1:0]    unused_ra_valid;
  logic [31:0]   unused_rdbal, unused_rdbah, unused_rdlen;
  logic [5:0]    unused_pthresh, unused_hthresh, unused_wthresh;
  logic          unused_rdh_we, unused_rdt_we, unused_stats_rd_en, unused_csr_idle;
  logic [16:0]   unused_stats_rd_addr;
  logic [NIC_PBA_RXA_WIDTH-1:0] unused_rxa;

  assign blk_rst_n       = rst_n && !sw_rst;
  assign unused_csr_idle = csr_idle;

  nic_csr u_csr (
    .clk, .rst_n, .sw_rst,
    .mmio_req_valid, .mmio_req_ready, .mmio_req_write, .mmio_req_addr, .mmio_req_wdata,
    .mmio_rsp_valid, .mmio_rsp_ready, .mmio_rsp_rdata,
    .idle         (csr_idle), .phy_link,
    .wdata,
    .cfg_rx_en    (unused_rx_en),  .cfg_sbp (unused_sbp), .cfg_upe (unused_upe),
    .cfg_mpe      (unused_mpe),    .cfg_lpe (unused_lpe), .cfg_bam (unused_bam),
    .cfg_mo       (unused_mo),     .cfg_secrc (unused_secrc), .cfg_vme (unused_vme),
    .cfg_ipofld   (unused_ipofld), .cfg_tuofld (unused_tuofld), .cfg_pcss (unused_pcss),
    .cfg_mta      (unused_mta),    .cfg_ra (unused_ra), .cfg_ra_valid (unused_ra_valid),
    .cfg_vfta     (unused_vfta),   .cfg_vfe (unused_vfe),
    .cfg_rdbal    (unused_rdbal),  .cfg_rdbah (unused_rdbah), .cfg_rdlen (unused_rdlen),
    .cfg_bsize    (unused_bsize),  .cfg_bsex (unused_bsex),
    .cfg_pthresh  (unused_pthresh), .cfg_hthresh (unused_hthresh), .cfg_wthresh (unused_wthresh),
    .cfg_rdmts    (unused_rdmts),
    .rdh_we       (unused_rdh_we), .rdt_we (unused_rdt_we),
    .rdh          (16'd0),         .rdt (16'd0),
    .cfg_rdtr, .cfg_radv, .fpd,
    .cfg_itr, .cfg_iam, .cfg_iame, .cfg_rxa (unused_rxa),
    .icr_rd, .icr_we, .ics_we, .ims_we, .imc_we, .icr, .ims, .lsc,
    .stats_rd_en  (unused_stats_rd_en), .stats_rd_addr (unused_stats_rd_addr),
    .stats_rd_data (32'd0), .stats_rd_hit (1'b0)
  );

  always_comb begin
    cause = '0;
    cause[NIC_ICR_RXT0_SHIFT]   = flush_done;
    cause[NIC_ICR_RXO_SHIFT]    = ev_rxo;
    cause[NIC_ICR_RXDMT0_SHIFT] = ev_rxdmt0;
    cause[NIC_ICR_LSC_SHIFT]    = lsc;
    cause[NIC_ICR_RXSEQ_SHIFT]  = ev_rxseq;
  end

  intr_ctrl #(.CLK_PERIOD_PS(CLK_PERIOD_PS)) u_intr (
    .clk, .rst_n (blk_rst_n),
    .cause_set (cause),
    .wdata, .icr_rd, .icr_we, .ics_we, .ims_we, .imc_we, .icr, .ims,
    .cfg_iam, .cfg_iame, .cfg_itr,
    .intx, .msi_valid, .msi_ready,
    .skip_valid, .skip_cycles,
    .idle (intr_idle), .itr_running, .itr_remaining
  );

  rx_intr_delay #(.CLK_PERIOD_PS(CLK_PERIOD_PS)) u_delay (
    .clk, .rst_n (blk_rst_n),
    .cfg_rdtr, .cfg_radv, .fpd,
    .frame_written, .flush_req,
    .skip_valid, .skip_cycles,
    .running (delay_running), .remaining (delay_remaining),
    .rdtr_running, .radv_running
  );

endmodule

`default_nettype wire
