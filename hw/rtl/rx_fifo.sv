`default_nettype none

// RX packet buffer (8254x receive FIFO): store and forward between mac_rx and
// rx_dma. Words are written speculatively after the last committed frame;
// wr_end either commits the frame (its words become readable, its metadata is
// queued) or rewinds the write address. A frame with a word that found no room,
// or whose metadata found the queue full, is dropped whole at wr_end and
// `missed` pulses once (MPC, ICR.RXO); a discarded frame (wr_commit = 0) frees
// its space silently. The writer is never stalled.
// A word presented in the same cycle as wr_end belongs to the next frame.
// The read side gives each frame's metadata, then its words (rd_last on the
// last one); the word count is kept with the metadata, so the stored frame may
// be longer than meta.length (FCS kept for rx_dma to drop with RCTL.SECRC).
// All pulse and status outputs are registered.
// The RAM holds FIFO_BYTES; the buffer uses size_bytes of it (the 8254x's
// PBA.RXA: the receive share of the packet buffer), sampled while rst_n is
// low, so a new size takes effect at a reset, as on the 8254x (CTRL.RST).
// Full, overrun and the metadata limit all count against that size.
module rx_fifo
  import nic_types_pkg::*;
#(
  parameter int FIFO_BYTES = 65536,           // RAM bytes, a multiple of 16: the most size_bytes can use
  parameter int META_DEPTH = FIFO_BYTES / 64  // metadata entries: one per 64-byte frame that fits the RAM
) (
  input  logic           clk,
  input  logic           rst_n,
  input  logic [31:0]    size_bytes, // bytes used (whole 16-byte words, at most FIFO_BYTES), sampled in reset
  // write side from mac_rx (no ready)
  input  logic           wr_valid,
  input  logic [127:0]   wr_data,
  input  logic [4:0]     wr_bytes,
  input  logic           wr_end,
  input  logic           wr_commit,
  input  rx_meta_t       wr_meta,
  output logic           missed,
  // frames to rx_dma
  output logic           meta_valid,
  input  logic           meta_ready,
  output rx_meta_t       meta,
  output logic           rd_valid,
  input  logic           rd_ready,
  output logic [127:0]   rd_data,
  output logic           rd_last,
  // status
  output logic [15:0]    frames,  // committed frames whose last word was not yet taken
  output logic [31:0]    used_bytes, // bytes of the words held (whole 16-byte words)
  output logic           empty,
  // nothing changes at the next edge: no word comes in, none moves to the
  // output stage, no pulse is up (rx_dma taking nothing is rx_dma's idle)
  output logic           still
);

  localparam int DEPTH = FIFO_BYTES / 16;
  localparam int AW = $clog2(DEPTH);
  localparam int CW = $clog2(DEPTH + 1);      // word counts 0..DEPTH
  localparam int MW = $clog2(META_DEPTH);
  localparam int MCW = $clog2(META_DEPTH + 1);

  if (FIFO_BYTES % 16 != 0 || FIFO_BYTES < 32) begin : g_check_bytes
    $error("rx_fifo: FIFO_BYTES must be a multiple of 16, at least 32");
  end
  if (META_DEPTH < 2 || META_DEPTH > 65535) begin : g_check_meta
    $error("rx_fifo: META_DEPTH must be 2..65535");
  end

  // Whole words are stored; meta.length says how many bytes matter.
  logic unused_wr_bytes;
  assign unused_wr_bytes = ^wr_bytes;

  function automatic logic [AW-1:0] addr_inc(logic [AW-1:0] a, logic [AW-1:0] last);
    return a == last ? '0 : a + 1'b1;
  endfunction
  function automatic logic [MW-1:0] mq_inc(logic [MW-1:0] a);
    return (32'(a) == META_DEPTH - 1) ? '0 : a + 1'b1;
  endfunction

  // ---- size: words used, frames queued at most (one per 64-byte frame) -----
  logic [CW-1:0]  size_q;
  logic [AW-1:0]  last_addr_q;    // size_q - 1: where addresses wrap
  logic [MCW-1:0] meta_max_q;
  logic [CW-1:0]  size_words;
  logic [MCW-1:0] meta_max;

  always_comb begin
    size_words = CW'(size_bytes / 16 < DEPTH ? size_bytes / 16 : DEPTH);
    meta_max   = MCW'(32'(size_words) / 4 < META_DEPTH ? 32'(size_words) / 4 : META_DEPTH);
  end

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      size_q      <= size_words;
      last_addr_q <= AW'(size_words - 1'b1);
      meta_max_q  <= meta_max;
    end
  end

  // ---- write side -------------------------------------------------------
  logic [AW-1:0]  wr_addr_q, frame_start_q;
  logic [CW-1:0]  used_q;         // words held (the output stage's too): stored, not yet taken
  logic [CW-1:0]  committed_q;    // words of committed frames not yet read
  logic [CW-1:0]  frame_words_q;  // words of the frame being written
  logic           overflow_q;     // a word of the frame being written found no room
  logic           missed_q;

  // metadata queue: entry = frame's word count + rx_meta_t, read by two heads
  // (metadata for rx_dma, word count for rd_last)
  rx_meta_t       mq_meta_q  [META_DEPTH];
  logic [CW-1:0]  mq_words_q [META_DEPTH];
  logic [MW-1:0]  mq_wr_q, mq_meta_rd_q, mq_word_rd_q;
  logic [MCW-1:0] mq_meta_cnt_q, mq_word_cnt_q;

  logic          keep, drop, wr_en, rd_en, ovf_now, meta_pop, word_taken, last_taken;
  logic [AW-1:0] base;
  logic [CW-1:0] used_now;

  always_comb begin
    keep = wr_end && wr_commit && !overflow_q &&
           mq_meta_cnt_q < meta_max_q && mq_word_cnt_q < meta_max_q;
    drop = wr_end && !keep;
    // where this cycle's word goes: after a kept frame, or over a dropped one
    base     = drop ? frame_start_q : wr_addr_q;
    used_now = drop ? used_q - frame_words_q : used_q;
    ovf_now  = wr_end ? 1'b0 : overflow_q;
    wr_en    = wr_valid && !ovf_now && used_now < size_q;
  end

  // ---- read side ----------------------------------------------------------
  logic [AW-1:0] rd_addr_q;
  logic [CW-1:0] rd_idx_q;       // index of the next word within its frame
  logic          rd_valid_q, rd_last_q;
  logic [15:0]   frames_q;
  logic          rd_word_last;

  always_comb begin
    rd_en        = committed_q != '0 && (!rd_valid_q || rd_ready);
    rd_word_last = rd_idx_q == mq_words_q[mq_word_rd_q] - 1'b1;
    meta_pop     = meta_valid && meta_ready;
    word_taken   = rd_valid_q && rd_ready;
    last_taken   = word_taken && rd_last_q;
  end

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      wr_addr_q     <= '0;
      frame_start_q <= '0;
      used_q        <= '0;
      committed_q   <= '0;
      frame_words_q <= '0;
      overflow_q    <= 1'b0;
      missed_q      <= 1'b0;
      mq_wr_q       <= '0;
      mq_meta_rd_q  <= '0;
      mq_word_rd_q  <= '0;
      mq_meta_cnt_q <= '0;
      mq_word_cnt_q <= '0;
      rd_addr_q     <= '0;
      rd_idx_q      <= '0;
      rd_valid_q    <= 1'b0;
      rd_last_q     <= 1'b0;
      frames_q      <= '0;
    end else begin
      wr_addr_q     <= wr_en ? addr_inc(base, last_addr_q) : base;
      frame_start_q <= wr_end ? base : frame_start_q;
      used_q        <= used_now + CW'(wr_en) - CW'(word_taken);
      committed_q   <= committed_q + (keep ? frame_words_q : '0) - CW'(rd_en);
      frame_words_q <= (wr_end ? '0 : frame_words_q) + CW'(wr_en);
      overflow_q    <= ovf_now || (wr_valid && !wr_en);
      missed_q      <= wr_end && wr_commit && !keep;

      if (keep) begin
        mq_meta_q[mq_wr_q]  <= wr_meta;
        mq_words_q[mq_wr_q] <= frame_words_q;
        mq_wr_q             <= mq_inc(mq_wr_q);
      end
      if (meta_pop) mq_meta_rd_q <= mq_inc(mq_meta_rd_q);
      mq_meta_cnt_q <= mq_meta_cnt_q + MCW'(keep) - MCW'(meta_pop);

      if (rd_en) begin
        rd_addr_q <= addr_inc(rd_addr_q, last_addr_q);
        rd_idx_q  <= rd_word_last ? '0 : rd_idx_q + 1'b1;
        rd_last_q <= rd_word_last;
        if (rd_word_last) mq_word_rd_q <= mq_inc(mq_word_rd_q);
      end
      mq_word_cnt_q <= mq_word_cnt_q + MCW'(keep) - MCW'(rd_en && rd_word_last);
      rd_valid_q    <= rd_en || (rd_valid_q && !rd_ready);
      frames_q      <= frames_q + 16'(keep) - 16'(last_taken);
    end
  end

  sdp_ram #(.WIDTH(128), .DEPTH(DEPTH)) u_words (
    .clk     (clk),
    .wr_en   (wr_en),
    .wr_addr (base),
    .wr_data (wr_data),
    .rd_en   (rd_en),
    .rd_addr (rd_addr_q),
    .rd_data (rd_data)
  );

  assign missed     = missed_q;
  assign meta_valid = mq_meta_cnt_q != '0;
  assign meta       = mq_meta_q[mq_meta_rd_q];
  assign rd_valid   = rd_valid_q;
  assign rd_last    = rd_last_q;
  assign frames     = frames_q;
  assign used_bytes = 32'(used_q) * 32'd16;
  assign empty      = frames_q == '0 && !meta_valid;
  assign still      = !wr_valid && !wr_end && !rd_en && !missed_q;

endmodule

`default_nettype wire
