#include "cpu_harness.h"

#include <algorithm>
#include <cstring>

#include <gtest/gtest.h>

namespace cpu_test {

namespace {

const uint8_t kHostMac[6] = {0x02, 0, 0, 0, 0, 0x01};
const uint8_t kPeerMac[6] = {0x02, 0, 0, 0, 0, 0x02};

void put16(std::vector<uint8_t> &f, size_t at, uint16_t v)
{
    f[at] = uint8_t(v >> 8);
    f[at + 1] = uint8_t(v);
}

void put32(std::vector<uint8_t> &f, size_t at, uint32_t v)
{
    put16(f, at, uint16_t(v >> 16));
    put16(f, at + 2, uint16_t(v));
}

void env_sync(void *ctx, int, uint64_t)
{
    static_cast<host *>(ctx)->env_syncs++;
}

// A plain clock: idling reaches the requested time at once.
uint64_t env_idle(void *ctx, int, uint64_t, uint64_t until_ps)
{
    static_cast<host *>(ctx)->env_idles++;
    return until_ps;
}

int fake_intr(int, void *dev_id)
{
    auto *d = static_cast<fake_driver *>(dev_id);
    d->irqs++;
    d->irq_at_ps.push_back(host_running(d->m)->local_ps);
    if (d->per_irq_frame.empty()) {
        napi_schedule(&d->napi.napi);
        return 1;
    }
    sk_buff *skb = netdev_alloc_skb(d->dev, uint32_t(d->per_irq_frame.size()));
    if (skb) {
        std::memcpy(skb_put(skb, uint32_t(d->per_irq_frame.size())), d->per_irq_frame.data(),
                    d->per_irq_frame.size());
        skb->protocol = eth_type_trans(skb, d->dev);
        netif_rx(skb);
    }
    return 1;
}

int fake_poll(napi_struct *napi, int budget)
{
    fake_driver *d = reinterpret_cast<fake_napi *>(napi)->drv;
    const host_cpu *cpu = host_running(d->m);
    d->polled_in.emplace_back(cpu->ctx, cpu->curr);
    int work = 0;
    while (work < budget && !d->frames.empty()) {
        host_charge(d->m, RX_COST_DRIVER_POLL_PKT, 1);
        const std::vector<uint8_t> &f = d->frames.front();
        sk_buff *skb = netdev_alloc_skb(d->dev, uint32_t(f.size()));
        if (skb) {
            std::memcpy(skb_put(skb, uint32_t(f.size())), f.data(), f.size());
            skb->protocol = eth_type_trans(skb, d->dev);
            if (f[23] == 6)
                skb->ip_summed = CHECKSUM_UNNECESSARY;
            napi_gro_receive(napi, skb);
        }
        d->frames.pop_front();
        work++;
    }
    while (work < budget && d->backlog > 0) {
        host_charge(d->m, RX_COST_DRIVER_POLL_PKT, 1);
        d->backlog--;
        work++;
    }
    if (work < budget)
        napi_complete_done(napi, work);
    return work;
}

} // namespace

namespace {

// Ethernet + IPv4 header (checksummed) around an L4 header and payload.
std::vector<uint8_t> ipv4_frame(uint8_t proto, const std::vector<uint8_t> &l4)
{
    std::vector<uint8_t> f(14 + 20 + l4.size(), 0);
    std::memcpy(&f[0], kHostMac, 6);
    std::memcpy(&f[6], kPeerMac, 6);
    put16(f, 12, 0x0800);
    f[14] = 0x45;
    put16(f, 16, uint16_t(20 + l4.size()));
    f[22] = 64;
    f[23] = proto;
    put32(f, 26, kPeerIp);
    put32(f, 30, kHostIp);
    uint32_t sum = 0;
    for (size_t i = 14; i < 34; i += 2)
        sum += uint32_t(f[i]) << 8 | f[i + 1];
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    put16(f, 24, uint16_t(~sum));
    std::copy(l4.begin(), l4.end(), f.begin() + 34);
    return f;
}

void fill_payload(std::vector<uint8_t> &l4, size_t from)
{
    for (size_t i = from; i < l4.size(); i++)
        l4[i] = uint8_t(i - from);
}

} // namespace

std::vector<uint8_t> udp_frame(uint16_t dport, uint32_t payload_len)
{
    std::vector<uint8_t> l4(8 + payload_len, 0);
    put16(l4, 0, kPeerPort);
    put16(l4, 2, dport);
    put16(l4, 4, uint16_t(8 + payload_len));
    fill_payload(l4, 8);
    return ipv4_frame(17, l4);
}

std::vector<uint8_t> tcp_frame(uint16_t dport, uint32_t seq, uint32_t payload_len)
{
    std::vector<uint8_t> l4(20 + payload_len, 0);
    put16(l4, 0, kPeerPort);
    put16(l4, 2, dport);
    put32(l4, 4, seq);
    l4[12] = 5 << 4;
    l4[13] = 0x18; // ACK | PSH
    put16(l4, 14, 65535);
    fill_payload(l4, 20);
    return ipv4_frame(6, l4);
}

cost_table zero_costs()
{
    cost_table t;
    cost_table_default(&t);
    std::memset(t.ps, 0, sizeof t.ps);
    return t;
}

host::host(const cost_table &costs, uint64_t quantum_ps)
{
    host_config cfg;
    host_config_default(&cfg);
    cfg.costs = costs;
    cfg.quantum_ps = quantum_ps;
    cpu_env env{this, env_sync, env_idle};
    EXPECT_EQ(host_machine_init(&m, &cfg, &env, 0), 0);
    n = new_host_net(m, drv);
}

net *new_host_net(host_machine &m, fake_driver &drv)
{
    net_config nc{};
    nc.nr_cpus = 1;
    net *n = net_new(&m.plat, &nc);
    host_machine_attach_net(&m, n);
    EXPECT_EQ(ip_addr_add(n, kHostIp, 24), 0);
    drv.m = &m;
    drv.dev = register_netdev(n, "eth0", kHostMac);
    drv.napi.drv = &drv;
    netif_napi_add(drv.dev, &drv.napi.napi, fake_poll, NAPI_POLL_WEIGHT);
    napi_enable(&drv.napi.napi);
    EXPECT_EQ(host_request_irq(&m, kIrq, fake_intr, &drv), 0);
    return n;
}

host::~host()
{
    net_free(n);
    host_machine_destroy(&m);
}

uint64_t host::split_sum() const
{
    cpu_split s;
    host_cpu_split(&m, 0, &s);
    return s.hardirq + s.softirq + s.ksoftirqd + s.napi_threads + s.threads + s.idle;
}

sock *host::tcp_socket(uint16_t port)
{
    sock *sk = sock_create(n, RX_AF_INET, RX_SOCK_STREAM);
    rx_sockaddr a{};
    a.family = RX_AF_INET;
    a.port = port;
    EXPECT_EQ(sock_bind(sk, &a), 0);
    rx_sockaddr peer{};
    peer.family = RX_AF_INET;
    peer.addr4 = kPeerIp;
    peer.port = kPeerPort;
    EXPECT_EQ(sock_connect(sk, &peer), 0);
    return sk;
}

sock *host::udp_socket(uint16_t port)
{
    sock *sk = sock_create(n, RX_AF_INET, RX_SOCK_DGRAM);
    rx_sockaddr a{};
    a.family = RX_AF_INET;
    a.port = port;
    EXPECT_EQ(sock_bind(sk, &a), 0);
    return sk;
}

} // namespace cpu_test
