// The waveform file of a traced NIC model (rxsim run --waveform): Verilator's
// FST writer, given the model's signals by its trace(), dumping only the
// edges inside the window, closed when the window ends or the model goes.
// A .vcd is written as FST and converted when it closes, by the VCD writer
// of gtkwave's fstapi (which Verilator ships and verilated_fst_c.cpp
// compiles; it is what gtkwave's fst2vcd runs): Verilator 5.006 Verilates a
// model for one trace format (--trace-fst wins over --trace), and a second
// traced variant per build for VCD would double their compile time.
#ifndef RXSIM_WAVEFORM_FILE_H
#define RXSIM_WAVEFORM_FILE_H

#include <cstdint>
#include <string>

#include "nic_rtl.h"
#include "verilated_fst_c.h"

namespace rxsim {

class waveform_file {
public:
    // Throws std::invalid_argument unless w.path ends in .fst or .vcd and
    // w.depth >= 1. Sets Verilated::traceEverOn (before the model's trace()).
    explicit waveform_file(const nic_waveform &w);
    ~waveform_file() { close(); }
    waveform_file(const waveform_file &) = delete;
    waveform_file &operator=(const waveform_file &) = delete;

    // For the model's trace(fst(), depth()), called before open().
    VerilatedFstC *fst() { return &fst_; }
    int depth() const { return depth_; }
    // Creates the file; std::runtime_error when it cannot be written.
    void open();
    // The signals as they are at t_ps, if inside the window; the first one
    // past it closes the file.
    void dump(uint64_t t_ps)
    {
        if (t_ps < from_ps_ || !open_)
            return;
        if (t_ps > to_ps_) {
            close();
            return;
        }
        fst_.dump(t_ps);
        dumped_ = true;
    }
    // Flushes and closes (and converts a .vcd); a second call does nothing.
    // Failures, and a window no edge fell in, go to stderr: this runs from
    // destructors.
    void close();

private:
    std::string path_, fst_path_; // fst_path_: path_, or a temporary beside a .vcd
    bool vcd_;
    int depth_;
    uint64_t from_ps_, to_ps_;
    bool open_ = false, dumped_ = false;
    VerilatedFstC fst_;
};

} // namespace rxsim

#endif
