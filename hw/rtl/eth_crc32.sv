`default_nettype none

// IEEE 802.3 CRC-32 (reflected polynomial 0xEDB88320) advanced over up to
// BYTES bytes in one cycle, byte 0 (bits 7:0) first; lanes whose keep bit is
// clear are skipped. The register is not complemented here: start a frame at
// 32'hFFFFFFFF; after the frame and its FCS it holds the residue 32'hDEBB20E3,
// and the complement of the register over data alone is the FCS to send.
module eth_crc32 #(
  parameter int BYTES = 8  // bytes per cycle, 1..16
) (
  input  logic [31:0]        crc_i,
  input  logic [BYTES*8-1:0] data_i,
  input  logic [BYTES-1:0]   keep_i,
  output logic [31:0]        crc_o
);

  localparam logic [31:0] POLY = 32'hEDB88320;

  // The register's change for each byte value, one byte at a time: one table
  // look-up per byte keeps the simulated cost low.
  typedef logic [255:0][31:0] crc_table_t;

  function automatic crc_table_t crc_table();
    crc_table_t t;
    for (int v = 0; v < 256; v++) begin
      logic [31:0] c;
      c = 32'(v);
      for (int b = 0; b < 8; b++) c = (c >> 1) ^ (c[0] ? POLY : 32'b0);
      t[v] = c;
    end
    return t;
  endfunction

  localparam crc_table_t CRC_TABLE = crc_table();

  if (BYTES < 1 || BYTES > 16) begin : g_bad_bytes
    $error("eth_crc32: BYTES must be 1..16");
  end

  always_comb begin
    crc_o = crc_i;
    for (int i = 0; i < BYTES; i++) begin
      if (keep_i[i]) begin
        crc_o = (crc_o >> 8) ^ CRC_TABLE[crc_o[7:0] ^ data_i[8*i +: 8]];
      end
    end
  end

endmodule

`default_nettype wire
