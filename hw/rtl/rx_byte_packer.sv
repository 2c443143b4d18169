`default_nettype none

// Packs a frame's bytes, arriving IN_BYTES per cycle, into the 16-byte words
// of the RX FIFO's write port. Each frame starts a fresh word; only its last
// word may be partial. out_end pulses in the cycle after a frame's last word
// (or two cycles after a last input that added nothing to a frame already
// partly written), so the MAC's verdict, computed one cycle after the last
// input, is ready by then.
module rx_byte_packer #(
  parameter int IN_BYTES = 8  // 1, 2, 4 or 8
) (
  input  logic                  clk,
  input  logic                  rst_n,
  // Frame bytes: lanes 0..in_bytes-1 of in_data, zero above. in_retract
  // withdraws the last 4 bytes written (these included), which must still lie
  // in the word being filled: it strips an 802.1Q tag once bytes 12-13 showed
  // it. After a last input that leaves more than 16 bytes, the next cycle
  // must bring no input (the wire's preamble guarantees it).
  input  logic                  in_valid,
  input  logic [IN_BYTES*8-1:0] in_data,
  input  logic [3:0]            in_bytes,
  input  logic                  in_retract,
  input  logic                  in_last,
  // RX FIFO write port.
  output logic                  out_valid,
  output logic [127:0]          out_data,
  output logic [4:0]            out_bytes,
  output logic                  out_end,
  output logic                  idle
);

  localparam int EXT_W = 128 + IN_BYTES*8;

  if (IN_BYTES != 1 && IN_BYTES != 2 && IN_BYTES != 4 && IN_BYTES != 8) begin : g_bad_width
    $error("rx_byte_packer: IN_BYTES must be 1, 2, 4 or 8");
  end

  logic [127:0] buf_q;        // bytes 0..fill_q-1 of the word being filled
  logic [3:0]   fill_q;
  logic         flush_q;      // buf_q holds a frame's last, partial word
  logic         open_q;       // words of the current frame were written
  logic         end_pend_q;   // frame ended without a last word: end next cycle
  logic         out_last_q;
  logic         out_valid_q;
  logic [127:0] out_data_q;
  logic [4:0]   out_bytes_q;
  logic         out_end_q;

  logic [EXT_W-1:0] ext;
  logic [4:0]       total;

  // The wide shifts only in cycles with input (they cost a simulator most).
  always_comb begin
    ext = '0;
    if (in_valid) begin
      ext = {{(IN_BYTES*8){1'b0}}, buf_q & ~({128{1'b1}} << {fill_q, 3'b000})}
          | ({{128{1'b0}}, in_data} << {fill_q, 3'b000});
    end
    total = {1'b0, fill_q} + {1'b0, in_bytes} - (in_retract ? 5'd4 : 5'd0);
  end

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      buf_q       <= '0;
      fill_q      <= '0;
      flush_q     <= 1'b0;
      open_q      <= 1'b0;
      end_pend_q  <= 1'b0;
      out_last_q  <= 1'b0;
      out_valid_q <= 1'b0;
      out_data_q  <= '0;
      out_bytes_q <= '0;
      out_end_q   <= 1'b0;
    end else begin
      out_valid_q <= 1'b0;
      out_end_q   <= (out_valid_q && out_last_q) || end_pend_q;
      end_pend_q  <= 1'b0;
      if (flush_q) begin
        out_valid_q <= 1'b1;
        out_data_q  <= buf_q;
        out_bytes_q <= {1'b0, fill_q};
        out_last_q  <= 1'b1;
        buf_q       <= '0;
        fill_q      <= '0;
        flush_q     <= 1'b0;
        open_q      <= 1'b0;
      end else if (in_valid) begin
        if (total >= 5'd16) begin
          out_valid_q <= 1'b1;
          out_data_q  <= ext[127:0];
          out_bytes_q <= 5'd16;
          out_last_q  <= in_last && total == 5'd16;
          buf_q       <= {{(128-IN_BYTES*8){1'b0}}, ext[EXT_W-1:128]};
          fill_q      <= total[3:0];
          flush_q     <= in_last && total != 5'd16;
          open_q      <= !(in_last && total == 5'd16);
        end else if (in_last) begin
          out_valid_q <= total != 5'd0;
          out_data_q  <= ext[127:0];
          out_bytes_q <= total;
          out_last_q  <= 1'b1;
          end_pend_q  <= total == 5'd0 && open_q;
          buf_q       <= '0;
          fill_q      <= '0;
          open_q      <= 1'b0;
        end else begin
          buf_q  <= ext[127:0];
          fill_q <= total[3:0];
        end
      end
    end
  end

  assign out_valid = out_valid_q;
  assign out_data  = out_data_q;
  assign out_bytes = out_bytes_q;
  assign out_end   = out_end_q;
  assign idle      = !flush_q && !end_pend_q && !out_valid_q && !out_end_q && fill_q == 4'd0;

endmodule

`default_nettype wire
