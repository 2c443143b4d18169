`default_nettype none

// Receive descriptor DMA engine of the 8254x (legacy descriptors).
//
// Ring: RDLEN/16 descriptors at {RDBAH, RDBAL}; hardware owns those from the
// fetch pointer up to RDT (RDH == RDT: none). A cache of DESC_CACHE entries,
// used as a circular buffer of three regions in ring order:
//   [wb, use)   finished descriptors waiting for write-back (RDH = ring index of wb)
//   [use, fill) fetched descriptors with unused buffers
//   [fill, req) requested, response not yet arrived
// Fetch: one read at a time, as many descriptors as fit and are available, never
// across the ring end; when fewer than PTHRESH are cached and at least HTHRESH are
// in host memory, or on demand when a frame needs a descriptor and none is cached.
// Frames: each descriptor takes min(bytes left, buffer size) as one write burst;
// the last one of a frame carries EOP and the frame's metadata. Words of the
// frame beyond meta.length (the FCS with RCTL.SECRC) are read and dropped (all
// of them for a frame of length 0, which takes no descriptor).
// Write-back: full 16-byte descriptors {metadata, buffer address} in one burst of
// consecutive finished descriptors (never across the ring end) when WTHRESH
// (0 acts as 1) are finished, or on flush_req; RDH advances per accepted beat.
// Write bursts never interleave; a descriptor is finished only after its data
// burst, so data always precedes its write-back.
// dmaw_err (with a burst's last beat): the host refused the burst (a target
// abort on the 8254x's PCI bus, seen in the data phase). A frame any of whose
// data bursts was refused is written back with errors.RXE, so the driver
// discards it as a frame error; the datasheet does not say what the 8254x's
// DMA does after an abort, this is the model's choice. Refused write-backs
// are not modeled (the host's fault plan spares the ring).
//
// Pulses (each high for the one cycle after the clock edge of its event):
//   frame_written  the last data beat of a frame was accepted
//   flush_done     every descriptor finished up to a flush_req is written back
//                  (the cycle after flush_req when none was pending)
//   no_buffer      RNBC: once per frame, the first cycle it needs a descriptor
//                  while none is cached, none is being fetched and none lies
//                  between the fetch pointer and RDT
//   rxdmt0         a write-back beat made (RDT - RDH) mod ring fall below
//                  ring/2, /4, /8 (RDMTS 0, 1, 2; the reserved 3 acts as 2)
// Buffer sizes: BSIZE 0..3 = 2048/1024/512/256 bytes, x16 with BSEX (16384/
// 8192/4096 for BSIZE 1..3); BSEX with BSIZE 0 is reserved and acts as 2048.
// RDH writes are meant for initialisation (RCTL.EN clear, engine idle): they
// empty the cache and drop the responses of a fetch in flight.
module rx_dma
  import nic_types_pkg::*;
  import nic_regs_pkg::*;
#(
  parameter int DESC_CACHE = 64  // on-chip descriptor cache entries (power of two)
) (
  input  logic         clk,
  input  logic         rst_n,
  // configuration from nic_csr
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
  // RDH / RDT registers
  input  logic         rdh_we,
  input  logic         rdt_we,
  input  logic [15:0]  reg_wdata,
  output logic [15:0]  rdh,
  output logic [15:0]  rdt,
  // frames from rx_fifo
  input  logic         meta_valid,
  output logic         meta_ready,
  input  rx_meta_t     meta,
  input  logic         rd_valid,
  output logic         rd_ready,
  input  logic [127:0] rd_data,
  input  logic         rd_last,
  // DMA read channel (descriptor fetch)
  output logic         dmar_req_valid,
  input  logic         dmar_req_ready,
  output logic [63:0]  dmar_req_addr,
  output logic [15:0]  dmar_req_len,
  input  logic         dmar_rsp_valid,
  output logic         dmar_rsp_ready,
  input  logic [127:0] dmar_rsp_data,
  input  logic         dmar_rsp_last,
  // DMA write channel (frame data, descriptor write-back)
  output logic         dmaw_valid,
  input  logic         dmaw_ready,
  output logic [63:0]  dmaw_addr,
  output logic [15:0]  dmaw_len,
  output logic [127:0] dmaw_data,
  output logic         dmaw_last,
  input  logic         dmaw_err,
  // events
  output logic         frame_written,
  input  logic         flush_req,
  output logic         flush_done,
  output logic         no_buffer,
  output logic         rxdmt0,
  output logic         idle,
  // the coming edge changes state (the clock enable): not idle, a register
  // write, a flush request, or the RNBC count of a frame that finds no
  // descriptor (counted at an edge where the engine is otherwise idle)
  output logic         wake
);

  localparam int CW = $clog2(DESC_CACHE);
  localparam int PW = CW + 1;  // cache pointers carry a wrap bit

  if (DESC_CACHE < 2 || DESC_CACHE > 2048 || (DESC_CACHE & (DESC_CACHE - 1)) != 0) begin : g_check
    $error("rx_dma: DESC_CACHE must be a power of two, 2..2048");
  end

  typedef enum logic [1:0] {F_IDLE, F_REQ, F_RSP} fetch_state_e;
  typedef enum logic [1:0] {CH_IDLE, CH_DATA, CH_WB} chan_state_e;

  // ---- configuration --------------------------------------------------------
  logic [15:0] ring_n;      // descriptors in the ring
  logic [63:0] ring_base;
  logic [14:0] buf_bytes;
  logic [CW:0] wthr;        // WTHRESH, 0 acts as 1, at most the cache size
  logic [15:0] dmt_thr;     // RXDMT0 threshold in descriptors
  logic        unused_bits;

  assign ring_n    = {cfg_rdlen[NIC_RDLEN_LEN_SHIFT +: NIC_RDLEN_LEN_WIDTH], 3'b000};
  assign ring_base = {cfg_rdbah, cfg_rdbal[31:4], 4'b0000};
  assign buf_bytes = !cfg_bsex                        ? 15'd2048 >> cfg_bsize
                   : cfg_bsize == NIC_RCTL_BSIZE_2048 ? 15'd2048  // reserved
                   :                                    15'(16'd32768 >> cfg_bsize);
  assign wthr      = (cfg_wthresh == '0) ? PW'(1)
                   : (32'(cfg_wthresh) > DESC_CACHE) ? PW'(DESC_CACHE) : PW'(cfg_wthresh);
  assign dmt_thr   = ring_n >> ((cfg_rdmts == 2'd3) ? 2'd3 : cfg_rdmts + 2'd1);
  // only the buffer address of a fetched descriptor is used
  assign unused_bits = ^{cfg_rdlen[31:NIC_RDLEN_LEN_SHIFT + NIC_RDLEN_LEN_WIDTH],
                         cfg_rdlen[NIC_RDLEN_LEN_SHIFT-1:0], cfg_rdbal[3:0],
                         dmar_rsp_data[127:64], fr_meta_q.length};

  // (b - a) mod ring_n and a + k mod ring_n, for indices below ring_n
  function automatic logic [15:0] ring_dist(logic [15:0] a, logic [15:0] b, logic [15:0] n);
    return (b >= a) ? b - a : b + (n - a);
  endfunction
  function automatic logic [15:0] ring_add(logic [15:0] a, logic [15:0] k, logic [15:0] n);
    logic [16:0] s;
    s = {1'b0, a} + {1'b0, k};
    return (s >= {1'b0, n}) ? 16'(s - {1'b0, n}) : s[15:0];
  endfunction

  // ---- state ----------------------------------------------------------------
  logic [15:0]  rdh_q, rdt_q, fetch_q;
  logic [PW-1:0] wb_q, use_q, fill_q, req_q;
  logic [63:0]  addr_mem_q [DESC_CACHE];  // buffer address per cache slot
  rx_meta_t     wbm_mem_q  [DESC_CACHE];  // write-back fields per finished slot

  fetch_state_e fstate_q;
  logic         fetch_drop_q;             // RDH was written: drop this fetch's responses
  logic [63:0]  req_addr_q;
  logic [15:0]  req_len_q;

  logic         fr_active_q, fr_drain_q, nb_counted_q;
  rx_meta_t     fr_meta_q;
  logic [15:0]  fr_left_q;                // frame bytes not yet given a descriptor

  chan_state_e  ch_q;
  logic [63:0]  w_addr_q;
  logic [15:0]  w_len_q;
  logic [11:0]  w_beats_q;                // beats left in the burst
  logic         w_eop_q;                  // data burst: last descriptor of the frame

  logic         flush_active_q;
  logic [PW-1:0] flush_left_q;
  logic         frame_written_q, flush_done_q, no_buffer_q, rxdmt0_q;

  // ---- derived --------------------------------------------------------------
  logic [PW-1:0] unused_n, pending_n, free_n;
  logic [15:0]  host_avail, to_ring_end_f, to_ring_end_h, fetch_n, wb_n, blen;
  logic         want_desc, fetch_go, wb_go, data_go, frame_start;
  logic         beat, data_beat, wb_beat, rsp_beat, none_left;

  always_comb begin
    unused_n      = fill_q - use_q;
    pending_n     = use_q - wb_q;
    free_n        = PW'(DESC_CACHE) - (req_q - wb_q);
    host_avail    = ring_dist(fetch_q, rdt_q, ring_n);
    to_ring_end_f = ring_n - fetch_q;
    to_ring_end_h = ring_n - rdh_q;

    fetch_n = 16'(free_n);
    if (host_avail < fetch_n) fetch_n = host_avail;
    if (to_ring_end_f < fetch_n) fetch_n = to_ring_end_f;

    want_desc = fr_active_q && !fr_drain_q && fr_left_q != '0 && ch_q != CH_DATA;
    fetch_go  = fstate_q == F_IDLE && cfg_rx_en && fetch_n != '0 &&
                ((32'(unused_n) < 32'(cfg_pthresh) && host_avail >= 16'(cfg_hthresh)) ||
                 (unused_n == '0 && want_desc));
    none_left = unused_n == '0 && fstate_q == F_IDLE && host_avail == '0;

    wb_n = 16'(pending_n);
    if (to_ring_end_h < wb_n) wb_n = to_ring_end_h;
    wb_go   = ch_q == CH_IDLE && pending_n != '0 &&
              (pending_n >= wthr || (flush_active_q && flush_left_q != '0));
    data_go = ch_q == CH_IDLE && !wb_go && want_desc && unused_n != '0;
    blen    = (fr_left_q > 16'(buf_bytes)) ? 16'(buf_bytes) : fr_left_q;

    frame_start = !fr_active_q && cfg_rx_en && meta_valid;
    meta_ready  = frame_start;

    // write channel: data beats come straight from the FIFO's output stage
    dmaw_valid = (ch_q == CH_WB) || (ch_q == CH_DATA && rd_valid);
    dmaw_data  = (ch_q == CH_WB) ? {wbm_mem_q[wb_q[CW-1:0]], addr_mem_q[wb_q[CW-1:0]]} : rd_data;
    dmaw_last  = w_beats_q == 12'd1;
    rd_ready   = (ch_q == CH_DATA && dmaw_ready) || fr_drain_q;
    beat       = dmaw_valid && dmaw_ready;
    data_beat  = beat && ch_q == CH_DATA;
    wb_beat    = beat && ch_q == CH_WB;
    rsp_beat   = dmar_rsp_valid && dmar_rsp_ready;
  end

  assign dmar_req_valid = fstate_q == F_REQ;
  assign dmar_req_addr  = req_addr_q;
  assign dmar_req_len   = req_len_q;
  assign dmar_rsp_ready = fstate_q == F_RSP;
  assign dmaw_addr      = w_addr_q;
  assign dmaw_len       = w_len_q;

  // ---- sequential -----------------------------------------------------------
  logic [PW-1:0] use_d, wb_d, pending_d;

  always_comb begin
    use_d     = use_q + PW'(data_beat && dmaw_last);
    wb_d      = wb_q + PW'(wb_beat);
    pending_d = use_d - wb_d;
  end

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      rdh_q <= '0; rdt_q <= '0; fetch_q <= '0;
      wb_q <= '0; use_q <= '0; fill_q <= '0; req_q <= '0;
      fstate_q <= F_IDLE; fetch_drop_q <= 1'b0;
      req_addr_q <= '0; req_len_q <= '0;
      fr_active_q <= 1'b0; fr_drain_q <= 1'b0; nb_counted_q <= 1'b0;
      fr_meta_q <= '0; fr_left_q <= '0;
      ch_q <= CH_IDLE; w_addr_q <= '0; w_len_q <= '0; w_beats_q <= '0; w_eop_q <= 1'b0;
      flush_active_q <= 1'b0; flush_left_q <= '0;
      frame_written_q <= 1'b0; flush_done_q <= 1'b0; no_buffer_q <= 1'b0; rxdmt0_q <= 1'b0;
    end else begin
      // -- descriptor fetch --
      unique case (fstate_q)
        F_IDLE: if (fetch_go) begin
          req_addr_q <= ring_base + {44'd0, fetch_q, 4'b0000};
          req_len_q  <= {fetch_n[11:0], 4'b0000};
          fetch_q    <= ring_add(fetch_q, fetch_n, ring_n);
          req_q      <= req_q + PW'(fetch_n);
          fstate_q   <= F_REQ;
        end
        F_REQ: if (dmar_req_ready) fstate_q <= F_RSP;
        F_RSP: if (rsp_beat && dmar_rsp_last) begin
          fstate_q     <= F_IDLE;
          fetch_drop_q <= 1'b0;
        end
        default: fstate_q <= F_IDLE;
      endcase
      if (rsp_beat && !fetch_drop_q) begin
        addr_mem_q[fill_q[CW-1:0]] <= dmar_rsp_data[63:0];
        fill_q <= fill_q + 1'b1;
      end

      // -- frames --
      if (frame_start) begin
        fr_active_q <= 1'b1;
        fr_meta_q   <= meta;
        fr_left_q   <= meta.length;
        fr_drain_q  <= meta.length == '0;  // nothing for the host: only drop its words
      end
      if (fr_drain_q && rd_valid && rd_last) begin
        fr_drain_q  <= 1'b0;
        fr_active_q <= 1'b0;
      end
      no_buffer_q <= want_desc && none_left && !nb_counted_q;
      if (want_desc && none_left) nb_counted_q <= 1'b1;

      // -- write channel --
      unique case (ch_q)
        CH_IDLE: begin
          if (wb_go) begin
            w_addr_q  <= ring_base + {44'd0, rdh_q, 4'b0000};
            w_len_q   <= {wb_n[11:0], 4'b0000};
            w_beats_q <= wb_n[11:0];
            ch_q      <= CH_WB;
          end else if (data_go) begin
            w_addr_q  <= addr_mem_q[use_q[CW-1:0]];
            w_len_q   <= blen;
            w_beats_q <= 12'((blen + 16'd15) >> 4);
            w_eop_q   <= blen == fr_left_q;
            fr_left_q <= fr_left_q - blen;
            ch_q      <= CH_DATA;
          end
        end
        CH_DATA: if (beat) begin
          w_beats_q <= w_beats_q - 1'b1;
          if (dmaw_last) begin
            ch_q <= CH_IDLE;
            if (dmaw_err) fr_meta_q.errors[NIC_RXD_ERRORS_RXE_SHIFT] <= 1'b1;
            wbm_mem_q[use_q[CW-1:0]] <= w_eop_q
              ? '{special: fr_meta_q.special,
                  errors: fr_meta_q.errors | 8'(dmaw_err) << NIC_RXD_ERRORS_RXE_SHIFT,
                  status: fr_meta_q.status | 8'(1 << NIC_RXD_STATUS_DD_SHIFT)
                                           | 8'(1 << NIC_RXD_STATUS_EOP_SHIFT),
                  csum: fr_meta_q.csum, length: w_len_q}
              : '{special: '0, errors: '0, status: 8'(1 << NIC_RXD_STATUS_DD_SHIFT),
                  csum: '0, length: w_len_q};
            if (w_eop_q) begin
              nb_counted_q <= 1'b0;
              if (rd_last) fr_active_q <= 1'b0;
              else         fr_drain_q  <= 1'b1;
            end
          end
        end
        CH_WB: if (beat) begin
          w_beats_q <= w_beats_q - 1'b1;
          rdh_q     <= ring_add(rdh_q, 16'd1, ring_n);
          if (dmaw_last) ch_q <= CH_IDLE;
        end
        default: ch_q <= CH_IDLE;
      endcase
      use_q           <= use_d;
      wb_q            <= wb_d;
      frame_written_q <= data_beat && dmaw_last && w_eop_q;
      rxdmt0_q        <= wb_beat && ring_dist(rdh_q, rdt_q, ring_n) == dmt_thr;

      // -- flush: everything finished up to now, one done for overlapping requests --
      if (flush_req) begin
        flush_active_q <= pending_d != '0;
        flush_left_q   <= pending_d;
        flush_done_q   <= pending_d == '0;
      end else if (flush_active_q) begin
        flush_left_q   <= flush_left_q - PW'(wb_beat);
        flush_active_q <= flush_left_q != PW'(wb_beat);
        flush_done_q   <= flush_left_q == PW'(wb_beat);
      end else begin
        flush_done_q   <= 1'b0;
      end

      // -- registers (RDH writes are for initialisation) --
      if (rdt_we) rdt_q <= reg_wdata;
      if (rdh_we) begin
        rdh_q   <= reg_wdata;
        fetch_q <= reg_wdata;
        wb_q <= '0; use_q <= '0; fill_q <= '0; req_q <= '0;
        fetch_drop_q <= fstate_q != F_IDLE || fetch_go;
      end
    end
  end

  assign rdh           = rdh_q;
  assign rdt           = rdt_q;
  assign frame_written = frame_written_q;
  assign flush_done    = flush_done_q;
  assign no_buffer     = no_buffer_q;
  assign rxdmt0        = rxdmt0_q;
  assign idle = fstate_q == F_IDLE && !fetch_go && ch_q == CH_IDLE && !wb_go && !data_go &&
                !fr_drain_q && !frame_start && !flush_active_q &&
                !frame_written_q && !flush_done_q && !no_buffer_q && !rxdmt0_q;
  assign wake = !idle || rdt_we || rdh_we || flush_req || (want_desc && none_left && !nb_counted_q);

endmodule

`default_nettype wire
