`default_nettype none

// Receive checksum offload of the 8254x (datasheet "Receive Checksum
// Offloading", RXCSUM): the IPv4 header checksum (IPCS/IPE), the TCP or UDP
// checksum over IPv4 (TCPCS/TCPE) and the packet checksum written to the
// descriptor (a 16-bit ones' complement sum from RXCSUM.PCSS to the end of
// the frame, FCS excluded).
//
// Every sum is taken as the bytes stream by, as plain integers (no
// end-around carry) folded once at the end, so that parts can be taken back
// out exactly: the packet checksum adds every byte from PCSS and removes the
// FCS bytes (the last four) when the frame ends. Range bounds come from the
// MAC's registered header capture; a bound that depends on a byte not yet
// seen is known to lie further on (an IPv4 header ends at 34 or later, 38
// behind a tag), so earlier bytes are summed without it. Both IPv4 positions
// (14, and 18 behind an 802.1Q tag) are summed; the end picks one.
module rx_csum_offload #(
  parameter int IN_BYTES  = 8,   // 1, 2, 4 or 8 frame bytes per cycle
  parameter int HDR_BYTES = 96   // captured header bytes: >= 18 + 60 + 8
) (
  input  logic                   clk,
  input  logic                   rst_n,
  // Configuration (nic_csr).
  input  logic [7:0]             cfg_pcss,    // RXCSUM.PCSS
  input  logic                   cfg_ipofld,  // RXCSUM.IPOFLD
  input  logic                   cfg_tuofld,  // RXCSUM.TUOFLD
  // Frame bytes: lanes 0..in_bytes-1 of in_data (zero above) at frame
  // offsets in_off.., offset 0 = destination address byte 0 (a VLAN tag
  // counted as received). in_off is a multiple of IN_BYTES.
  input  logic                   in_start,    // a frame begins: clear the sums
  input  logic                   in_valid,
  input  logic [IN_BYTES*8-1:0]  in_data,
  input  logic [3:0]             in_bytes,
  input  logic [31:0]            in_off,
  // The frame's first HDR_BYTES bytes (byte k in bits 8k+7:8k), registered.
  input  logic [HDR_BYTES*8-1:0] hdr,
  // The frame ended (all its bytes were given in earlier cycles): evaluate.
  input  logic                   end_i,
  input  logic [31:0]            len_i,       // frame bytes, DA through FCS
  // Results, registered in the cycle after end_i; held until the next end_i.
  output logic                   ixsm,
  output logic                   ipcs,
  output logic                   tcpcs,
  output logic                   ipe,
  output logic                   tcpe,
  output logic [15:0]            csum
);

  if (IN_BYTES != 1 && IN_BYTES != 2 && IN_BYTES != 4 && IN_BYTES != 8) begin : g_bad_width
    $error("rx_csum_offload: IN_BYTES must be 1, 2, 4 or 8");
  end
  if (HDR_BYTES < 86 || HDR_BYTES % IN_BYTES != 0) begin : g_bad_hdr
    $error("rx_csum_offload: HDR_BYTES must hold a tagged IPv4 header with options and a UDP header, in whole input words");
  end

  localparam int HW = $clog2(HDR_BYTES);

  function automatic logic [7:0] hbyte(input logic [HW-1:0] k);
    return hdr[8*k +: 8];
  endfunction

  function automatic logic [15:0] hword(input logic [HW-1:0] k);
    return {hbyte(k), hbyte(k + 1'b1)};
  endfunction

  // Ones' complement fold of a plain 32-bit sum (two folds always suffice).
  function automatic logic [15:0] fold(input logic [31:0] s);
    logic [31:0] t;
    t = {16'b0, s[15:0]} + {16'b0, s[31:16]};
    t = {16'b0, t[15:0]} + {16'b0, t[31:16]};
    return t[15:0];
  endfunction

  function automatic logic [31:0] max32(input logic [31:0] a, input logic [31:0] b);
    return a > b ? a : b;
  endfunction

  // --- Header fields (from the capture) ----------------------------------------
  logic          vlan_tagged;
  logic [HW-1:0] ip_off, l4_off;
  logic [5:0]    hlen, hlen14, hlen18;
  logic [31:0]   ip_end;

  assign vlan_tagged = hbyte(HW'(12)) == 8'h81 && hbyte(HW'(13)) == 8'h00;
  assign ip_off      = vlan_tagged ? HW'(18) : HW'(14);
  assign hlen14      = {hdr[8*14 +: 4], 2'b00};  // IHL x 4
  assign hlen18      = {hdr[8*18 +: 4], 2'b00};
  assign hlen        = vlan_tagged ? hlen18 : hlen14;
  assign l4_off      = ip_off + HW'(hlen);
  assign ip_end      = 32'(ip_off) + {16'b0, hword(ip_off + HW'(2))};

  // --- Streaming sums ----------------------------------------------------------
  logic [31:0] pcss_sum_q;  // bytes from PCSS, words aligned to PCSS
  logic [31:0] ip14_sum_q;  // IPv4 header at 14
  logic [31:0] ip18_sum_q;  // IPv4 header at 18 (behind a tag)
  logic [31:0] l4_sum_q;    // L4 bytes, up to the IP total length
  logic [31:0] tail_q;      // the last four bytes seen: the FCS once the frame ends

  logic [31:0] word_end;
  logic [31:0] even_sum, odd_sum;  // this word's bytes at even / odd frame offsets
  logic [31:0] pcss_add, ip14_add, ip18_add, l4_add;
  logic [31:0] tail_d;

  assign word_end = in_off + 32'(IN_BYTES);

  // This word's bytes at offsets in [from, to), as 16-bit word halves: the
  // high half when at an even offset (hi_even) or an odd one (!hi_even).
  // Whole words use the even/odd sums; only a word a bound cuts goes lane by lane.
  function automatic logic [31:0] range_sum(input logic [31:0] from, input logic [31:0] to,
                                            input logic hi_even);
    logic [31:0] s;
    s = '0;
    if (in_off >= from && word_end <= to) begin
      s = hi_even ? {even_sum[23:0], 8'b0} + odd_sum : {odd_sum[23:0], 8'b0} + even_sum;
    end else if (word_end > from && in_off < to) begin
      for (int i = 0; i < IN_BYTES; i++) begin
        logic [31:0] k;
        k = in_off + 32'(i);
        if (k >= from && k < to) begin
          s = s + (k[0] != hi_even ? {16'b0, in_data[8*i +: 8], 8'b0} : {24'b0, in_data[8*i +: 8]});
        end
      end
    end
    return s;
  endfunction

  always_comb begin
    even_sum = '0;
    odd_sum  = '0;
    pcss_add = '0;
    ip14_add = '0;
    ip18_add = '0;
    l4_add   = '0;
    if (in_valid) begin
      for (int i = 0; i < IN_BYTES; i++) begin
        if (in_off[0] != 1'(i % 2)) odd_sum = odd_sum + {24'b0, in_data[8*i +: 8]};
        else                        even_sum = even_sum + {24'b0, in_data[8*i +: 8]};
      end
      // Packet checksum words start at PCSS.
      pcss_add = range_sum({24'b0, cfg_pcss}, 32'hFFFF_FFFF, !cfg_pcss[0]);
      // IPv4 headers end at 34 / 38 or later: before that the bound is not needed.
      ip14_add = range_sum(32'd14, max32(32'd14 + 32'(hlen14), 32'd34), 1'b1);
      ip18_add = range_sum(32'd18, max32(32'd18 + 32'(hlen18), 32'd38), 1'b1);
      l4_add   = range_sum(max32(32'(l4_off), vlan_tagged ? 32'd38 : 32'd34), ip_end, 1'b1);
    end
    tail_d = 32'({in_data, tail_q} >> {in_bytes, 3'b000});
  end

  // --- End-of-frame evaluation --------------------------------------------------
  logic [31:0] flen;        // bytes before the FCS
  logic [7:0]  vihl, proto;
  logic [5:0]  flags;       // IPv4 flags (reserved bit dropped) and offset high bits
  logic [15:0] tot_len, l4_len;
  logic        ip_ok, l4_ok, frag, udp_nocsum;
  logic [31:0] ip_sum, l4_sum, fcs_sum;

  // Evaluated only in the end cycle (all zero otherwise): it reads a dozen
  // header fields, which would cost a simulator every cycle.
  always_comb begin
    flen       = '0;
    vihl       = '0;
    proto      = '0;
    tot_len    = '0;
    l4_len     = '0;
    flags      = '0;
    frag       = 1'b0;
    ip_ok      = 1'b0;
    l4_ok      = 1'b0;
    udp_nocsum = 1'b0;
    ip_sum     = '0;
    l4_sum     = '0;
    fcs_sum    = '0;
    if (end_i) begin
      flen    = len_i >= 32'd4 ? len_i - 32'd4 : 32'd0;
      vihl    = hbyte(ip_off);
      proto   = hbyte(ip_off + HW'(9));
      tot_len = hword(ip_off + HW'(2));
      l4_len  = tot_len - {10'b0, hlen};
      flags   = 6'(hbyte(ip_off + HW'(6)));
      frag    = flags[5] || {flags[4:0], hbyte(ip_off + HW'(7))} != 13'd0;  // MF or an offset
      ip_ok   = hword(ip_off - HW'(2)) == 16'h0800 && vihl[7:4] == 4'd4 && vihl[3:0] >= 4'd5
             && 32'(ip_off) + 32'(hlen) <= flen;
      // A UDP header must be there to read its checksum field.
      l4_ok   = ip_ok && (proto == 8'd6 || proto == 8'd17) && !frag
             && tot_len >= {10'b0, hlen} && 32'(ip_off) + {16'b0, tot_len} <= flen
             && (proto == 8'd6 || l4_len >= 16'd8);
      udp_nocsum = proto == 8'd17 && hword(l4_off + HW'(6)) == 16'd0;
      ip_sum  = vlan_tagged ? ip18_sum_q : ip14_sum_q;
      // Pseudo-header: source, destination, protocol, L4 length.
      l4_sum  = l4_sum_q + {16'b0, hword(ip_off + HW'(12))} + {16'b0, hword(ip_off + HW'(14))}
              + {16'b0, hword(ip_off + HW'(16))} + {16'b0, hword(ip_off + HW'(18))}
              + {24'b0, proto} + {16'b0, l4_len};
      // The FCS bytes' share of pcss_sum: offsets flen..flen+3.
      for (int j = 0; j < 4; j++) begin
        if (len_i >= 32'd4 && flen + 32'(j) >= {24'b0, cfg_pcss}) begin
          fcs_sum = fcs_sum + ((flen[0] ^ 1'(j % 2)) == cfg_pcss[0] ? {16'b0, tail_q[8*j +: 8], 8'b0}
                                                                   : {24'b0, tail_q[8*j +: 8]});
        end
      end
    end
  end

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      pcss_sum_q <= '0;
      ip14_sum_q <= '0;
      ip18_sum_q <= '0;
      l4_sum_q   <= '0;
      tail_q     <= '0;
      ixsm       <= 1'b1;
      ipcs       <= 1'b0;
      tcpcs      <= 1'b0;
      ipe        <= 1'b0;
      tcpe       <= 1'b0;
      csum       <= '0;
    end else begin
      if (end_i) begin
        ipcs  <= cfg_ipofld && ip_ok;
        ipe   <= cfg_ipofld && ip_ok && fold(ip_sum) != 16'hFFFF;
        tcpcs <= cfg_tuofld && l4_ok && !udp_nocsum;
        tcpe  <= cfg_tuofld && l4_ok && !udp_nocsum && fold(l4_sum) != 16'hFFFF;
        ixsm  <= !(cfg_ipofld && ip_ok) && !(cfg_tuofld && l4_ok && !udp_nocsum);
        csum  <= fold(pcss_sum_q - fcs_sum);
      end
      if (in_start) begin
        pcss_sum_q <= '0;
        ip14_sum_q <= '0;
        ip18_sum_q <= '0;
        l4_sum_q   <= '0;
        tail_q     <= '0;
      end else if (in_valid) begin
        pcss_sum_q <= pcss_sum_q + pcss_add;
        ip14_sum_q <= ip14_sum_q + ip14_add;
        ip18_sum_q <= ip18_sum_q + ip18_add;
        l4_sum_q   <= l4_sum_q + l4_add;
        tail_q     <= tail_d;
      end
    end
  end

endmodule

`default_nettype wire
