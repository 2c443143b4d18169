`default_nettype none

// One-shot countdown timer whose length is given in picoseconds, so a timer
// set in units of UNIT_PS (256 ns for ITR, 1.024 us for RDTR/RADV) keeps its
// length whatever the clock period is.
//
// Timing: `start` with `units` = N sampled at clock edge S expires at the
// first edge at or after N*UNIT_PS ps from S, i.e. at edge
// S + ceil(N*UNIT_PS / CLK_PERIOD_PS) (N = 0 expires at edge S + 1). The
// picosecond length is turned into that many cycles once, at the start, and
// every later edge takes one off (an edge with `skip_valid` takes skip_cycles
// off at once, 0 acting as 1). `due` is high in the cycle that ends with the
// expiry edge, so a user acts on that very edge. `start` at the expiry edge
// restarts the timer; `stop` cancels it.
module interval_timer #(
  parameter int unsigned CLK_PERIOD_PS = 6400,    // clock period
  parameter int unsigned UNIT_PS       = 256000,  // one unit of `units`
  parameter int unsigned UNITS_W       = 16       // width of `units`
) (
  input  wire logic               clk,
  input  wire logic               rst_n,

  // Control
  input  wire logic               start,       // (re)load with `units`
  input  wire logic [UNITS_W-1:0] units,
  input  wire logic               stop,        // cancel without expiring

  // Idle skipping: this edge counts as skip_cycles cycles (0 acts as 1)
  input  wire logic               skip_valid,
  input  wire logic [31:0]        skip_cycles,

  // Status
  output logic                    running,
  output logic                    due,         // expires at the coming edge
  output logic [31:0]             remaining    // edges until expiry (0 when stopped)
);

  localparam longint unsigned MAX_PS = ((64'd1 << UNITS_W) - 1) * 64'(UNIT_PS);

  initial begin
    if (CLK_PERIOD_PS == 0) $error("interval_timer: CLK_PERIOD_PS must be > 0");
    if (UNIT_PS == 0) $error("interval_timer: UNIT_PS must be > 0");
    if (UNITS_W < 1 || UNITS_W > 24) $error("interval_timer: UNITS_W must be 1..24");
    if (MAX_PS / 64'(CLK_PERIOD_PS) >= 64'hFFFF_FFFF)
      $error("interval_timer: the longest timer must fit 32 bits of cycles");
  end

  logic [31:0] left_q;      // edges until expiry, while running
  logic        running_q;
  logic [31:0] advance;     // cycles this edge counts

  assign advance   = (skip_valid && skip_cycles != 32'd0) ? skip_cycles : 32'd1;
  assign due       = running_q && left_q <= advance;

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      left_q    <= '0;
      running_q <= 1'b0;
    end else if (start) begin
      // ceil(length in ps / period), at least one edge; constant divisor
      left_q    <= units == '0 ? 32'd1
                             : 32'((64'(units) * 64'(UNIT_PS) + 64'(CLK_PERIOD_PS) - 1) /
                                   64'(CLK_PERIOD_PS));
      running_q <= 1'b1;
    end else if (stop || due) begin
      running_q <= 1'b0;
    end else if (running_q) begin
      left_q <= left_q - advance;
    end
  end

  assign running   = running_q;
  assign remaining = running_q ? left_q : 32'd0;

endmodule

`default_nettype wire
