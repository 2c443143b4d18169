#include "waveform_file.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "gtkwave/fstapi.h"
#include "verilated.h"

namespace rxsim {

namespace {

bool ends_with(const std::string &s, const char *tail)
{
    const std::string t(tail);
    return s.size() > t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

// The FST header block (gtkwave's FST format, fstapi.c's FST_HDR_OFFS_*):
// tag 0 (FST_BL_HDR) at 0, section length 329 (8 bytes, big-endian) at 1,
// and 202 bytes in, the wall-clock date the writer opened the file at, in
// 119 bytes. The date is blanked, so that a run's waveform is the same bytes
// every time; false if the file does not start with that header.
bool blank_fst_date(const std::string &path)
{
    constexpr long date_at = 202;
    constexpr size_t date_size = 119;
    const unsigned char header[9] = {0, 0, 0, 0, 0, 0, 0, 0x01, 0x49};
    FILE *f = std::fopen(path.c_str(), "r+b");
    if (!f)
        return false;
    unsigned char head[sizeof header];
    char date[date_size];
    bool ok = std::fread(head, 1, sizeof head, f) == sizeof head && std::memcmp(head, header, sizeof head) == 0 &&
              std::fseek(f, date_at, SEEK_SET) == 0 && std::fread(date, 1, date_size, f) == date_size;
    if (ok) {
        const size_t n = strnlen(date, date_size); // the bytes after it are the writer's backfill
        std::memset(date, 0, n);
        ok = std::fseek(f, date_at, SEEK_SET) == 0 && std::fwrite(date, 1, n, f) == n;
    }
    return std::fclose(f) == 0 && ok;
}

// fst2vcd's three calls (gtkwave src/helpers/fst2vcd.c): the hierarchy as
// the VCD header, then every value change of every signal.
bool fst_to_vcd(const std::string &fst, const std::string &vcd)
{
    void *in = fstReaderOpen(fst.c_str());
    if (!in)
        return false;
    FILE *out = std::fopen(vcd.c_str(), "wb");
    bool ok = out && fstReaderProcessHier(in, out);
    if (ok) {
        fstReaderSetFacProcessMaskAll(in);
        ok = fstReaderIterBlocks(in, nullptr, nullptr, out) != 0;
    }
    fstReaderClose(in);
    if (out && std::fclose(out) != 0)
        ok = false;
    return ok;
}

} // namespace

waveform_file::waveform_file(const nic_waveform &w)
    : path_(w.path), vcd_(ends_with(w.path, ".vcd")), depth_(w.depth), from_ps_(w.from_ps), to_ps_(w.to_ps)
{
    if (!vcd_ && !ends_with(w.path, ".fst"))
        throw std::invalid_argument("waveform " + w.path + ": the file name must end in .fst or .vcd");
    if (w.depth < 1)
        throw std::invalid_argument("waveform depth " + std::to_string(w.depth) + ": at least 1");
    Verilated::traceEverOn(true);
    // dump() takes picoseconds.
    fst_.set_time_unit("1ps");
    fst_.set_time_resolution("1ps");
}

void waveform_file::open()
{
    fst_path_ = path_;
    if (vcd_) {
        std::vector<char> name(path_.begin(), path_.end());
        const std::string tail = ".XXXXXX.fst";
        name.insert(name.end(), tail.begin(), tail.end());
        name.push_back('\0');
        const int fd = mkstemps(name.data(), 4);
        if (fd < 0)
            throw std::runtime_error("waveform " + path_ + ": cannot create a temporary file beside it");
        ::close(fd);
        fst_path_ = name.data();
    }
    // $dumpvars(depth, TOP): the signals at most `depth` scopes below the
    // model's top (1: its ports), as VerilatedTrace::declCode counts them.
    fst_.dumpvars(depth_, "TOP");
    fst_.open(fst_path_.c_str());
    if (!fst_.isOpen()) {
        if (vcd_)
            std::remove(fst_path_.c_str());
        throw std::runtime_error("waveform " + path_ + ": cannot write " + fst_path_);
    }
    open_ = true;
}

void waveform_file::close()
{
    if (!open_)
        return;
    open_ = false;
    fst_.close();
    if (!dumped_)
        std::fprintf(stderr, "rxsim: waveform %s: no clock edge in the window %.6f..%.6f ms: no values in it\n",
                     path_.c_str(), double(from_ps_) / 1e9, to_ps_ == UINT64_MAX ? 0.0 : double(to_ps_) / 1e9);
    if (!blank_fst_date(fst_path_))
        std::fprintf(stderr, "rxsim: waveform %s: cannot finish %s (not an FST file?)\n", path_.c_str(),
                     fst_path_.c_str());
    else if (vcd_ && !fst_to_vcd(fst_path_, path_))
        std::fprintf(stderr, "rxsim: waveform %s: cannot convert %s to VCD\n", path_.c_str(), fst_path_.c_str());
    if (vcd_)
        std::remove(fst_path_.c_str());
}

} // namespace rxsim
