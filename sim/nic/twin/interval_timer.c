/* interval_timer (hw/rtl/interval_timer.sv): a one-shot countdown whose
 * length is given in units of unit_ps, turned into clock edges at the start. */
#include "twin_blocks.h"

uint32_t interval_timer_advance(const struct nic_port_inputs *in)
{
    return in->skip_valid && in->skip_cycles != 0 ? in->skip_cycles : 1;
}

bool interval_timer_due(const struct interval_timer *t, uint32_t advance)
{
    return t->running_q && t->left_q <= advance;
}

void interval_timer_reset(struct interval_timer *t)
{
    t->left_q = 0;
    t->running_q = false;
}

void interval_timer_next(struct interval_timer *t, bool start, uint16_t units, bool stop, uint32_t advance)
{
    if (start) {
        t->left_q = units == 0 ? 1 : (uint32_t)(((uint64_t)units * t->unit_ps + t->clk_period_ps - 1) / t->clk_period_ps);
        t->running_q = true;
    } else if (stop || interval_timer_due(t, advance)) {
        t->running_q = false;
    } else if (t->running_q) {
        t->left_q -= advance;
    }
}

uint32_t interval_timer_remaining(const struct interval_timer *t)
{
    return t->running_q ? t->left_q : 0;
}
