`default_nettype none

// Receive interrupt delay timers of the 8254x: RDTR (packet timer) and RADV
// (absolute timer), both in 1.024 us units.
//
// - RDTR is (re)started by every frame_written; RADV is started by the first
//   frame_written after the last expiry and not restarted by later ones.
// - RADV is off when RADV = 0 or RDTR = 0.
// - RDTR = 0: every frame_written requests a flush at once (interrupt per frame).
// - Expiry of either timer, or an RDTR.FPD write, requests a flush and stops
//   both timers.
// flush_req is a one-cycle pulse, high in the cycle that ends with the expiry
// edge (interval_timer `due`), or in the cycle of frame_written (RDTR = 0) or
// of fpd: rx_dma samples it on that edge.
// rx_dma answers with flush_done, which nic_top turns into ICR.RXT0.
module rx_intr_delay #(
  parameter int unsigned CLK_PERIOD_PS = 6400
) (
  input  wire logic        clk,
  input  wire logic        rst_n,

  // Configuration (nic_csr)
  input  wire logic [15:0] cfg_rdtr,      // RDTR.DELAY
  input  wire logic [15:0] cfg_radv,      // RADV.DELAY
  input  wire logic        fpd,           // pulse: RDTR written with FPD set

  // DMA engine
  input  wire logic        frame_written, // pulse: a frame reached host memory
  output logic             flush_req,     // pulse: write back finished descriptors now

  // Idle skipping
  input  wire logic        skip_valid,
  input  wire logic [31:0] skip_cycles,
  output logic             running,       // a timer runs
  output logic [31:0]      remaining,     // edges until the first expiry (0 if none runs)

  // Each timer on its own, for the timeline's RDTR and RADV slices
  output logic             rdtr_running,
  output logic             radv_running
);

  localparam int unsigned DELAY_UNIT_PS = 1024000;  // 1.024 us

  logic rdtr_due, radv_due;
  logic [31:0] rdtr_remaining, radv_remaining;
  logic per_frame, flush, start_rdtr, start_radv;

  assign per_frame  = frame_written && cfg_rdtr == 16'd0;
  assign flush      = rdtr_due || radv_due || fpd || per_frame;
  assign start_rdtr = frame_written && cfg_rdtr != 16'd0;
  // A flush in this cycle ends the current RADV period; this frame opens the next.
  assign start_radv = start_rdtr && cfg_radv != 16'd0 && (!radv_running || flush);

  interval_timer #(
    .CLK_PERIOD_PS(CLK_PERIOD_PS),
    .UNIT_PS      (DELAY_UNIT_PS),
    .UNITS_W      (16)
  ) u_rdtr (
    .clk, .rst_n,
    .start      (start_rdtr),
    .units      (cfg_rdtr),
    .stop       (flush),
    .skip_valid, .skip_cycles,
    .running    (rdtr_running),
    .due        (rdtr_due),
    .remaining  (rdtr_remaining)
  );

  interval_timer #(
    .CLK_PERIOD_PS(CLK_PERIOD_PS),
    .UNIT_PS      (DELAY_UNIT_PS),
    .UNITS_W      (16)
  ) u_radv (
    .clk, .rst_n,
    .start      (start_radv),
    .units      (cfg_radv),
    .stop       (flush),
    .skip_valid, .skip_cycles,
    .running    (radv_running),
    .due        (radv_due),
    .remaining  (radv_remaining)
  );

  assign flush_req = flush;
  assign running   = rdtr_running || radv_running;

  always_comb begin
    remaining = 32'd0;
    if (rdtr_running) remaining = rdtr_remaining;
    if (radv_running && (!rdtr_running || radv_remaining < remaining)) remaining = radv_remaining;
  end

endmodule

`default_nettype wire
