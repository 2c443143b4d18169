`default_nettype none

// One-shot countdown timer that counts picoseconds, so a timer set in units of
// UNIT_PS (256 ns for ITR, 1.024 us for RDTR/RADV) keeps its length whatever
// the clock period is.
//
// Timing: `start` with `units` = N sampled at clock edge S loads N*UNIT_PS ps.
// Every later edge takes CLK_PERIOD_PS ps off (an edge with `skip_valid` takes
// skip_cycles periods off at once). The timer expires at the first edge at or
// after N*UNIT_PS ps from S, i.e. at edge S + ceil(N*UNIT_PS / CLK_PERIOD_PS)
// (N = 0 expires at edge S + 1). `due` is high in the cycle that ends with
// that edge, so a user acts on the very edge of expiry. `start` at the expiry
// edge restarts the timer; `stop` cancels it.
module interval_timer #(
  parameter int unsigned CLK_PERIOD_PS = 6400,  // clock period
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

  // Enough for 2^UNITS_W units of UNIT_PS and any 32-bit skip of CLK_PERIOD_PS.
  localparam int unsigned REM_W = 64;

  initial begin
    if (CLK_PERIOD_PS == 0) $error("interval_timer: CLK_PERIOD_PS must be > 0");
    if (UNIT_PS == 0) $error("interval_timer: UNIT_PS must be > 0");
    if (UNITS_W < 1 || UNITS_W > 24) $error("interval_timer: UNITS_W must be 1..24");
  end

  localparam logic [REM_W-1:0] PERIOD = REM_W'(CLK_PERIOD_PS);
  localparam logic [REM_W-1:0] UNIT   = REM_W'(UNIT_PS);

  logic [REM_W-1:0] rem_q, rem_d;  // picoseconds left when running
  logic             running_q, running_d;
  logic [REM_W-1:0] elapsed;       // picoseconds this edge takes off
  logic [REM_W-1:0] cycles_left;

  always_comb begin
    elapsed = PERIOD;
    if (skip_valid && skip_cycles != 32'd0) elapsed = PERIOD * REM_W'(skip_cycles);
  end

  assign due = running_q && rem_q <= elapsed;

  always_comb begin
    running_d = running_q && !due && !stop;
    rem_d     = running_d ? rem_q - elapsed : rem_q;
    if (start) begin
      rem_d     = UNIT * REM_W'(units);
      running_d = 1'b1;
    end
  end

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      rem_q     <= '0;
      running_q <= 1'b0;
    end else begin
      rem_q     <= rem_d;
      running_q <= running_d;
    end
  end

  // ceil(rem / period), at least 1 while running; the divisor is a constant.
  assign cycles_left = (rem_q + PERIOD - 1) / PERIOD;
  always_comb begin
    remaining = 32'd0;
    if (running_q) begin
      if (cycles_left == '0) remaining = 32'd1;
      else if (cycles_left > 64'hFFFF_FFFF) remaining = 32'hFFFF_FFFF;
      else remaining = cycles_left[31:0];
    end
  end

  assign running = running_q;

endmodule

`default_nettype wire
