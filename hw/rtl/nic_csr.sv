`default_nettype none

// Register file and MMIO slave of the NIC.
//
// MMIO timing: a request is accepted on an edge where mmio_req_valid and
// mmio_req_ready are high. A write takes effect at that edge (posted, no
// response). A read samples the register at that edge (read-to-clear side
// effects happen there too) and its response is valid from the next cycle:
// read latency is exactly one cycle. mmio_req_ready is low only while a
// response waits for mmio_rsp_ready and in the cycle of a CTRL.RST reset.
//
// Holds the RW registers and hands their fields out as cfg_*; forwards
// RDH/RDT to rx_dma, statistics reads to mac_stats, ICR/ICS/IMS/IMC to
// intr_ctrl and RDTR.FPD to rx_intr_delay. Unknown addresses read 0 and
// ignore writes. CTRL.RST is self-clearing: the write raises sw_rst for one
// cycle, which resets every block (this one included) at the next edge.
//
// STATUS.LU is CTRL.SLU and the PHY's link (phy_link: the cable); LSC rises
// when it changes, by a CTRL.SLU write or by the link itself going down or
// coming back (8254x ICR.LSC: "set each time the link status changes").
//
// PBA (8254x SDM 13.4.16): RXA is read/write in bits 6:0, TXA read-only,
// PACKET_BUFFER_KB - RXA. Only power-on resets it, not CTRL.RST: the split
// is used from the next reset on, so software writes PBA and then resets
// (Linux 6.6 e1000_reset, before e1000_reset_hw: "To take effect CTRL.RST
// is required").
module nic_csr
  import nic_regs_pkg::*;
#(
  parameter logic [1:0] LINK_SPEED = NIC_STATUS_SPEED_1000  // STATUS.SPEED
) (
  input  wire logic                       clk,
  input  wire logic                       rst_n,
  output logic                            sw_rst,      // CTRL.RST written

  // MMIO slave
  input  wire logic                       mmio_req_valid,
  output logic                            mmio_req_ready,
  input  wire logic                       mmio_req_write,
  input  wire logic [NIC_MMIO_ADDR_W-1:0] mmio_req_addr,
  input  wire logic [31:0]                mmio_req_wdata,
  output logic                            mmio_rsp_valid,
  input  wire logic                       mmio_rsp_ready,
  output logic [31:0]                     mmio_rsp_rdata,
  output logic                            idle,        // no response pending, no link change
  input  wire logic                       phy_link,    // the PHY has link (the cable)

  // Write data for the *_we pulses below (mmio_req_wdata)
  output logic [31:0]                     wdata,

  // mac_rx configuration
  output logic                            cfg_rx_en,
  output logic                            cfg_sbp,
  output logic                            cfg_upe,
  output logic                            cfg_mpe,
  output logic                            cfg_lpe,
  output logic                            cfg_bam,
  output logic [1:0]                      cfg_mo,
  output logic                            cfg_secrc,
  output logic                            cfg_vme,
  output logic                            cfg_ipofld,
  output logic                            cfg_tuofld,
  output logic [7:0]                      cfg_pcss,
  output logic [32*NIC_MTA_COUNT-1:0]     cfg_mta,     // MTA[i] in bits 32i+31:32i
  output logic [32*NIC_VFTA_COUNT-1:0]    cfg_vfta,    // VFTA[i] in bits 32i+31:32i
  output logic                            cfg_vfe,     // RCTL.VFE
  output logic [48*NIC_RAL_COUNT-1:0]     cfg_ra,      // entry i = {RAH[15:0], RAL}
  output logic [NIC_RAL_COUNT-1:0]        cfg_ra_valid,

  // rx_dma configuration and its RDH/RDT
  output logic [31:0]                     cfg_rdbal,
  output logic [31:0]                     cfg_rdbah,
  output logic [31:0]                     cfg_rdlen,
  output logic [1:0]                      cfg_bsize,
  output logic                            cfg_bsex,
  output logic [5:0]                      cfg_pthresh,
  output logic [5:0]                      cfg_hthresh,
  output logic [5:0]                      cfg_wthresh,
  output logic [1:0]                      cfg_rdmts,
  output logic                            rdh_we,
  output logic                            rdt_we,
  input  wire logic [15:0]                rdh,
  input  wire logic [15:0]                rdt,

  // rx_intr_delay
  output logic [15:0]                     cfg_rdtr,
  output logic [15:0]                     cfg_radv,
  output logic                            fpd,         // RDTR written with FPD set

  // intr_ctrl
  output logic [15:0]                     cfg_itr,
  output logic [31:0]                     cfg_iam,
  output logic                            cfg_iame,
  output logic [NIC_PBA_RXA_WIDTH-1:0]    cfg_rxa,     // PBA.RXA: receive share in KB
  output logic                            icr_rd,
  output logic                            icr_we,
  output logic                            ics_we,
  output logic                            ims_we,
  output logic                            imc_we,
  input  wire logic [31:0]                icr,
  input  wire logic [31:0]                ims,
  output logic                            lsc,         // STATUS.LU changed

  // mac_stats read port (read-to-clear counters)
  output logic                            stats_rd_en,
  output logic [NIC_MMIO_ADDR_W-1:0]      stats_rd_addr,
  input  wire logic [31:0]                stats_rd_data,
  input  wire logic                       stats_rd_hit
);

  typedef logic [NIC_MMIO_ADDR_W-1:0] addr_t;

  initial begin
    if (NIC_RAH - NIC_RAL != 4 || NIC_RAL_STRIDE != 8 || NIC_RAH_COUNT != NIC_RAL_COUNT)
      $error("nic_csr: RAL/RAH must interleave as 8254x pairs");
    if (NIC_RAL % 8 != 0) $error("nic_csr: RAL must be 8-byte aligned");
    if (NIC_MTA_STRIDE != 4 || NIC_VFTA_STRIDE != 4) $error("nic_csr: MTA and VFTA strides must be 4");
  end

  localparam addr_t RA_END  = NIC_RAL + addr_t'(NIC_RAL_COUNT * NIC_RAL_STRIDE);

  // Registers held here
  logic [31:0] ctrl_q, ctrl_ext_q, rctl_q, rdbal_q, rdbah_q, rdlen_q, rdtr_q;
  logic [31:0] rxdctl_q, radv_q, rxcsum_q, itr_q, iam_q;
  logic [NIC_PBA_RXA_WIDTH-1:0] pba_rxa_q;
  logic [48*NIC_RAL_COUNT-1:0] ra_q;     // entry i = {RAH.RAH, RAL}, as cfg_ra
  logic [NIC_RAL_COUNT-1:0]    ra_av_q;  // RAH.AV
  logic sw_rst_q, rsp_valid_q, phy_link_q;
  logic [31:0] rsp_rdata_q;

  logic  accept, wr, rd, in_mta, in_vfta, in_ra, is_rah;
  logic [31:0] mta_rdata, vfta_rdata;
  addr_t addr;
  logic [$clog2(NIC_RAL_COUNT)-1:0] ra_idx;

  assign addr           = mmio_req_addr;
  assign mmio_req_ready = !sw_rst_q && (!rsp_valid_q || mmio_rsp_ready);
  assign accept         = mmio_req_valid && mmio_req_ready;
  assign wr             = accept && mmio_req_write;
  assign rd             = accept && !mmio_req_write;

  assign in_ra   = addr >= NIC_RAL && addr < RA_END;
  assign ra_idx  = $clog2(NIC_RAL_COUNT)'((addr - NIC_RAL) >> 3);
  assign is_rah  = addr[2];  // RAL at 8n, RAH at 8n + 4

  // The multicast hash and the VLAN filter table
  reg_table #(.COUNT(NIC_MTA_COUNT), .BASE(NIC_MTA), .RESET(NIC_MTA_RESET)) u_mta (
    .clk, .rst (!rst_n || sw_rst_q), .addr, .wr, .wdata,
    .hit (in_mta), .rdata (mta_rdata), .entries (cfg_mta)
  );
  reg_table #(.COUNT(NIC_VFTA_COUNT), .BASE(NIC_VFTA), .RESET(NIC_VFTA_RESET)) u_vfta (
    .clk, .rst (!rst_n || sw_rst_q), .addr, .wr, .wdata,
    .hit (in_vfta), .rdata (vfta_rdata), .entries (cfg_vfta)
  );

  // Write pulses to the blocks that own the register
  assign wdata  = mmio_req_wdata;
  assign rdh_we = wr && addr == NIC_RDH;
  assign rdt_we = wr && addr == NIC_RDT;
  assign icr_we = wr && addr == NIC_ICR;
  assign ics_we = wr && addr == NIC_ICS;
  assign ims_we = wr && addr == NIC_IMS;
  assign imc_we = wr && addr == NIC_IMC;
  assign icr_rd = rd && addr == NIC_ICR;
  assign fpd    = wr && addr == NIC_RDTR && wdata[NIC_RDTR_FPD_SHIFT];
  // LU = SLU & phy_link changes with either: a write that flips SLU while
  // the PHY has link, or the link flipping while SLU is set.
  assign lsc    = (wr && addr == NIC_CTRL && wdata[NIC_CTRL_SLU_SHIFT] != ctrl_q[NIC_CTRL_SLU_SHIFT] &&
                   phy_link) ||
                  (phy_link != phy_link_q && ctrl_q[NIC_CTRL_SLU_SHIFT]);

  assign stats_rd_en   = rd;
  assign stats_rd_addr = addr;

  always_ff @(posedge clk) begin
    if (!rst_n || sw_rst_q) begin
      ctrl_q     <= NIC_CTRL_RESET;
      ctrl_ext_q <= NIC_CTRL_EXT_RESET;
      rctl_q     <= NIC_RCTL_RESET;
      rdbal_q    <= NIC_RDBAL_RESET;
      rdbah_q    <= NIC_RDBAH_RESET;
      rdlen_q    <= NIC_RDLEN_RESET;
      rdtr_q     <= NIC_RDTR_RESET;
      rxdctl_q   <= NIC_RXDCTL_RESET;
      radv_q     <= NIC_RADV_RESET;
      rxcsum_q   <= NIC_RXCSUM_RESET;
      itr_q      <= NIC_ITR_RESET;
      iam_q      <= NIC_IAM_RESET;
      for (int i = 0; i < NIC_RAL_COUNT; i++) begin
        ra_q[48*i +: 48] <= {NIC_RAH_RESET[NIC_RAH_RAH_SHIFT +: NIC_RAH_RAH_WIDTH], NIC_RAL_RESET};
        ra_av_q[i]       <= NIC_RAH_RESET[NIC_RAH_AV_SHIFT];
      end
    end else if (wr) begin
      if (in_ra && !is_rah) ra_q[48*ra_idx +: 32] <= wdata;
      if (in_ra && is_rah) begin
        ra_q[48*ra_idx + 32 +: 16] <= wdata[NIC_RAH_RAH_SHIFT +: NIC_RAH_RAH_WIDTH];
        ra_av_q[ra_idx]            <= wdata[NIC_RAH_AV_SHIFT];
      end
      case (addr)
        NIC_CTRL: begin
          ctrl_q <= wdata;
          ctrl_q[NIC_CTRL_RST_SHIFT] <= 1'b0;  // self-clearing
        end
        NIC_CTRL_EXT: ctrl_ext_q <= wdata;
        NIC_RCTL:     rctl_q     <= wdata;
        NIC_RDBAL:    rdbal_q    <= wdata;
        NIC_RDBAH:    rdbah_q    <= wdata;
        NIC_RDLEN:    rdlen_q    <= wdata;
        NIC_RDTR: begin
          rdtr_q <= wdata;
          rdtr_q[NIC_RDTR_FPD_SHIFT] <= 1'b0;  // FPD acts once, reads 0
        end
        NIC_RXDCTL:   rxdctl_q   <= wdata;
        NIC_RADV:     radv_q     <= wdata;
        NIC_RXCSUM:   rxcsum_q   <= wdata;
        NIC_ITR:      itr_q      <= wdata;
        NIC_IAM:      iam_q      <= wdata;
        default: ;
      endcase
    end
  end

  // PBA: power-on reset only
  always_ff @(posedge clk) begin
    if (!rst_n) pba_rxa_q <= NIC_PBA_RESET[NIC_PBA_RXA_SHIFT +: NIC_PBA_RXA_WIDTH];
    else if (wr && addr == NIC_PBA) pba_rxa_q <= wdata[NIC_PBA_RXA_SHIFT +: NIC_PBA_RXA_WIDTH];
  end

  // CTRL.RST: one cycle of reset for every block
  always_ff @(posedge clk) begin
    if (!rst_n) sw_rst_q <= 1'b0;
    else sw_rst_q <= wr && addr == NIC_CTRL && wdata[NIC_CTRL_RST_SHIFT];
    phy_link_q <= phy_link;
  end
  assign sw_rst = sw_rst_q;

  // STATUS: FD = 1 (reset value), LU = CTRL.SLU & phy_link, SPEED from the parameter.
  function automatic logic [31:0] status_value(logic slu);
    logic [31:0] v = NIC_STATUS_RESET;
    v[NIC_STATUS_LU_SHIFT] = slu;
    v[NIC_STATUS_SPEED_SHIFT +: NIC_STATUS_SPEED_WIDTH] = LINK_SPEED;
    return v;
  endfunction

  // RAH as read: RAH.RAH and AV, reserved bits 0.
  function automatic logic [31:0] rah_value(logic [15:0] rah, logic av);
    logic [31:0] v = '0;
    v[NIC_RAH_RAH_SHIFT +: NIC_RAH_RAH_WIDTH] = rah;
    v[NIC_RAH_AV_SHIFT] = av;
    return v;
  endfunction

  // PBA as read: RXA, and TXA the rest of the packet buffer.
  function automatic logic [31:0] pba_value(logic [NIC_PBA_RXA_WIDTH-1:0] rxa);
    logic [31:0] v = '0;
    v[NIC_PBA_RXA_SHIFT +: NIC_PBA_RXA_WIDTH] = rxa;
    v[NIC_PBA_TXA_SHIFT +: NIC_PBA_TXA_WIDTH] =
      32'(rxa) < NIC_PACKET_BUFFER_KB ? NIC_PBA_TXA_WIDTH'(NIC_PACKET_BUFFER_KB - 32'(rxa)) : '0;
    return v;
  endfunction

  // The read multiplexer sits under the read enable of the response flop, so
  // a simulator evaluates it only for an accepted read: as logic of the
  // mmio_req_addr input it would otherwise run on every evaluation.
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      rsp_valid_q <= 1'b0;
      rsp_rdata_q <= '0;
    end else begin
      if (mmio_rsp_ready) rsp_valid_q <= 1'b0;
      if (rd) begin
        rsp_valid_q <= 1'b1;
        if (in_mta) rsp_rdata_q <= mta_rdata;
        else if (in_vfta) rsp_rdata_q <= vfta_rdata;
        else if (in_ra && !is_rah) rsp_rdata_q <= ra_q[48*ra_idx +: 32];
        else if (in_ra) rsp_rdata_q <= rah_value(ra_q[48*ra_idx + 32 +: 16], ra_av_q[ra_idx]);
        else if (stats_rd_hit) rsp_rdata_q <= stats_rd_data;
        else begin
          case (addr)
            NIC_CTRL:     rsp_rdata_q <= ctrl_q;
            NIC_STATUS:   rsp_rdata_q <= status_value(ctrl_q[NIC_CTRL_SLU_SHIFT] && phy_link);
            NIC_CTRL_EXT: rsp_rdata_q <= ctrl_ext_q;
            NIC_PBA:      rsp_rdata_q <= pba_value(pba_rxa_q);
            NIC_ICR:      rsp_rdata_q <= icr;
            NIC_ITR:      rsp_rdata_q <= itr_q;
            NIC_IMS:      rsp_rdata_q <= ims;
            NIC_IAM:      rsp_rdata_q <= iam_q;
            NIC_RCTL:     rsp_rdata_q <= rctl_q;
            NIC_RDBAL:    rsp_rdata_q <= rdbal_q;
            NIC_RDBAH:    rsp_rdata_q <= rdbah_q;
            NIC_RDLEN:    rsp_rdata_q <= rdlen_q;
            NIC_RDH:      rsp_rdata_q <= 32'(rdh);
            NIC_RDT:      rsp_rdata_q <= 32'(rdt);
            NIC_RDTR:     rsp_rdata_q <= rdtr_q;
            NIC_RXDCTL:   rsp_rdata_q <= rxdctl_q;
            NIC_RADV:     rsp_rdata_q <= radv_q;
            NIC_RXCSUM:   rsp_rdata_q <= rxcsum_q;
            default:      rsp_rdata_q <= 32'd0;
          endcase
        end
      end
    end
  end

  assign mmio_rsp_valid = rsp_valid_q;
  assign mmio_rsp_rdata = rsp_rdata_q;
  assign idle           = !rsp_valid_q && !sw_rst_q && phy_link == phy_link_q;

  // Fields handed to the blocks
  assign cfg_rx_en   = rctl_q[NIC_RCTL_EN_SHIFT];
  assign cfg_sbp     = rctl_q[NIC_RCTL_SBP_SHIFT];
  assign cfg_upe     = rctl_q[NIC_RCTL_UPE_SHIFT];
  assign cfg_mpe     = rctl_q[NIC_RCTL_MPE_SHIFT];
  assign cfg_lpe     = rctl_q[NIC_RCTL_LPE_SHIFT];
  assign cfg_bam     = rctl_q[NIC_RCTL_BAM_SHIFT];
  assign cfg_mo      = rctl_q[NIC_RCTL_MO_SHIFT +: NIC_RCTL_MO_WIDTH];
  assign cfg_secrc   = rctl_q[NIC_RCTL_SECRC_SHIFT];
  assign cfg_bsize   = rctl_q[NIC_RCTL_BSIZE_SHIFT +: NIC_RCTL_BSIZE_WIDTH];
  assign cfg_bsex    = rctl_q[NIC_RCTL_BSEX_SHIFT];
  assign cfg_rdmts   = rctl_q[NIC_RCTL_RDMTS_SHIFT +: NIC_RCTL_RDMTS_WIDTH];
  assign cfg_vme     = ctrl_q[NIC_CTRL_VME_SHIFT];
  assign cfg_ipofld  = rxcsum_q[NIC_RXCSUM_IPOFLD_SHIFT];
  assign cfg_tuofld  = rxcsum_q[NIC_RXCSUM_TUOFLD_SHIFT];
  assign cfg_pcss    = rxcsum_q[NIC_RXCSUM_PCSS_SHIFT +: NIC_RXCSUM_PCSS_WIDTH];
  assign cfg_vfe     = rctl_q[NIC_RCTL_VFE_SHIFT];
  assign cfg_rdbal   = rdbal_q;
  assign cfg_rdbah   = rdbah_q;
  assign cfg_rdlen   = rdlen_q;
  assign cfg_pthresh = rxdctl_q[NIC_RXDCTL_PTHRESH_SHIFT +: NIC_RXDCTL_PTHRESH_WIDTH];
  assign cfg_hthresh = rxdctl_q[NIC_RXDCTL_HTHRESH_SHIFT +: NIC_RXDCTL_HTHRESH_WIDTH];
  assign cfg_wthresh = rxdctl_q[NIC_RXDCTL_WTHRESH_SHIFT +: NIC_RXDCTL_WTHRESH_WIDTH];
  assign cfg_rdtr    = rdtr_q[NIC_RDTR_DELAY_SHIFT +: NIC_RDTR_DELAY_WIDTH];
  assign cfg_radv    = radv_q[NIC_RADV_DELAY_SHIFT +: NIC_RADV_DELAY_WIDTH];
  assign cfg_itr     = itr_q[NIC_ITR_INTERVAL_SHIFT +: NIC_ITR_INTERVAL_WIDTH];
  assign cfg_iam     = iam_q;
  assign cfg_iame    = ctrl_ext_q[NIC_CTRL_EXT_IAME_SHIFT];
  assign cfg_rxa     = pba_rxa_q;

  assign cfg_ra       = ra_q;
  assign cfg_ra_valid = ra_av_q;

endmodule

`default_nettype wire
