#include "wire_driver.h"

#include <algorithm>
#include <stdexcept>

namespace rxsim {

namespace {
constexpr uint8_t kPreamble = 0x55;
constexpr uint8_t kSfd = 0xD5;
constexpr unsigned kPreambleBytes = 7;
} // namespace

wire_driver::wire_driver(rxtrace_t *trace, unsigned wire_bytes, uint64_t clk_period_ps,
                         uint64_t offset_ps, const std::vector<link_down_interval> &down)
    : trace_(trace), wire_bytes_(wire_bytes), clk_period_ps_(clk_period_ps), offset_ps_(offset_ps)
{
    for (const link_down_interval &d : down) {
        const uint64_t from = std::max<uint64_t>(1, (d.from_ps + clk_period_ps - 1) / clk_period_ps);
        const uint64_t to = (d.to_ps + clk_period_ps - 1) / clk_period_ps;
        if (to <= from)
            continue; // shorter than a clock period
        if (!link_edges_.empty() && from < link_edges_.back())
            throw std::invalid_argument("wire_driver: link-down intervals overlap or are not in order");
        if (!link_edges_.empty() && from == link_edges_.back())
            link_edges_.pop_back(); // up and down at one edge: still down
        else
            link_edges_.push_back(from);
        link_edges_.push_back(to);
    }
}

// Down from link_edges_[2i] until link_edges_[2i + 1].
bool wire_driver::link_up_at(uint64_t edge) const
{
    const auto at = std::upper_bound(link_edges_.begin(), link_edges_.end(), edge);
    return (at - link_edges_.begin()) % 2 == 0;
}

bool wire_driver::load()
{
    if (!cur_.empty())
        return true;
    if (status_ <= 0)
        return false;
    rxtrace_frame_t f;
    for (;;) {
        status_ = rxtrace_next(trace_, &f);
        if (status_ <= 0) {
            if (on_end)
                on_end(offset_ps_ + rxtrace_report(trace_)->end_ps);
            return false;
        }
        const uint64_t t = f.start_ps + offset_ps_;
        const uint64_t edge = std::max(any_sent_ ? last_edge_ + 2 : 1, (t + clk_period_ps_ - 1) / clk_period_ps_);
        if (link_up_at(edge))
            break;
        ++link_down_;
    }
    cur_.assign(kPreambleBytes, kPreamble);
    cur_.push_back(kSfd);
    cur_.insert(cur_.end(), f.data, f.data + f.len);
    pos_ = 0;
    index_ = f.index;
    trace_ps_ = f.start_ps + offset_ps_;
    start_edge_ = (trace_ps_ + clk_period_ps_ - 1) / clk_period_ps_;
    // Edge 1 is the first simulated one; one idle edge at least between frames.
    const uint64_t earliest = any_sent_ ? last_edge_ + 2 : 1;
    if (start_edge_ < earliest) {
        start_edge_ = earliest;
        ++delayed_;
    }
    return true;
}

void wire_driver::stop()
{
    if (!cur_.empty() && pos_ == 0) {
        cur_.clear();
        ++unsent_;
    }
    if (status_ > 0)
        status_ = 0;
}

uint64_t wire_driver::next_edge()
{
    const uint64_t link = link_next_ < link_edges_.size() ? link_edges_[link_next_] : no_edge;
    if (!load())
        return link;
    return std::min(link, start_edge_ + pos_ / wire_bytes_);
}

// The current frame's first word goes on the wire.
void wire_driver::announce()
{
    ++frames_;
    if (on_frame)
        on_frame({index_, trace_ps_, start_edge_, start_edge_ * clk_period_ps_, cur_.data() + kPreambleBytes + 1,
                  static_cast<uint32_t>(cur_.size() - kPreambleBytes - 1)});
}

bool wire_driver::take_frame(uint64_t edge, std::vector<uint8_t> &wire)
{
    if (!load() || edge != start_edge_ || pos_ != 0)
        return false;
    announce();
    last_edge_ = edge + (cur_.size() + wire_bytes_ - 1) / wire_bytes_ - 1;
    any_sent_ = true;
    wire.swap(cur_);
    cur_.clear();
    return true;
}

void wire_driver::drive(uint64_t edge, nic_inputs &in)
{
    in.wire_valid = in.wire_sof = in.wire_eof = false;
    in.wire_data = 0;
    in.wire_keep = 0;
    while (link_next_ < link_edges_.size() && link_edges_[link_next_] <= edge) {
        link_ = !link_;
        ++link_next_;
    }
    in.phy_link = link_;
    if (!load() || edge < start_edge_)
        return;
    if (edge != start_edge_ + pos_ / wire_bytes_)
        throw std::logic_error("wire_driver: an edge carrying a wire word was skipped");
    if (pos_ == 0)
        announce();
    const size_t n = std::min<size_t>(wire_bytes_, cur_.size() - pos_);
    uint64_t data = 0;
    for (size_t i = 0; i < n; ++i)
        data |= static_cast<uint64_t>(cur_[pos_ + i]) << (8 * i);
    in.wire_valid = true;
    in.wire_sof = pos_ == 0;
    in.wire_data = data;
    in.wire_keep = static_cast<uint8_t>((1u << n) - 1);
    pos_ += n;
    if (pos_ == cur_.size()) {
        in.wire_eof = true;
        last_edge_ = edge;
        any_sent_ = true;
        cur_.clear();
    }
}

} // namespace rxsim
