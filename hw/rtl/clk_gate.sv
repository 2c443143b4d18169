`default_nettype none

// Clock gate (an integrated clock-gating cell): gclk follows clk in the cycles
// whose `en` was high while clk was low; the enable is latched while clk is
// low, so it changes only between edges and gclk never glitches. nic_top
// clocks its blocks from four, each enabled when its coming edge changes
// some block's state: the Verilated model evaluates a block's logic only at
// its clock's edges (each gated clock is a trigger of its own). ENABLE = 0:
// gclk is clk.
module clk_gate #(
  parameter bit ENABLE = 1'b1
) (
  input  wire logic clk,
  input  wire logic en,
  output logic      gclk
);

  if (ENABLE) begin : g_gate
    logic en_l;

    always_latch begin
      if (!clk) en_l = en;
    end

    assign gclk = clk && en_l;
  end else begin : g_free
    logic unused_en;
    assign unused_en = en;
    assign gclk = clk;
  end

endmodule

`default_nettype wire
