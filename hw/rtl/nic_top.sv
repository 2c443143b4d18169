`default_nettype none

// The NIC: wire -> mac_rx -> rx_fifo -> rx_dma -> host, with the register
// file, the statistics, the interrupt controller and the receive delay timers.
// Ports and timing as docs/ARCHITECTURE.md ("Parameters/Ports of nic_top").
//
// idle_cycles: 0 unless mac_rx, rx_fifo, rx_dma and the MMIO path are idle,
// no interrupt edge or MSI is pending; then the fewest cycles until a running
// timer (ITR gate, RDTR, RADV) expires, 2^32-1 when none runs. skip_cycles
// (at most idle_cycles) advances all timers in one edge.
module nic_top
  import nic_types_pkg::*;
  import nic_regs_pkg::*;
#(
  parameter int unsigned DATA_W        = 64,     // wire datapath bits: 8, 16, 32, 64
  parameter int unsigned CLK_PERIOD_PS = 6400,   // clock period in picoseconds
  // RX FIFO RAM, a multiple of 16: the receive share PBA.RXA can take at most
  // (by default the whole packet buffer: no transmit path needs the rest)
  parameter int unsigned FIFO_BYTES    = NIC_PACKET_BUFFER_KB * 1024,
  parameter int unsigned DESC_CACHE    = 64,     // descriptor cache entries, power of two
  // 1: the blocks run on gated clocks (clk_gate), each edge enabled only when
  // it changes a block's state; 0: every block on clk (the reference the
  // gated build is checked against, port by port at every edge)
  parameter int unsigned CLOCK_GATING  = 1
) (
  input  wire logic                       clk,
  input  wire logic                       rst_n,

  // Wire
  input  wire logic                       wire_valid,
  output logic                            wire_ready,
  input  wire logic [DATA_W-1:0]          wire_data,
  input  wire logic [DATA_W/8-1:0]        wire_keep,
  input  wire logic                       wire_sof,
  input  wire logic                       wire_eof,

  // MMIO slave
  input  wire logic                       mmio_req_valid,
  output logic                            mmio_req_ready,
  input  wire logic                       mmio_req_write,
  input  wire logic [NIC_MMIO_ADDR_W-1:0] mmio_req_addr,
  input  wire logic [31:0]                mmio_req_wdata,
  output logic                            mmio_rsp_valid,
  input  wire logic                       mmio_rsp_ready,
  output logic [31:0]                     mmio_rsp_rdata,

  // DMA read (descriptor fetch)
  output logic                            dmar_req_valid,
  input  wire logic                       dmar_req_ready,
  output logic [63:0]                     dmar_req_addr,
  output logic [15:0]                     dmar_req_len,
  input  wire logic                       dmar_rsp_valid,
  output logic                            dmar_rsp_ready,
  input  wire logic [127:0]               dmar_rsp_data,
  input  wire logic                       dmar_rsp_last,

  // DMA write (frame data, descriptor write-back)
  output logic                            dmaw_valid,
  input  wire logic                       dmaw_ready,
  output logic [63:0]                     dmaw_addr,
  output logic [15:0]                     dmaw_len,
  output logic [127:0]                    dmaw_data,
  output logic                            dmaw_last,
  input  wire logic                       dmaw_err,    // the last beat's burst was refused

  // PHY
  input  wire logic                       phy_link,    // link up (the cable)

  // Interrupt
  output logic                            intx,
  output logic                            msi_valid,
  input  wire logic                       msi_ready,

  // Skipping idle time
  output logic [31:0]                     idle_cycles,
  input  wire logic                       skip_valid,
  input  wire logic [31:0]                skip_cycles,

  // Observation only (the timeline's counters and timer slices): nothing
  // outside reacts to these.
  output logic [15:0]                     fifo_frames,  // frames in the packet buffer
  output logic [31:0]                     fifo_bytes,   // bytes held there, whole 16-byte words
  output logic                            itr_running,  // the ITR gate holds interrupts back
  output logic                            rdtr_running, // RDTR packet timer
  output logic                            radv_running, // RADV absolute timer
  output logic [15:0]                     rdh,          // RDH: the next descriptor written back
  output logic [15:0]                     rdt           // RDT: the driver's tail
);

  initial begin
    if (!(DATA_W inside {8, 16, 32, 64})) $error("nic_top: DATA_W must be 8, 16, 32 or 64");
    if (CLK_PERIOD_PS == 0) $error("nic_top: CLK_PERIOD_PS must be > 0");
  end

  // STATUS.SPEED from the wire rate DATA_W / CLK_PERIOD_PS (Mb/s).
  localparam longint unsigned LINK_MBPS = 64'(DATA_W) * 1000000 / 64'(CLK_PERIOD_PS);
  localparam logic [1:0] LINK_SPEED = LINK_MBPS >= 1000 ? NIC_STATUS_SPEED_1000 :
                                      LINK_MBPS >= 100  ? NIC_STATUS_SPEED_100 :
                                                          NIC_STATUS_SPEED_10;

  // CTRL.RST resets every block for one cycle.
  logic sw_rst, blk_rst_n;
  assign blk_rst_n = rst_n && !sw_rst;

  // Register file outputs
  logic        cfg_rx_en, cfg_sbp, cfg_upe, cfg_mpe, cfg_lpe, cfg_bam;
  logic [1:0]  cfg_mo, cfg_bsize, cfg_rdmts;
  logic        cfg_secrc, cfg_vme, cfg_ipofld, cfg_tuofld, cfg_bsex;
  logic [7:0]  cfg_pcss;
  logic [32*NIC_MTA_COUNT-1:0] cfg_mta;
  logic [32*NIC_VFTA_COUNT-1:0] cfg_vfta;
  logic        cfg_vfe;
  logic [48*NIC_RAL_COUNT-1:0] cfg_ra;
  logic [NIC_RAL_COUNT-1:0]    cfg_ra_valid;
  logic [31:0] cfg_rdbal, cfg_rdbah, cfg_rdlen, cfg_iam;
  logic [5:0]  cfg_pthresh, cfg_hthresh, cfg_wthresh;
  logic [15:0] cfg_rdtr, cfg_radv, cfg_itr;
  logic        cfg_iame;
  logic [NIC_PBA_RXA_WIDTH-1:0] cfg_rxa;
  logic [31:0] reg_wdata;
  logic        rdh_we, rdt_we, fpd, lsc;
  logic        icr_rd, icr_we, ics_we, ims_we, imc_we;
  logic [31:0] icr, ims;
  logic        stats_rd_en, stats_rd_hit;
  logic [NIC_MMIO_ADDR_W-1:0] stats_rd_addr;
  logic [31:0] stats_rd_data;

  // Datapath
  logic         fifo_wr_valid, fifo_wr_end, fifo_wr_commit;
  logic [127:0] fifo_wr_data;
  logic [4:0]   fifo_wr_bytes;
  rx_meta_t     fifo_wr_meta;
  logic         fifo_meta_valid, fifo_meta_ready, fifo_rd_valid, fifo_rd_ready, fifo_rd_last;
  rx_meta_t     fifo_meta;
  logic [127:0] fifo_rd_data;
  logic         unused_fifo_empty, fifo_still, missed;
  logic [NIC_PBA_RXA_WIDTH-1:0] fifo_rxa;
  logic [31:0]  fifo_size;

  // Frame verdicts (mac_rx -> mac_stats)
  logic        ev_frame, ev_bcast, ev_mcast;
  mac_rx_pkg::rx_class_e ev_class;
  logic [31:0] ev_bytes;

  // Events
  logic        rxseq, frame_written, flush_req, flush_done, no_buffer, rxdmt0;
  logic [31:0] cause;

  // Idle
  logic        mac_idle, dma_idle, csr_idle, intr_idle;
  logic        delay_running;
  logic [31:0] itr_remaining, delay_remaining;

  // Block clocks: a block's edge is gated off when it would change none of
  // the block's state (its idle, and none of the inputs it acts on); in reset
  // every block is clocked. Each gated clock costs the Verilated model a
  // trigger to evaluate at every edge, so blocks busy together share one:
  // the receive side (mac_rx and the packet buffer it writes), the DMA
  // engine, the register file with the statistics it reads, and the
  // interrupt controller with the delay timers (which tick while all else
  // is quiet).
  logic csr_en, mac_en, stats_en, fifo_en, dma_en, delay_en, intr_en, dma_wake;
  logic rx_clk, dma_clk, csr_clk, intr_clk;

  assign csr_en   = !rst_n || mmio_req_valid || !csr_idle;
  assign mac_en   = !blk_rst_n || wire_valid || !mac_idle;
  assign stats_en = !blk_rst_n || stats_rd_en || ev_frame || missed || no_buffer;
  assign fifo_en  = !blk_rst_n || !fifo_still || (fifo_rd_valid && fifo_rd_ready) ||
                    (fifo_meta_valid && fifo_meta_ready);
  assign dma_en   = !blk_rst_n || dma_wake;
  assign delay_en = !blk_rst_n || delay_running || frame_written || fpd;
  assign intr_en  = !blk_rst_n || !intr_idle || itr_running || cause != '0 ||
                    icr_rd || icr_we || ics_we || ims_we || imc_we;

  clk_gate #(.ENABLE(CLOCK_GATING != 0)) u_rx_gate   (.clk, .en (mac_en || fifo_en),    .gclk (rx_clk));
  clk_gate #(.ENABLE(CLOCK_GATING != 0)) u_dma_gate  (.clk, .en (dma_en),               .gclk (dma_clk));
  clk_gate #(.ENABLE(CLOCK_GATING != 0)) u_csr_gate  (.clk, .en (csr_en || stats_en),   .gclk (csr_clk));
  clk_gate #(.ENABLE(CLOCK_GATING != 0)) u_intr_gate (.clk, .en (intr_en || delay_en),  .gclk (intr_clk));

  nic_csr #(.LINK_SPEED(LINK_SPEED)) u_csr (
    .clk (csr_clk), .rst_n, .sw_rst,
    .mmio_req_valid, .mmio_req_ready, .mmio_req_write, .mmio_req_addr, .mmio_req_wdata,
    .mmio_rsp_valid, .mmio_rsp_ready, .mmio_rsp_rdata,
    .idle (csr_idle), .phy_link,
    .wdata (reg_wdata),
    .cfg_rx_en, .cfg_sbp, .cfg_upe, .cfg_mpe, .cfg_lpe, .cfg_bam, .cfg_mo,
    .cfg_secrc, .cfg_vme, .cfg_ipofld, .cfg_tuofld, .cfg_pcss,
    .cfg_mta, .cfg_vfe, .cfg_vfta, .cfg_ra, .cfg_ra_valid,
    .cfg_rdbal, .cfg_rdbah, .cfg_rdlen, .cfg_bsize, .cfg_bsex,
    .cfg_pthresh, .cfg_hthresh, .cfg_wthresh, .cfg_rdmts,
    .rdh_we, .rdt_we, .rdh, .rdt,
    .cfg_rdtr, .cfg_radv, .fpd,
    .cfg_itr, .cfg_iam, .cfg_iame, .cfg_rxa,
    .icr_rd, .icr_we, .ics_we, .ims_we, .imc_we, .icr, .ims, .lsc,
    .stats_rd_en, .stats_rd_addr, .stats_rd_data, .stats_rd_hit
  );

  mac_rx #(.DATA_W(DATA_W)) u_mac (
    .clk (rx_clk), .rst_n (blk_rst_n),
    .wire_valid, .wire_ready, .wire_data, .wire_keep, .wire_sof, .wire_eof,
    .cfg_rx_en, .cfg_sbp, .cfg_upe, .cfg_mpe, .cfg_lpe, .cfg_bam, .cfg_mo,
    .cfg_secrc, .cfg_vme, .cfg_ipofld, .cfg_tuofld, .cfg_pcss,
    .cfg_mta, .cfg_vfe, .cfg_vfta, .cfg_ra, .cfg_ra_valid,
    .wr_valid  (fifo_wr_valid),
    .wr_data   (fifo_wr_data),
    .wr_bytes  (fifo_wr_bytes),
    .wr_end    (fifo_wr_end),
    .wr_commit (fifo_wr_commit),
    .wr_meta   (fifo_wr_meta),
    .ev_frame, .ev_class, .ev_bytes, .ev_bcast, .ev_mcast,
    .rxseq,
    .idle (mac_idle)
  );

  mac_stats u_stats (
    .clk (csr_clk), .rst_n (blk_rst_n),
    .ev_frame, .ev_class, .ev_bytes, .ev_bcast, .ev_mcast,
    .ev_missed    (missed),
    .ev_no_buffer (no_buffer),
    .rd_en   (stats_rd_en),
    .rd_addr (stats_rd_addr),
    .rd_data (stats_rd_data),
    .rd_hit  (stats_rd_hit)
  );

  // The packet buffer split takes effect at a reset (the FIFO samples its
  // size then): PBA's reset value at power-on, what PBA holds at CTRL.RST.
  localparam logic [NIC_PBA_RXA_WIDTH-1:0] RXA_RESET = NIC_PBA_RESET[NIC_PBA_RXA_SHIFT +: NIC_PBA_RXA_WIDTH];
  assign fifo_rxa  = rst_n ? cfg_rxa : RXA_RESET;
  assign fifo_size = 32'(fifo_rxa) * 32'd1024;

  rx_fifo #(.FIFO_BYTES(FIFO_BYTES)) u_fifo (
    .clk (rx_clk), .rst_n (blk_rst_n),
    .size_bytes (fifo_size),
    .wr_valid  (fifo_wr_valid),
    .wr_data   (fifo_wr_data),
    .wr_bytes  (fifo_wr_bytes),
    .wr_end    (fifo_wr_end),
    .wr_commit (fifo_wr_commit),
    .wr_meta   (fifo_wr_meta),
    .missed,
    .meta_valid (fifo_meta_valid),
    .meta_ready (fifo_meta_ready),
    .meta       (fifo_meta),
    .rd_valid   (fifo_rd_valid),
    .rd_ready   (fifo_rd_ready),
    .rd_data    (fifo_rd_data),
    .rd_last    (fifo_rd_last),
    .frames     (fifo_frames),
    .used_bytes (fifo_bytes),
    .empty      (unused_fifo_empty),
    .still      (fifo_still)
  );

  rx_dma #(.DESC_CACHE(DESC_CACHE)) u_dma (
    .clk (dma_clk), .rst_n (blk_rst_n),
    .cfg_rx_en, .cfg_rdbal, .cfg_rdbah, .cfg_rdlen, .cfg_bsize, .cfg_bsex,
    .cfg_pthresh, .cfg_hthresh, .cfg_wthresh, .cfg_rdmts,
    .rdh_we, .rdt_we,
    .reg_wdata (reg_wdata[15:0]),
    .rdh, .rdt,
    .meta_valid (fifo_meta_valid),
    .meta_ready (fifo_meta_ready),
    .meta       (fifo_meta),
    .rd_valid   (fifo_rd_valid),
    .rd_ready   (fifo_rd_ready),
    .rd_data    (fifo_rd_data),
    .rd_last    (fifo_rd_last),
    .dmar_req_valid, .dmar_req_ready, .dmar_req_addr, .dmar_req_len,
    .dmar_rsp_valid, .dmar_rsp_ready, .dmar_rsp_data, .dmar_rsp_last,
    .dmaw_valid, .dmaw_ready, .dmaw_addr, .dmaw_len, .dmaw_data, .dmaw_last, .dmaw_err,
    .frame_written, .flush_req, .flush_done, .no_buffer, .rxdmt0,
    .idle (dma_idle), .wake (dma_wake)
  );

  rx_intr_delay #(.CLK_PERIOD_PS(CLK_PERIOD_PS)) u_delay (
    .clk (intr_clk), .rst_n (blk_rst_n),
    .cfg_rdtr, .cfg_radv, .fpd,
    .frame_written, .flush_req,
    .skip_valid, .skip_cycles,
    .running   (delay_running),
    .remaining (delay_remaining),
    .rdtr_running, .radv_running
  );

  always_comb begin
    cause = '0;
    cause[NIC_ICR_RXT0_SHIFT]   = flush_done;
    cause[NIC_ICR_RXO_SHIFT]    = missed;
    cause[NIC_ICR_RXDMT0_SHIFT] = rxdmt0;
    cause[NIC_ICR_LSC_SHIFT]    = lsc;
    cause[NIC_ICR_RXSEQ_SHIFT]  = rxseq;
  end

  intr_ctrl #(.CLK_PERIOD_PS(CLK_PERIOD_PS)) u_intr (
    .clk (intr_clk), .rst_n (blk_rst_n),
    .cause_set (cause),
    .wdata (reg_wdata),
    .icr_rd, .icr_we, .ics_we, .ims_we, .imc_we, .icr, .ims,
    .cfg_iam, .cfg_iame, .cfg_itr,
    .intx, .msi_valid, .msi_ready,
    .skip_valid, .skip_cycles,
    .idle (intr_idle),
    .itr_running, .itr_remaining
  );

  always_comb begin
    idle_cycles = 32'hFFFF_FFFF;
    if (itr_running) idle_cycles = itr_remaining;
    if (delay_running && delay_remaining < idle_cycles) idle_cycles = delay_remaining;
    // Frames may wait in the FIFO (for descriptors): idle when nothing moves.
    if (!(mac_idle && fifo_still && dma_idle && csr_idle && intr_idle)) idle_cycles = 32'd0;
  end

endmodule

`default_nettype wire
