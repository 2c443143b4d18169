/* Host memory region with a first-fit allocator over sorted extent lists.
 * First fit from the lowest address makes every address deterministic. */
#include "host_memory.h"

#include <stdlib.h>
#include <string.h>

static uint64_t align_up(uint64_t v, uint64_t align) { return (v + align - 1) & ~(align - 1); }

static int is_power_of_two(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

static int in_region(const struct host_memory *hm, uint64_t bus_addr, uint64_t len)
{
    return bus_addr >= hm->bus_base && len <= hm->size &&
           bus_addr - hm->bus_base <= hm->size - len;
}

/* Make room for `extra` more entries in each list. */
static int reserve(struct host_memory *hm, size_t extra)
{
    size_t need = (hm->free_count > hm->used_count ? hm->free_count : hm->used_count) + extra;
    if (need <= hm->list_capacity)
        return 0;
    size_t cap = hm->list_capacity ? hm->list_capacity * 2 : 16;
    while (cap < need)
        cap *= 2;
    struct hostmem_extent *f = realloc(hm->free_list, cap * sizeof *f);
    if (!f)
        return -1;
    hm->free_list = f;
    struct hostmem_extent *u = realloc(hm->used_list, cap * sizeof *u);
    if (!u)
        return -1;
    hm->used_list = u;
    hm->list_capacity = cap;
    return 0;
}

static void insert_at(struct hostmem_extent *list, size_t *count, size_t i,
                      struct hostmem_extent e)
{
    memmove(&list[i + 1], &list[i], (*count - i) * sizeof *list);
    list[i] = e;
    (*count)++;
}

static void remove_at(struct hostmem_extent *list, size_t *count, size_t i)
{
    memmove(&list[i], &list[i + 1], (*count - i - 1) * sizeof *list);
    (*count)--;
}

/* Index of the first entry whose offset is >= offset. */
static size_t lower_bound(const struct hostmem_extent *list, size_t count, uint64_t offset)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (list[mid].offset < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int hostmem_init(struct host_memory *hm, uint64_t bus_base, uint64_t size)
{
    memset(hm, 0, sizeof *hm);
    if (size == 0 || size % HOSTMEM_GRANULE != 0 || bus_base % HOSTMEM_PAGE_SIZE != 0 ||
        bus_base + size < bus_base)
        return -1;
    hm->bytes = calloc(1, (size_t)size);
    if (!hm->bytes || reserve(hm, 1) != 0) {
        hostmem_destroy(hm);
        return -1;
    }
    hm->bus_base = bus_base;
    hm->size = size;
    hm->free_list[0] = (struct hostmem_extent){0, size};
    hm->free_count = 1;
    return 0;
}

void hostmem_destroy(struct host_memory *hm)
{
    free(hm->bytes);
    free(hm->free_list);
    free(hm->used_list);
    memset(hm, 0, sizeof *hm);
}

void *hostmem_alloc_aligned(struct host_memory *hm, size_t size, size_t align,
                            uint64_t *dma_handle)
{
    if (size == 0 || size > hm->size || !is_power_of_two(align))
        return NULL;
    uint64_t len = align_up(size, HOSTMEM_GRANULE);
    uint64_t al = align < HOSTMEM_GRANULE ? HOSTMEM_GRANULE : align;
    /* A split can turn one free extent into two and adds one used extent. */
    if (reserve(hm, 1) != 0)
        return NULL;
    for (size_t i = 0; i < hm->free_count; i++) {
        struct hostmem_extent f = hm->free_list[i];
        uint64_t start = align_up(hm->bus_base + f.offset, al) - hm->bus_base;
        if (start < f.offset || start - f.offset > f.size || f.size - (start - f.offset) < len)
            continue;
        struct hostmem_extent front = {f.offset, start - f.offset};
        struct hostmem_extent back = {start + len, f.offset + f.size - (start + len)};
        remove_at(hm->free_list, &hm->free_count, i);
        if (back.size)
            insert_at(hm->free_list, &hm->free_count, i, back);
        if (front.size)
            insert_at(hm->free_list, &hm->free_count, i, front);
        struct hostmem_extent used = {start, len};
        insert_at(hm->used_list, &hm->used_count,
                  lower_bound(hm->used_list, hm->used_count, start), used);
        memset(hm->bytes + start, 0, (size_t)len);
        *dma_handle = hm->bus_base + start;
        return hm->bytes + start;
    }
    return NULL;
}

void *hostmem_alloc_coherent(struct host_memory *hm, size_t size, uint64_t *dma_handle)
{
    return hostmem_alloc_aligned(hm, size, HOSTMEM_PAGE_SIZE, dma_handle);
}

int hostmem_free_coherent(struct host_memory *hm, size_t size, void *vaddr, uint64_t dma_handle)
{
    if (size == 0 || !in_region(hm, dma_handle, 1))
        return -1;
    uint64_t offset = dma_handle - hm->bus_base;
    size_t i = lower_bound(hm->used_list, hm->used_count, offset);
    if (i == hm->used_count || hm->used_list[i].offset != offset ||
        hm->used_list[i].size != align_up(size, HOSTMEM_GRANULE) ||
        (uint8_t *)vaddr != hm->bytes + offset)
        return -1;
    struct hostmem_extent e = hm->used_list[i];
    remove_at(hm->used_list, &hm->used_count, i);
    /* No reserve() needed: free extents are maximal, so two of them always have
     * a used one between them and free_count <= used_count + 1 fits. */

    /* Insert into the free list and merge with touching neighbours. */
    size_t j = lower_bound(hm->free_list, hm->free_count, e.offset);
    if (j > 0 && hm->free_list[j - 1].offset + hm->free_list[j - 1].size == e.offset) {
        j--;
        e.offset = hm->free_list[j].offset;
        e.size += hm->free_list[j].size;
        remove_at(hm->free_list, &hm->free_count, j);
    }
    if (j < hm->free_count && e.offset + e.size == hm->free_list[j].offset) {
        e.size += hm->free_list[j].size;
        remove_at(hm->free_list, &hm->free_count, j);
    }
    insert_at(hm->free_list, &hm->free_count, j, e);
    return 0;
}

uint64_t hostmem_free_bytes(const struct host_memory *hm)
{
    uint64_t total = 0;
    for (size_t i = 0; i < hm->free_count; i++)
        total += hm->free_list[i].size;
    return total;
}

void *hostmem_bus_to_virt(const struct host_memory *hm, uint64_t bus_addr, size_t len)
{
    if (!in_region(hm, bus_addr, len ? len : 1))
        return NULL;
    return hm->bytes + (bus_addr - hm->bus_base);
}

uint64_t hostmem_virt_to_bus(const struct host_memory *hm, const void *vaddr, int *ok)
{
    /* Compare as integers: relational operators on unrelated pointers are undefined. */
    uintptr_t p = (uintptr_t)vaddr, lo = (uintptr_t)hm->bytes;
    *ok = hm->bytes != NULL && p >= lo && p - lo < hm->size;
    return *ok ? hm->bus_base + (p - lo) : 0;
}

enum hostmem_status hostmem_read(const struct host_memory *hm, uint64_t bus_addr, void *dst,
                                 size_t len)
{
    if (!in_region(hm, bus_addr, len))
        return HOSTMEM_OUT_OF_RANGE;
    if (len)
        memcpy(dst, hm->bytes + (bus_addr - hm->bus_base), len);
    return HOSTMEM_OK;
}

enum hostmem_status hostmem_write(struct host_memory *hm, uint64_t bus_addr, const void *src,
                                  size_t len)
{
    if (!in_region(hm, bus_addr, len))
        return HOSTMEM_OUT_OF_RANGE;
    if (len)
        memcpy(hm->bytes + (bus_addr - hm->bus_base), src, len);
    return HOSTMEM_OK;
}
