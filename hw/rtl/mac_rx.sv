`default_nettype none

// MAC receive side: takes frames off the wire (preamble, SFD, DA .. FCS),
// checks them as the 8254x does (preamble/SFD, FCS, length, destination
// filter), strips an 802.1Q tag under CTRL.VME, evaluates the checksum
// offloads, writes the frame into the RX FIFO in 16-byte words and gives each
// wire frame exactly one class for mac_stats.
//
// Timing: the wire word (with RCTL.EN) is registered first, so that nothing
// downstream is recomputed when the inputs change between clock edges. A
// frame's last wire word arrives in cycle t; its verdict is computed from
// registered state in cycle t+2 and appears (stats event, rxseq, wr_meta,
// wr_commit) from cycle t+3. Its last FIFO word comes in t+2 (or t+3 when the
// last wire word overflowed a FIFO word); wr_end follows in the next cycle.
//
// The wire brings sof and eof in pairs (the replay guarantees it): a sof
// inside a frame restarts the parser and the cut frame gets no verdict.
// Lengths and classes (each wire frame gets exactly one, in this order):
// RCTL.EN clear at sof; bad preamble/SFD; L < 64; L > 1518 (1522 when bytes
// 12-13 are 0x8100, 16384 with RCTL.LPE); bad FCS; destination filter or,
// with RCTL.VFE, a tagged frame whose VID has no VFTA bit (both "filtered");
// good.
// L counts DA through FCS; for the first two classes, the wire bytes after
// the 8 preamble positions.
module mac_rx
  import nic_regs_pkg::*;
#(
  parameter int DATA_W = 64  // wire datapath width: 8, 16, 32 or 64 bits
) (
  input  logic                clk,
  input  logic                rst_n,

  // Wire: frames start at byte 0 of a word with 7 x 0x55 + 0xD5.
  input  logic                wire_valid,
  output logic                wire_ready,   // always 1: the wire cannot wait
  input  logic [DATA_W-1:0]   wire_data,    // byte 0 in bits 7:0
  input  logic [DATA_W/8-1:0] wire_keep,    // contiguous from bit 0
  input  logic                wire_sof,
  input  logic                wire_eof,

  // Configuration (plain fields from nic_csr).
  input  logic                cfg_rx_en,    // RCTL.EN
  input  logic                cfg_sbp,      // RCTL.SBP
  input  logic                cfg_upe,      // RCTL.UPE
  input  logic                cfg_mpe,      // RCTL.MPE
  input  logic                cfg_lpe,      // RCTL.LPE
  input  logic                cfg_bam,      // RCTL.BAM
  input  logic [1:0]          cfg_mo,       // RCTL.MO
  input  logic                cfg_secrc,    // RCTL.SECRC
  input  logic                cfg_vme,      // CTRL.VME
  input  logic                cfg_ipofld,   // RXCSUM.IPOFLD
  input  logic                cfg_tuofld,   // RXCSUM.TUOFLD
  input  logic [7:0]          cfg_pcss,     // RXCSUM.PCSS
  input  logic [32*NIC_MTA_COUNT-1:0] cfg_mta,      // MTA[i] in bits 32i+31:32i
  input  logic                cfg_vfe,      // RCTL.VFE
  input  logic [32*NIC_VFTA_COUNT-1:0] cfg_vfta,    // VFTA[i] in bits 32i+31:32i
  input  logic [48*NIC_RAL_COUNT-1:0] cfg_ra,       // RAL/RAH entry i in bits 48i+47:48i
  input  logic [NIC_RAL_COUNT-1:0]    cfg_ra_valid, // RAH.AV

  // RX FIFO write side (no ready: the FIFO drops what does not fit).
  output logic                wr_valid,
  output logic [127:0]        wr_data,
  output logic [4:0]          wr_bytes,
  output logic                wr_end,
  output logic                wr_commit,
  output nic_types_pkg::rx_meta_t wr_meta,

  // Frame verdicts to mac_stats: one ev_frame pulse per wire frame.
  output logic                ev_frame,
  output mac_rx_pkg::rx_class_e ev_class,
  output logic [31:0]         ev_bytes,     // DA through FCS
  output logic                ev_bcast,
  output logic                ev_mcast,

  // ICR.RXSEQ cause: one pulse per frame with a malformed preamble/SFD.
  output logic                rxseq,
  // No frame in progress and nothing pending inside.
  output logic                idle
);

  import mac_rx_pkg::*;

  localparam int N         = DATA_W / 8;  // bytes per wire word
  localparam int HDR_BYTES = 96;          // a tagged IPv4 header with options + UDP header
  localparam int PRE_BYTES = 8;           // preamble and SFD

  if (DATA_W != 8 && DATA_W != 16 && DATA_W != 32 && DATA_W != 64) begin : g_bad_width
    $error("mac_rx: DATA_W must be 8, 16, 32 or 64");
  end

  typedef enum logic [1:0] {
    ST_IDLE,      // between frames
    ST_PREAMBLE,  // checking preamble/SFD words
    ST_DATA,      // DA .. FCS
    ST_DROP       // receiver disabled or bad preamble: skip to eof
  } rx_state_e;

  // The wire word of the previous cycle.
  logic              in_valid_q, in_sof_q, in_eof_q, in_rx_en_q;
  logic [DATA_W-1:0] in_data_q;
  logic [N-1:0]      in_keep_q;

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      in_valid_q <= 1'b0;
      in_sof_q   <= 1'b0;
      in_eof_q   <= 1'b0;
      in_rx_en_q <= 1'b0;
      in_data_q  <= '0;
      in_keep_q  <= '0;
    end else begin
      in_valid_q <= wire_valid;
      if (wire_valid) begin
        in_sof_q   <= wire_sof;
        in_eof_q   <= wire_eof;
        in_rx_en_q <= cfg_rx_en;  // RCTL.EN as the sof word arrives
        in_data_q  <= wire_data;
        in_keep_q  <= wire_keep;
      end
    end
  end

  rx_state_e   state_q, state_d;
  logic [31:0] wire_bytes_q;   // bytes of this frame so far, preamble included
  logic        disabled_q;     // RCTL.EN was clear at sof
  logic        badpre_q;       // preamble/SFD malformed or cut short
  logic        strip_q;        // the 802.1Q tag was stripped
  logic [31:0] crc_q;
  logic [HDR_BYTES*8-1:0] hdr_q;  // the frame's first bytes
  logic        end_q;          // previous cycle held the frame's last word

  // --- Current wire word ------------------------------------------------------
  logic              start, in_frame, pre_word, data_word, pre_bad;
  logic [31:0]       pos;           // frame byte count before this word, preamble included
  logic [31:0]       foff;          // frame offset of lane 0 in a data word
  logic [3:0]        cnt;           // bytes in this word
  logic [DATA_W-1:0] data_m;        // in_data_q with bytes beyond keep zeroed
  logic [31:0]       crc_d;

  always_comb begin
    cnt    = '0;
    data_m = '0;
    for (int i = 0; i < N; i++) begin
      if (in_keep_q[i]) begin
        cnt = cnt + 4'd1;
        data_m[8*i +: 8] = in_data_q[8*i +: 8];
      end
    end
  end

  assign start     = in_valid_q && in_sof_q;
  assign in_frame  = in_valid_q && (start || state_q != ST_IDLE);
  assign pos       = start ? 32'd0 : wire_bytes_q;
  assign foff      = pos - 32'(PRE_BYTES);
  // The preamble is word aligned (8 is a multiple of N).
  assign pre_word  = in_frame && (start || state_q == ST_PREAMBLE) && !(start && !in_rx_en_q);
  assign data_word = in_frame && !start && state_q == ST_DATA;

  // 7 x 0x55 then 0xD5; the preamble words must be whole. Checked in
  // preamble words only.
  always_comb begin
    pre_bad = 1'b0;
    if (pre_word) begin
      pre_bad = cnt != 4'(N);
      for (int i = 0; i < N; i++) begin
        if (in_keep_q[i] && in_data_q[8*i +: 8] != (pos + 32'(i) == 32'd7 ? 8'hD5 : 8'h55)) begin
          pre_bad = 1'b1;
        end
      end
    end
  end

  always_comb begin
    state_d = state_q;
    if (start && !in_rx_en_q) begin
      state_d = ST_DROP;
    end else if (pre_word) begin
      if (pre_bad)                            state_d = ST_DROP;
      else if (pos + 32'(N) == 32'(PRE_BYTES)) state_d = ST_DATA;
      else                                    state_d = ST_PREAMBLE;
    end
    if (in_frame && in_eof_q) state_d = ST_IDLE;
  end

  logic [N-1:0] crc_keep;  // the FCS covers DA .. FCS: data words only

  assign crc_keep = data_word ? in_keep_q : '0;

  eth_crc32 #(.BYTES(N)) u_crc (
    .crc_i  (crc_q),
    .data_i (in_data_q),
    .keep_i (crc_keep),
    .crc_o  (crc_d)
  );

  // --- 802.1Q tag strip -------------------------------------------------------
  // Decided at the word holding frame byte 15 (the tag's last byte), when bytes
  // 12-13 are known: the packer then takes back the four tag bytes.
  localparam int TAG_END_OFF = 16 - N;  // foff of the word holding byte 15
  logic [7:0] b12, b13;
  logic       strip_now;

  if (N >= 4) begin : g_tag_in_word
    assign b12 = in_data_q[8*(N-4) +: 8];
    assign b13 = in_data_q[8*(N-3) +: 8];
  end else begin : g_tag_captured
    assign b12 = hdr_q[8*12 +: 8];
    assign b13 = hdr_q[8*13 +: 8];
  end

  assign strip_now = data_word && foff == 32'(TAG_END_OFF) && cnt == 4'(N)
                  && cfg_vme && b12 == 8'h81 && b13 == 8'h00;

  // --- Registers ----------------------------------------------------------------
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      state_q      <= ST_IDLE;
      wire_bytes_q <= '0;
      disabled_q   <= 1'b0;
      badpre_q     <= 1'b0;
      strip_q      <= 1'b0;
      crc_q        <= '1;
      hdr_q        <= '0;
      end_q        <= 1'b0;
    end else begin
      state_q <= state_d;
      end_q   <= in_frame && in_eof_q;
      if (in_frame) wire_bytes_q <= pos + {28'b0, cnt};
      if (start) begin
        disabled_q <= !in_rx_en_q;
        badpre_q   <= 1'b0;
        strip_q    <= 1'b0;
        crc_q      <= '1;
        hdr_q      <= '0;
      end
      // A frame cut short inside its preamble is malformed too.
      if (pre_word && (pre_bad || (in_eof_q && pos + 32'(N) < 32'(PRE_BYTES)))) badpre_q <= 1'b1;
      if (data_word) begin
        crc_q <= crc_d;
        if (foff < 32'(HDR_BYTES)) hdr_q[8*foff[$clog2(HDR_BYTES)-1:0] +: DATA_W] <= data_m;
      end
      if (strip_now) strip_q <= 1'b1;
    end
  end

  // --- Packing into FIFO words ------------------------------------------------
  logic packer_idle;

  rx_byte_packer #(.IN_BYTES(N)) u_packer (
    .clk        (clk),
    .rst_n      (rst_n),
    .in_valid   (data_word),
    .in_data    (data_m),
    .in_bytes   (cnt),
    .in_retract (strip_now),
    .in_last    (in_eof_q),
    .out_valid  (wr_valid),
    .out_data   (wr_data),
    .out_bytes  (wr_bytes),
    .out_end    (wr_end),
    .idle       (packer_idle)
  );

  // --- Checksum offload -------------------------------------------------------
  logic        cs_ixsm, cs_ipcs, cs_tcpcs, cs_ipe, cs_tcpe;
  logic [15:0] cs_csum;
  logic [31:0] len;  // DA through FCS

  assign len = wire_bytes_q >= 32'(PRE_BYTES) ? wire_bytes_q - 32'(PRE_BYTES) : 32'd0;

  rx_csum_offload #(.IN_BYTES(N), .HDR_BYTES(HDR_BYTES)) u_csum (
    .clk        (clk),
    .rst_n      (rst_n),
    .cfg_pcss   (cfg_pcss),
    .cfg_ipofld (cfg_ipofld),
    .cfg_tuofld (cfg_tuofld),
    .in_start   (start),
    .in_valid   (data_word),
    .in_data    (data_m),
    .in_bytes   (cnt),
    .in_off     (foff),
    .hdr        (hdr_q),
    .end_i      (end_q),
    .len_i      (len),
    .ixsm       (cs_ixsm),
    .ipcs       (cs_ipcs),
    .tcpcs      (cs_tcpcs),
    .ipe        (cs_ipe),
    .tcpe       (cs_tcpe),
    .csum       (cs_csum)
  );

  // --- Destination filter -----------------------------------------------------
  logic flt_accept, flt_pif, flt_bcast, flt_mcast;

  mac_addr_filter u_filter (
    .en_i         (end_q),
    .da_i         (hdr_q[47:0]),
    .cfg_upe      (cfg_upe),
    .cfg_mpe      (cfg_mpe),
    .cfg_bam      (cfg_bam),
    .cfg_mo       (cfg_mo),
    .cfg_mta      (cfg_mta),
    .cfg_ra       (cfg_ra),
    .cfg_ra_valid (cfg_ra_valid),
    .accept_o     (flt_accept),
    .pif_o        (flt_pif),
    .bcast_o      (flt_bcast),
    .mcast_o      (flt_mcast)
  );

  // --- Verdict (end_q: the cycle after the last word was taken in) --------------
  // Precedence: disabled, preamble, runt, oversize, FCS, filter.
  logic      crc_ok, vlan_tagged;
  logic [31:0] max_len;
  rx_class_e cls;
  logic      commit;

  assign crc_ok  = crc_q == 32'hDEBB20E3;
  assign vlan_tagged  = len >= 32'd14 && hdr_q[8*12 +: 16] == 16'h0081;  // bytes 12-13 = 81 00
  assign max_len = cfg_lpe ? 32'd16384 : (vlan_tagged ? 32'd1522 : 32'd1518);

  // VLAN filter (RCTL.VFE): a tagged frame passes when VFTA has its VID's
  // bit (the VID: TCI bits 11:0, frame bytes 14-15).
  logic [11:0] vid;
  logic        vlan_pass;
  assign vid       = {hdr_q[8*14 +: 4], hdr_q[8*15 +: 8]};
  assign vlan_pass = !cfg_vfe || !vlan_tagged || cfg_vfta[vid];

  always_comb begin
    commit = 1'b0;
    if (disabled_q)                 cls = RX_DISABLED;
    else if (badpre_q)              cls = RX_SEQ_ERR;
    else if (len < 32'd64)          cls = crc_ok ? RX_UNDERSIZE : RX_FRAGMENT;
    else if (len > max_len)         cls = crc_ok ? RX_OVERSIZE : RX_JABBER;
    else if (!crc_ok) begin
      // RCTL.SBP stores it, flagged with errors.CE, if the filter passes.
      cls    = RX_CRC_ERR;
      commit = cfg_sbp && flt_accept && vlan_pass;
    end
    else if (!flt_accept || !vlan_pass) cls = RX_FILTERED;
    else begin
      cls    = RX_GOOD;
      commit = 1'b1;
    end
  end

  logic [15:0] meta_len_q, special_q;
  logic        commit_q, ce_q, vp_q, pif_q;
  logic        ev_frame_q, ev_bcast_q, ev_mcast_q, rxseq_q;
  rx_class_e   ev_class_q;
  logic [31:0] ev_bytes_q;

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      meta_len_q <= '0;
      special_q  <= '0;
      commit_q   <= 1'b0;
      ce_q       <= 1'b0;
      vp_q       <= 1'b0;
      pif_q      <= 1'b0;
      ev_frame_q <= 1'b0;
      ev_class_q <= RX_GOOD;
      ev_bytes_q <= '0;
      ev_bcast_q <= 1'b0;
      ev_mcast_q <= 1'b0;
      rxseq_q    <= 1'b0;
    end else begin
      ev_frame_q <= end_q;
      rxseq_q    <= end_q && cls == RX_SEQ_ERR;
      if (end_q) begin
        // Bytes for host memory: the tag is not stored; SECRC leaves the FCS
        // out of the length only (the DMA drops the bytes past it).
        meta_len_q <= 16'(len - (strip_q ? 32'd4 : 32'd0) - (cfg_secrc ? 32'd4 : 32'd0));
        special_q  <= strip_q ? {hdr_q[8*14 +: 8], hdr_q[8*15 +: 8]} : 16'd0;
        commit_q   <= commit;
        ce_q       <= !crc_ok;
        vp_q       <= strip_q;
        pif_q      <= flt_pif;
        ev_class_q <= cls;
        ev_bytes_q <= len;
        ev_bcast_q <= flt_bcast;
        ev_mcast_q <= flt_mcast;
      end
    end
  end

  always_comb begin
    wr_meta         = '0;
    wr_meta.length  = meta_len_q;
    wr_meta.csum    = cs_csum;
    wr_meta.special = special_q;
    wr_meta.status[NIC_RXD_STATUS_IXSM_SHIFT]  = cs_ixsm;
    wr_meta.status[NIC_RXD_STATUS_VP_SHIFT]    = vp_q;
    wr_meta.status[NIC_RXD_STATUS_TCPCS_SHIFT] = cs_tcpcs;
    wr_meta.status[NIC_RXD_STATUS_IPCS_SHIFT]  = cs_ipcs;
    wr_meta.status[NIC_RXD_STATUS_PIF_SHIFT]   = pif_q;
    wr_meta.errors[NIC_RXD_ERRORS_CE_SHIFT]    = ce_q;
    wr_meta.errors[NIC_RXD_ERRORS_TCPE_SHIFT]  = cs_tcpe;
    wr_meta.errors[NIC_RXD_ERRORS_IPE_SHIFT]   = cs_ipe;
  end

  assign wire_ready = 1'b1;
  assign wr_commit  = commit_q;
  assign ev_frame   = ev_frame_q;
  assign ev_class   = ev_class_q;
  assign ev_bytes   = ev_bytes_q;
  assign ev_bcast   = ev_bcast_q;
  assign ev_mcast   = ev_mcast_q;
  assign rxseq      = rxseq_q;
  assign idle       = !in_valid_q && state_q == ST_IDLE && !end_q && !ev_frame_q && packer_idle;

endmodule

`default_nettype wire
