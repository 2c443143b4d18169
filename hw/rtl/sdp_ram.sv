`default_nettype none

// Simple dual-port RAM: one write port, one registered read port whose output
// holds its value while rd_en is low (so a reader can use it as a stage).
module sdp_ram #(
  parameter int WIDTH = 128,  // bits per word
  parameter int DEPTH = 2048  // words
) (
  input  logic                     clk,
  // write port
  input  logic                     wr_en,
  input  logic [$clog2(DEPTH)-1:0] wr_addr,
  input  logic [WIDTH-1:0]         wr_data,
  // read port (data one cycle after rd_en)
  input  logic                     rd_en,
  input  logic [$clog2(DEPTH)-1:0] rd_addr,
  output logic [WIDTH-1:0]         rd_data
);

  if (WIDTH < 1 || DEPTH < 2) begin : g_check
    $error("sdp_ram: WIDTH must be >= 1 and DEPTH >= 2");
  end

  logic [WIDTH-1:0] mem_q [DEPTH];

  always_ff @(posedge clk) begin
    if (wr_en) mem_q[wr_addr] <= wr_data;
    if (rd_en) rd_data <= mem_q[rd_addr];
  end

endmodule

`default_nettype wire
