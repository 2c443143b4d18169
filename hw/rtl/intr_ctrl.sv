`default_nettype none

// Interrupt controller of the 8254x: cause register ICR, mask IMS/IMC, IAM
// auto-mask and the ITR throttle.
//
// - ICR read returns the causes and clears them all; ICR write clears the 1s
//   (W1C); ICS write sets causes; IMS write sets mask bits, IMC clears them.
//   A cause raised in the same cycle as a clear survives it.
// - With iame, an ICR read while the interrupt is asserted clears IAM's bits
//   from IMS.
// - Asserted = (ICR & IMS) != 0 and the ITR gate open; it then stays asserted
//   until the causes are cleared or masked, or ICR is read. Each assertion (rising edge of
//   `intx`) closes the gate for ITR x 256 ns (interval_timer), so two rising
//   edges of intx are at least ceil(ITR*256000 / CLK_PERIOD_PS) cycles apart,
//   exactly that many when the causes are waiting. ITR = 0: no gate.
// - intx is registered: it rises one edge after the cause reaches ICR.
// - MSI: one message per assertion: msi_valid rises with intx and stays
//   high until msi_ready (assertions meanwhile merge into it).
module intr_ctrl #(
  parameter int unsigned CLK_PERIOD_PS = 6400
) (
  input  wire logic        clk,
  input  wire logic        rst_n,

  // Cause pulses from the blocks (bit positions of ICR)
  input  wire logic [31:0] cause_set,

  // Register access (nic_csr); write pulses carry wdata
  input  wire logic [31:0] wdata,
  input  wire logic        icr_rd,     // ICR read accepted this cycle
  input  wire logic        icr_we,     // ICR write (W1C)
  input  wire logic        ics_we,
  input  wire logic        ims_we,
  input  wire logic        imc_we,
  output logic [31:0]      icr,
  output logic [31:0]      ims,

  // Configuration (nic_csr)
  input  wire logic [31:0] cfg_iam,
  input  wire logic        cfg_iame,
  input  wire logic [15:0] cfg_itr,    // ITR.INTERVAL

  // Interrupt outputs
  output logic             intx,
  output logic             msi_valid,
  input  wire logic        msi_ready,

  // Idle skipping
  input  wire logic        skip_valid,
  input  wire logic [31:0] skip_cycles,
  output logic             idle,        // nothing changes at the next edges but the ITR timer
  output logic             itr_running,
  output logic [31:0]      itr_remaining
);

  localparam int unsigned ITR_UNIT_PS = 256000;  // 256 ns

  logic [31:0] icr_q, ims_q;
  logic        asserted_q, asserted_d;
  logic        msi_q, msi_d;
  logic        gate_due, assert_edge;

  // The gate is open when the ITR timer is not running or expires at this edge.
  // An ICR read ends the assertion: a cause that survives it (raised at the
  // same edge) is a new one, with its own rising edge and MSI.
  assign asserted_d  = (icr_q & ims_q) != 32'd0 && !icr_rd && (asserted_q || !itr_running || gate_due);
  assign assert_edge = asserted_d && !asserted_q;
  assign msi_d       = assert_edge || (msi_q && !msi_ready);

  interval_timer #(
    .CLK_PERIOD_PS(CLK_PERIOD_PS),
    .UNIT_PS      (ITR_UNIT_PS),
    .UNITS_W      (16)
  ) u_itr (
    .clk, .rst_n,
    .start      (assert_edge && cfg_itr != 16'd0),
    .units      (cfg_itr),
    .stop       (1'b0),
    .skip_valid, .skip_cycles,
    .running    (itr_running),
    .due        (gate_due),
    .remaining  (itr_remaining)
  );

  // ICR and IMS updates sit in the flop: they depend on the MMIO inputs, and
  // a simulator would otherwise evaluate them on every evaluation.
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      icr_q      <= '0;
      ims_q      <= '0;
      asserted_q <= 1'b0;
      msi_q      <= 1'b0;
    end else begin
      if (icr_rd || icr_we || ics_we || cause_set != '0) begin
        icr_q <= ((icr_rd ? 32'd0 : icr_q) & ~(icr_we ? wdata : 32'd0)) | cause_set |
                 (ics_we ? wdata : 32'd0);
      end
      if (icr_rd || ims_we || imc_we) begin
        ims_q <= ((ims_q & ~(icr_rd && cfg_iame && asserted_q ? cfg_iam : 32'd0)) |
                  (ims_we ? wdata : 32'd0)) & ~(imc_we ? wdata : 32'd0);
      end
      asserted_q <= asserted_d;
      msi_q      <= msi_d;
    end
  end

  assign icr       = icr_q;
  assign ims       = ims_q;
  assign intx      = asserted_q;
  assign msi_valid = msi_q;
  assign idle      = asserted_d == asserted_q && !msi_q;

endmodule

`default_nettype wire
