// The cost table: defaults, names, overrides and their error messages.
#include <gtest/gtest.h>

#include <cstring>

#include <string>

#include "cost_table.h"

namespace {

TEST(CpuCostTable, EveryItemHasANameThatLooksItUp)
{
    for (int i = 0; i < COST__COUNT; i++) {
        const char *name = cost_item_name(i);
        ASSERT_NE(name, nullptr) << i;
        EXPECT_EQ(cost_item_lookup(name), i) << name;
    }
    EXPECT_STREQ(cost_item_name(RX_COST_NETIF_RECEIVE_SKB), "NETIF_RECEIVE_SKB");
    EXPECT_STREQ(cost_item_name(CPU_COST_CONTEXT_SWITCH), "CONTEXT_SWITCH");
    EXPECT_EQ(cost_item_name(COST__COUNT), nullptr);
    EXPECT_EQ(cost_item_lookup("netif_receive_skb"), -1); // names are exact
}

TEST(CpuCostTable, DefaultsAreThoseOfCostsMd)
{
    cost_table t;
    cost_table_default(&t);
    EXPECT_EQ(t.cpu_mhz, 3000u);
    EXPECT_EQ(t.ps[RX_COST_HARDIRQ_ENTRY], 400000u);
    EXPECT_EQ(t.ps[RX_COST_NETIF_RECEIVE_SKB], 100000u);
    EXPECT_EQ(t.ps[RX_COST_CSUM_BYTES], 100u);
    EXPECT_EQ(t.ps[CPU_COST_CONTEXT_SWITCH], 1500000u);
    for (int i = 0; i < COST__COUNT; i++)
        EXPECT_GT(t.ps[i], 0u) << cost_item_name(i) << " has no default";
    EXPECT_EQ(cost_ps(&t, RX_COST_COPY_TO_USER, 1500), 150000u);
}

// --cpu presets: the default first, and it is the table above; host-2002
// (docs/COSTS.md) fills every item, for 1 GHz, each at least the default's
// time (the same work on an older, slower host).
TEST(CpuCostTable, PresetsAreTheDefaultsAndTheHost2002OfCostsMd)
{
    ASSERT_NE(cost_preset_at(0), nullptr);
    EXPECT_STREQ(cost_preset_at(0)->name, "modern-3ghz");
    cost_table def, modern, old;
    cost_table_default(&def);
    ASSERT_EQ(cost_table_preset(&modern, "modern-3ghz"), 0);
    EXPECT_EQ(0, std::memcmp(def.ps, modern.ps, sizeof def.ps));
    EXPECT_EQ(modern.cpu_mhz, 3000u);
    ASSERT_EQ(cost_table_preset(&old, "host-2002"), 0);
    EXPECT_EQ(old.cpu_mhz, 1000u);
    EXPECT_EQ(cost_preset_find("host-2002")->mmio_read_rtt_ps, 1200000u);
    EXPECT_EQ(old.ps[RX_COST_HARDIRQ_ENTRY], 1500000u);
    EXPECT_EQ(old.ps[RX_COST_DRIVER_POLL_PKT], 350000u);
    EXPECT_EQ(old.ps[RX_COST_COPY_TO_USER], 2000u);
    for (int i = 0; i < COST__COUNT; i++)
        EXPECT_GE(old.ps[i], def.ps[i]) << cost_item_name(i);
    EXPECT_EQ(cost_table_preset(&old, "pdp-11"), -1);
    EXPECT_EQ(cost_preset_find("pdp-11"), nullptr);
    EXPECT_EQ(cost_preset_at(2), nullptr);
}

TEST(CpuCostTable, SetByNameInNanoseconds)
{
    cost_table t;
    cost_table_default(&t);
    EXPECT_EQ(cost_table_set(&t, "NETIF_RECEIVE_SKB", 120), 0);
    EXPECT_EQ(t.ps[RX_COST_NETIF_RECEIVE_SKB], 120000u);
    EXPECT_EQ(cost_table_set(&t, "NO_SUCH_STEP", 1), -1);
}

TEST(CpuCostTable, AssignmentsTakeUnits)
{
    cost_table t;
    cost_table_default(&t);
    char err[200] = "";
    ASSERT_EQ(cost_table_assign(&t, "IP_RCV=250", err, sizeof err), 0) << err;
    EXPECT_EQ(t.ps[RX_COST_IP_RCV], 250000u);
    ASSERT_EQ(cost_table_assign(&t, "UDP_RCV=0.5ns", err, sizeof err), 0) << err;
    EXPECT_EQ(t.ps[RX_COST_UDP_RCV], 500u);
    ASSERT_EQ(cost_table_assign(&t, "COPY_TO_USER=40ps", err, sizeof err), 0) << err;
    EXPECT_EQ(t.ps[RX_COST_COPY_TO_USER], 40u);
    // Cycles at the table's clock: 300 cycles at 3 GHz = 100 ns; at 2 GHz 150 ns.
    ASSERT_EQ(cost_table_assign(&t, "TCP_V4_RCV=300cyc", err, sizeof err), 0) << err;
    EXPECT_EQ(t.ps[RX_COST_TCP_V4_RCV], 100000u);
    ASSERT_EQ(cost_table_assign(&t, "CPU_MHZ=2000", err, sizeof err), 0) << err;
    ASSERT_EQ(cost_table_assign(&t, "TCP_V4_RCV=300cyc", err, sizeof err), 0) << err;
    EXPECT_EQ(t.ps[RX_COST_TCP_V4_RCV], 150000u);
    // One cycle at 3 GHz is 333.33 ps: rounded to the nearest ps.
    ASSERT_EQ(cost_table_assign(&t, "CPU_MHZ=3000", err, sizeof err), 0) << err;
    ASSERT_EQ(cost_table_assign(&t, "TTWU=1cyc", err, sizeof err), 0) << err;
    EXPECT_EQ(t.ps[CPU_COST_TTWU], 333u);
}

TEST(CpuCostTable, BadAssignmentsSayWhatIsWrong)
{
    cost_table t;
    cost_table_default(&t);
    const cost_table before = t;
    char err[200] = "";
    EXPECT_EQ(cost_table_assign(&t, "FOO=1", err, sizeof err), -1);
    EXPECT_EQ(std::string(err), "unknown cost item \"FOO\" (see docs/COSTS.md for the names)");
    EXPECT_EQ(cost_table_assign(&t, "IP_RCV", err, sizeof err), -1);
    EXPECT_EQ(std::string(err), "cost \"IP_RCV\": expected NAME=VALUE[ns|ps|cyc]");
    EXPECT_EQ(cost_table_assign(&t, "IP_RCV=12us", err, sizeof err), -1);
    EXPECT_EQ(std::string(err), "cost IP_RCV: bad value \"12us\" (a number, then ns, ps or cyc)");
    EXPECT_EQ(cost_table_assign(&t, "IP_RCV=-3", err, sizeof err), -1);
    EXPECT_EQ(cost_table_assign(&t, "IP_RCV=", err, sizeof err), -1);
    EXPECT_EQ(cost_table_assign(&t, "CPU_MHZ=0", err, sizeof err), -1);
    EXPECT_EQ(std::string(err), "cost \"CPU_MHZ=0\": CPU_MHZ must be 1..100000");
    EXPECT_EQ(0, memcmp(&before, &t, sizeof t)); // nothing changed
}

} // namespace
