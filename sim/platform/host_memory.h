/* Host memory: one DMA-coherent region the driver allocates rings and buffers
 * from and the NIC reads and writes by bus address. C11, used by the C driver
 * and by the TLM target that serves the bus. */
#ifndef RXSIM_HOST_MEMORY_H
#define RXSIM_HOST_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel's coherent allocations are page aligned; so are ours by default. */
#define HOSTMEM_PAGE_SIZE 4096u
/* Every block is a multiple of this, which keeps the free list short. */
#define HOSTMEM_GRANULE 16u

struct hostmem_extent {
    uint64_t offset; /* from the start of the region */
    uint64_t size;
};

struct host_memory {
    uint64_t bus_base; /* bus address of byte 0 */
    uint64_t size;
    uint8_t *bytes;
    /* Free and allocated extents, each sorted by offset. */
    struct hostmem_extent *free_list;
    size_t free_count;
    struct hostmem_extent *used_list;
    size_t used_count;
    size_t list_capacity;
};

/* Result of a bus access. */
enum hostmem_status {
    HOSTMEM_OK = 0,
    HOSTMEM_OUT_OF_RANGE = 1, /* part of [addr, addr+len) is outside the region */
};

/* size must be a nonzero multiple of HOSTMEM_GRANULE and bus_base aligned to
 * HOSTMEM_PAGE_SIZE. Returns 0, or -1 (bad arguments or no memory). */
int hostmem_init(struct host_memory *hm, uint64_t bus_base, uint64_t size);
void hostmem_destroy(struct host_memory *hm);

/* Like the kernel's dma_alloc_coherent(dev, size, &dma_handle, gfp): page
 * aligned, zero filled. Returns the host pointer and stores the bus address in
 * *dma_handle, or returns NULL (size 0 or no room) and leaves *dma_handle alone. */
void *hostmem_alloc_coherent(struct host_memory *hm, size_t size, uint64_t *dma_handle);
/* The same with any power-of-two alignment (e.g. 16 for a descriptor ring);
 * the bus address is a multiple of align. NULL for a bad alignment. */
void *hostmem_alloc_aligned(struct host_memory *hm, size_t size, size_t align,
                            uint64_t *dma_handle);
/* Like dma_free_coherent(dev, size, vaddr, dma_handle). Returns 0, or -1 when
 * the triple does not name a live allocation (nothing is freed then). */
int hostmem_free_coherent(struct host_memory *hm, size_t size, void *vaddr, uint64_t dma_handle);

/* Bytes of the region not allocated (fragmentation is not subtracted). */
uint64_t hostmem_free_bytes(const struct host_memory *hm);

/* Translation. NULL / 0 with *ok = 0 when outside the region. A range must lie
 * entirely inside the region. */
void *hostmem_bus_to_virt(const struct host_memory *hm, uint64_t bus_addr, size_t len);
uint64_t hostmem_virt_to_bus(const struct host_memory *hm, const void *vaddr, int *ok);

/* Bus accesses of any length and alignment. */
enum hostmem_status hostmem_read(const struct host_memory *hm, uint64_t bus_addr, void *dst,
                                 size_t len);
enum hostmem_status hostmem_write(struct host_memory *hm, uint64_t bus_addr, const void *src,
                                  size_t len);

#ifdef __cplusplus
}
#endif

#endif
