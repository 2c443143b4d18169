`default_nettype none

// Receive statistics registers of the 8254x ("Statistics Registers"): 32-bit
// counters that wrap, as the hardware's, and clear when read. GORC and TOR
// are 64-bit: reading the low half leaves them, reading the high half clears
// both halves. A read and an event in the same cycle lose nothing: the event
// counts after the clear.
module mac_stats (
  input  logic                  clk,
  input  logic                  rst_n,

  // Frame verdicts from mac_rx.
  input  logic                  ev_frame,
  input  mac_rx_pkg::rx_class_e ev_class,
  input  logic [31:0]           ev_bytes,     // DA through FCS
  input  logic                  ev_bcast,
  input  logic                  ev_mcast,
  // Other blocks' events.
  input  logic                  ev_missed,    // rx_fifo dropped a frame: MPC
  input  logic                  ev_no_buffer, // rx_dma had no descriptor: RNBC

  // Read port for nic_csr: while rd_en is high, rd_data/rd_hit follow
  // rd_addr combinationally (0 otherwise: the address, an MMIO input, is
  // decoded only in cycles with a read, not at every evaluation of the
  // model); rd_en marks the cycle the read happens (and clears).
  input  logic                  rd_en,
  input  logic [16:0]           rd_addr,
  output logic [31:0]           rd_data,
  output logic                  rd_hit
);

  import nic_regs_pkg::*;
  import mac_rx_pkg::*;

  typedef enum int {
    C_CRCERRS, C_RXERRC, C_MPC,
    C_PRC64, C_PRC127, C_PRC255, C_PRC511, C_PRC1023, C_PRC1522,
    C_GPRC, C_BPRC, C_MPRC, C_RNBC, C_RUC, C_RFC, C_ROC, C_RJC,
    C_TPR, C_XFLTC, C_XDISC,
    C_NUM
  } counter_e;

  logic [31:0] cnt_q [C_NUM];
  logic [63:0] gorc_q, tor_q;

  // --- Read decode ------------------------------------------------------------
  counter_e rd_idx;
  logic     rd_counter;   // rd_addr is one of cnt_q

  always_comb begin
    rd_counter = 1'b0;
    rd_idx     = C_CRCERRS;
    if (rd_en) begin
      rd_counter = 1'b1;
      unique case (rd_addr)
        NIC_CRCERRS: rd_idx = C_CRCERRS;
        NIC_RXERRC:  rd_idx = C_RXERRC;
        NIC_MPC:     rd_idx = C_MPC;
        NIC_PRC64:   rd_idx = C_PRC64;
        NIC_PRC127:  rd_idx = C_PRC127;
        NIC_PRC255:  rd_idx = C_PRC255;
        NIC_PRC511:  rd_idx = C_PRC511;
        NIC_PRC1023: rd_idx = C_PRC1023;
        NIC_PRC1522: rd_idx = C_PRC1522;
        NIC_GPRC:    rd_idx = C_GPRC;
        NIC_BPRC:    rd_idx = C_BPRC;
        NIC_MPRC:    rd_idx = C_MPRC;
        NIC_RNBC:    rd_idx = C_RNBC;
        NIC_RUC:     rd_idx = C_RUC;
        NIC_RFC:     rd_idx = C_RFC;
        NIC_ROC:     rd_idx = C_ROC;
        NIC_RJC:     rd_idx = C_RJC;
        NIC_TPR:     rd_idx = C_TPR;
        NIC_XFLTC:   rd_idx = C_XFLTC;
        NIC_XDISC:   rd_idx = C_XDISC;
        default:     rd_counter = 1'b0;
      endcase
    end
  end

  always_comb begin
    rd_hit  = 1'b0;
    rd_data = 32'd0;
    if (rd_en) begin
      rd_hit = 1'b1;
      unique case (rd_addr)
        NIC_GORCL: rd_data = gorc_q[31:0];
        NIC_GORCH: rd_data = gorc_q[63:32];
        NIC_TORL:  rd_data = tor_q[31:0];
        NIC_TORH:  rd_data = tor_q[63:32];
        default: begin
          rd_data = rd_counter ? cnt_q[rd_idx] : 32'd0;
          rd_hit  = rd_counter;
        end
      endcase
    end
  end

  // --- Increments -------------------------------------------------------------
  logic [C_NUM-1:0] inc;
  logic             good;

  assign good = ev_frame && ev_class == RX_GOOD;

  always_comb begin
    inc = '0;
    inc[C_MPC]  = ev_missed;
    inc[C_RNBC] = ev_no_buffer;
    if (ev_frame) begin
      inc[C_TPR] = 1'b1;
      unique case (ev_class)
        RX_GOOD:      inc[C_GPRC]    = 1'b1;
        RX_CRC_ERR:   inc[C_CRCERRS] = 1'b1;
        RX_UNDERSIZE: inc[C_RUC]     = 1'b1;
        RX_FRAGMENT:  inc[C_RFC]     = 1'b1;
        RX_OVERSIZE:  inc[C_ROC]     = 1'b1;
        RX_JABBER:    inc[C_RJC]     = 1'b1;
        RX_SEQ_ERR:   inc[C_RXERRC]  = 1'b1;
        RX_FILTERED:  inc[C_XFLTC]   = 1'b1;
        default:      inc[C_XDISC]   = 1'b1;  // RX_DISABLED
      endcase
      if (ev_class == RX_GOOD) begin
        inc[C_BPRC] = ev_bcast;
        inc[C_MPRC] = ev_mcast;
        // Size buckets of good frames (64 bytes and up by construction).
        if      (ev_bytes <= 32'd64)   inc[C_PRC64]   = 1'b1;
        else if (ev_bytes <= 32'd127)  inc[C_PRC127]  = 1'b1;
        else if (ev_bytes <= 32'd255)  inc[C_PRC255]  = 1'b1;
        else if (ev_bytes <= 32'd511)  inc[C_PRC511]  = 1'b1;
        else if (ev_bytes <= 32'd1023) inc[C_PRC1023] = 1'b1;
        else                           inc[C_PRC1522] = 1'b1;
      end
    end
  end

  // --- Counters ---------------------------------------------------------------
  logic clr_gorc, clr_tor;

  assign clr_gorc = rd_en && rd_addr == NIC_GORCH;
  assign clr_tor  = rd_en && rd_addr == NIC_TORH;

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      for (int i = 0; i < C_NUM; i++) cnt_q[i] <= '0;
      gorc_q <= '0;
      tor_q  <= '0;
    end else if (rd_en || ev_frame || ev_missed || ev_no_buffer) begin
      for (int i = 0; i < C_NUM; i++) begin
        if ((rd_en && rd_counter && rd_idx == counter_e'(i)) || inc[i]) begin
          cnt_q[i] <= (rd_en && rd_counter && rd_idx == counter_e'(i) ? 32'd0 : cnt_q[i])
                    + {31'b0, inc[i]};
        end
      end
      gorc_q <= (clr_gorc ? 64'd0 : gorc_q) + (good ? {32'b0, ev_bytes} : 64'd0);
      tor_q  <= (clr_tor ? 64'd0 : tor_q) + (ev_frame ? {32'b0, ev_bytes} : 64'd0);
    end
  end

endmodule

`default_nettype wire
