`default_nettype none

// A table of 32-bit registers, 4 bytes apart from BASE (MTA, VFTA): written
// and read through the MMIO port like the other registers (the caller says
// when: wr, and the address), seen whole by the filters.
module reg_table
  import nic_regs_pkg::*;
#(
  parameter int unsigned COUNT = 128,
  parameter logic [NIC_MMIO_ADDR_W-1:0] BASE = '0,
  parameter logic [31:0] RESET = '0
) (
  input  wire logic                       clk,
  input  wire logic                       rst,     // synchronous, active high
  input  wire logic [NIC_MMIO_ADDR_W-1:0] addr,
  input  wire logic                       wr,      // an accepted write to addr
  input  wire logic [31:0]                wdata,
  output logic                            hit,     // addr is in the table
  output logic [31:0]                     rdata,   // the register at addr
  output logic [32*COUNT-1:0]             entries  // entry i in bits 32i+31:32i
);

  localparam int unsigned IW = $clog2(COUNT);
  logic [IW-1:0] idx;

  assign hit   = addr >= BASE && 32'(addr) < 32'(BASE) + COUNT * 4;
  assign idx   = IW'((addr - BASE) >> 2);
  assign rdata = entries[32*idx +: 32];

  always_ff @(posedge clk) begin
    if (rst)            entries <= {COUNT{RESET}};
    else if (wr && hit) entries[32*idx +: 32] <= wdata;
  end

endmodule

`default_nettype wire
