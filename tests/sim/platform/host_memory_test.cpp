// Host memory: allocator, translation, bounds.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "host_memory.h"

namespace {

constexpr uint64_t kBase = 0x100000000ull; // above 4 GiB: 64-bit DMA addresses

class PlatformHostMemory : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_EQ(hostmem_init(&hm, kBase, 64 * 1024), 0); }
    void TearDown() override { hostmem_destroy(&hm); }
    host_memory hm{};
};

TEST_F(PlatformHostMemory, CoherentAllocationsArePageAlignedZeroedAndDeterministic)
{
    uint64_t a = 0, b = 0;
    auto *pa = static_cast<uint8_t *>(hostmem_alloc_coherent(&hm, 100, &a));
    auto *pb = static_cast<uint8_t *>(hostmem_alloc_coherent(&hm, 5000, &b));
    ASSERT_NE(pa, nullptr);
    ASSERT_NE(pb, nullptr);
    // First fit from the bottom: the first block at the base, the next on the next page.
    EXPECT_EQ(a, kBase);
    EXPECT_EQ(b, kBase + 4096);
    for (int i = 0; i < 5000; i++)
        ASSERT_EQ(pb[i], 0) << i;
    // A small aligned block fills the hole left after the first page's 100 (-> 112) bytes.
    uint64_t c = 0;
    ASSERT_NE(hostmem_alloc_aligned(&hm, 16, 16, &c), nullptr);
    EXPECT_EQ(c, kBase + 112);
}

TEST_F(PlatformHostMemory, AlignmentIsHonoured)
{
    uint64_t pad = 0;
    ASSERT_NE(hostmem_alloc_aligned(&hm, 48, 16, &pad), nullptr); // leaves base+48 free
    for (size_t align : {16u, 64u, 128u, 256u, 4096u}) {
        uint64_t h = 0;
        void *p = hostmem_alloc_aligned(&hm, 24, align, &h);
        ASSERT_NE(p, nullptr) << align;
        EXPECT_EQ(h % align, 0u) << align;
        EXPECT_GT(h, kBase) << align;
    }
    uint64_t h = 7;
    EXPECT_EQ(hostmem_alloc_aligned(&hm, 16, 24, &h), nullptr); // not a power of two
    EXPECT_EQ(hostmem_alloc_aligned(&hm, 0, 16, &h), nullptr);
    EXPECT_EQ(h, 7u); // untouched on failure
}

TEST_F(PlatformHostMemory, ExhaustionReturnsNullAndFreeingMakesRoom)
{
    std::vector<std::pair<void *, uint64_t>> pages;
    for (;;) {
        uint64_t h = 0;
        void *p = hostmem_alloc_coherent(&hm, 4096, &h);
        if (!p)
            break;
        pages.emplace_back(p, h);
    }
    ASSERT_EQ(pages.size(), 16u); // 64 KiB of 4 KiB pages
    EXPECT_EQ(hostmem_free_bytes(&hm), 0u);
    uint64_t h = 0;
    EXPECT_EQ(hostmem_alloc_aligned(&hm, 16, 16, &h), nullptr);
    ASSERT_EQ(hostmem_free_coherent(&hm, 4096, pages[5].first, pages[5].second), 0);
    void *again = hostmem_alloc_coherent(&hm, 4096, &h);
    EXPECT_EQ(again, pages[5].first);
    EXPECT_EQ(h, pages[5].second);
    EXPECT_EQ(hostmem_alloc_coherent(&hm, 64 * 1024 + 16, &h), nullptr); // larger than the region
}

TEST_F(PlatformHostMemory, FreeMergesNeighboursAndRejectsBadFrees)
{
    uint64_t h[3];
    void *p[3];
    for (int i = 0; i < 3; i++)
        ASSERT_NE(p[i] = hostmem_alloc_coherent(&hm, 8192, &h[i]), nullptr);
    EXPECT_EQ(hostmem_free_coherent(&hm, 4096, p[1], h[1]), -1);      // wrong size
    EXPECT_EQ(hostmem_free_coherent(&hm, 8192, p[0], h[1]), -1);      // pointer and handle disagree
    EXPECT_EQ(hostmem_free_coherent(&hm, 8192, p[1], h[1] + 16), -1); // not a block start
    EXPECT_EQ(hostmem_free_coherent(&hm, 8192, p[1], kBase - 4096), -1); // outside
    ASSERT_EQ(hostmem_free_coherent(&hm, 8192, p[0], h[0]), 0);
    ASSERT_EQ(hostmem_free_coherent(&hm, 8192, p[2], h[2]), 0);
    EXPECT_EQ(hostmem_free_coherent(&hm, 8192, p[2], h[2]), -1); // double free
    ASSERT_EQ(hostmem_free_coherent(&hm, 8192, p[1], h[1]), 0);
    // Everything merged back: one allocation of the whole region fits again.
    EXPECT_EQ(hostmem_free_bytes(&hm), 64u * 1024);
    uint64_t all = 0;
    EXPECT_NE(hostmem_alloc_coherent(&hm, 64 * 1024, &all), nullptr);
    EXPECT_EQ(all, kBase);
}

TEST_F(PlatformHostMemory, TranslationBothWays)
{
    uint64_t h = 0;
    auto *p = static_cast<uint8_t *>(hostmem_alloc_coherent(&hm, 256, &h));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(hostmem_bus_to_virt(&hm, h + 10, 1), p + 10);
    int ok = 0;
    EXPECT_EQ(hostmem_virt_to_bus(&hm, p + 10, &ok), h + 10);
    EXPECT_EQ(ok, 1);
    int outside = 0;
    EXPECT_EQ(hostmem_virt_to_bus(&hm, &outside, &ok), 0u);
    EXPECT_EQ(ok, 0);
    EXPECT_EQ(hostmem_bus_to_virt(&hm, kBase - 1, 1), nullptr);
    EXPECT_EQ(hostmem_bus_to_virt(&hm, kBase + 64 * 1024 - 4, 8), nullptr); // straddles the end
    EXPECT_NE(hostmem_bus_to_virt(&hm, kBase + 64 * 1024 - 8, 8), nullptr);
}

TEST_F(PlatformHostMemory, AccessesOutsideTheRegionAreRefusedUntouched)
{
    uint8_t data[32];
    std::memset(data, 0xA5, sizeof data);
    uint64_t end = kBase + 64 * 1024;
    EXPECT_EQ(hostmem_write(&hm, end - 16, data, 32), HOSTMEM_OUT_OF_RANGE);
    EXPECT_EQ(hostmem_write(&hm, kBase - 16, data, 32), HOSTMEM_OUT_OF_RANGE);
    EXPECT_EQ(hostmem_write(&hm, UINT64_MAX - 8, data, 32), HOSTMEM_OUT_OF_RANGE); // wraps
    EXPECT_EQ(hostmem_read(&hm, end, data, 1), HOSTMEM_OUT_OF_RANGE);
    auto *last = static_cast<uint8_t *>(hostmem_bus_to_virt(&hm, end - 16, 16));
    for (int i = 0; i < 16; i++)
        EXPECT_EQ(last[i], 0) << i;
    EXPECT_EQ(hostmem_write(&hm, end - 32, data, 32), HOSTMEM_OK);
    uint8_t back[32] = {};
    EXPECT_EQ(hostmem_read(&hm, end - 32, back, 32), HOSTMEM_OK);
    EXPECT_EQ(std::memcmp(back, data, 32), 0);
}

TEST(PlatformHostMemoryInit, RejectsBadGeometry)
{
    host_memory hm{};
    EXPECT_EQ(hostmem_init(&hm, 0x1000, 0), -1);
    EXPECT_EQ(hostmem_init(&hm, 0x1000, 100), -1);              // not a multiple of 16
    EXPECT_EQ(hostmem_init(&hm, 0x1010, 4096), -1);             // base not page aligned
    EXPECT_EQ(hostmem_init(&hm, UINT64_MAX - 4095, 8192), -1);  // wraps around
}

} // namespace

namespace {

// Many allocations and frees in a fixed pseudo-random order; after each step the
// live blocks must be aligned, inside the region, disjoint, and the free byte
// count must match; at the end everything merges back into one block.
TEST(PlatformHostMemoryStress, RandomAllocFreeKeepsTheInvariants)
{
    constexpr uint64_t kSize = 256 * 1024;
    host_memory hm{};
    ASSERT_EQ(hostmem_init(&hm, kBase, kSize), 0);
    struct block {
        void *p;
        uint64_t h;
        size_t size;
        size_t align;
    };
    std::vector<block> live;
    uint32_t x = 12345;
    auto next = [&x] { return x = x * 1103515245u + 12345u, x >> 8; };
    uint64_t used = 0;
    int failures = 0;
    for (int step = 0; step < 4000; step++) {
        if (live.empty() || next() % 3 != 0) {
            size_t size = 1 + next() % 3000;
            size_t align = size_t(1) << (next() % 13); // 1 .. 4096
            uint64_t h = 0;
            void *p = hostmem_alloc_aligned(&hm, size, align, &h);
            if (!p) {
                failures++;
                continue;
            }
            ASSERT_EQ(h % align, 0u);
            ASSERT_EQ(hostmem_bus_to_virt(&hm, h, size), p);
            for (const block &b : live) // disjoint from every live block
                ASSERT_TRUE(h + size <= b.h || b.h + b.size <= h) << step;
            live.push_back({p, h, size, align});
            used += (size + 15) / 16 * 16;
        } else {
            size_t i = next() % live.size();
            ASSERT_EQ(hostmem_free_coherent(&hm, live[i].size, live[i].p, live[i].h), 0);
            used -= (live[i].size + 15) / 16 * 16;
            live.erase(live.begin() + long(i));
        }
        ASSERT_EQ(hostmem_free_bytes(&hm), kSize - used) << step;
    }
    EXPECT_GT(failures, 0); // the region did fill up at times
    for (const block &b : live)
        ASSERT_EQ(hostmem_free_coherent(&hm, b.size, b.p, b.h), 0);
    uint64_t h = 0;
    EXPECT_NE(hostmem_alloc_coherent(&hm, kSize, &h), nullptr);
    hostmem_destroy(&hm);
}

} // namespace
