#include "stack_harness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <sstream>

// ---- fake platform ----
static FakePlatform *fp(void *ctx) { return static_cast<FakePlatform *>(ctx); }

rx_platform FakePlatform::ops()
{
	rx_platform p{};
	p.ctx = this;
	p.now_ns = [](void *c) { return fp(c)->now; };
	p.this_cpu = [](void *c) { return fp(c)->cpu; };
	p.charge = [](void *c, rx_cost item, uint32_t count) {
		FakePlatform *f = fp(c);
		f->charges[item] += count;
		f->now += f->cost_ns[item];
		if (f->on_charge)
			f->on_charge(item);
	};
	p.timer_arm = [](void *c, timer_list *t) {
		auto &v = fp(c)->timers;
		if (std::find(v.begin(), v.end(), t) == v.end())
			v.push_back(t);
	};
	p.timer_cancel = [](void *c, timer_list *t) {
		auto &v = fp(c)->timers;
		v.erase(std::remove(v.begin(), v.end(), t), v.end());
	};
	p.wake_ksoftirqd = [](void *c, int) { fp(c)->ksoftirqd_wakeups++; };
	p.wake_reader = [](void *c, sock *sk) { fp(c)->woken_readers.push_back(sk); };
	p.wake_napi_thread = [](void *c, napi_struct *n) { fp(c)->woken_napi_threads.push_back(n); };
	return p;
}

void FakePlatform::advance_to(uint64_t t)
{
	for (;;) {
		timer_list *due = nullptr;
		for (timer_list *x : timers)
			if (x->pending && x->expires <= t && (!due || x->expires < due->expires))
				due = x;
		if (!due)
			break;
		timers.erase(std::remove(timers.begin(), timers.end(), due), timers.end());
		if (due->expires > now)
			now = due->expires;
		timer_expire(n, due);
	}
	if (t > now)
		now = t;
}

size_t FakePlatform::armed_timers() const
{
	return std::count_if(timers.begin(), timers.end(), [](timer_list *t) { return t->pending; });
}

// ---- frames ----
namespace frames {
const uint8_t kHostMac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
const uint8_t kPeerMac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};

// resize + memcpy: GCC 12 warns falsely (-Warray-bounds) on vector::insert.
static void append(Bytes &a, const Bytes &b)
{
	size_t at = a.size();
	a.resize(at + b.size());
	if (!b.empty())
		std::memcpy(&a[at], b.data(), b.size());
}

static void put16(Bytes &b, size_t at, uint16_t v)
{
	b[at] = uint8_t(v >> 8);
	b[at + 1] = uint8_t(v);
}
static void put32(Bytes &b, size_t at, uint32_t v)
{
	put16(b, at, uint16_t(v >> 16));
	put16(b, at + 2, uint16_t(v));
}

uint16_t inet_csum(const uint8_t *p, size_t n, uint32_t sum)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += uint32_t(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += uint32_t(p[n - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return uint16_t(~sum);
}

Bytes eth(const uint8_t dst[6], uint16_t type, const Bytes &payload)
{
	Bytes f(14);
	std::memcpy(&f[0], dst, 6);
	std::memcpy(&f[6], kPeerMac, 6);
	put16(f, 12, type);
	append(f, payload);
	return f;
}

Bytes add_tag(const Bytes &frame, uint16_t tpid, uint16_t tci)
{
	Bytes f(frame.begin(), frame.begin() + 12);
	f.resize(16);
	put16(f, 12, tpid);
	put16(f, 14, tci);
	append(f, Bytes(frame.begin() + 12, frame.end()));
	return f;
}

Bytes ipv4(uint32_t src, uint32_t dst, uint8_t proto, const Bytes &payload, Ip4Opts o)
{
	Bytes h(20);
	h[0] = 0x45;
	put16(h, 2, uint16_t(20 + payload.size()));
	put16(h, 4, o.id);
	put16(h, 6, o.frag);
	h[8] = o.ttl;
	h[9] = proto;
	put32(h, 12, src);
	put32(h, 16, dst);
	put16(h, 10, inet_csum(h.data(), 20));
	append(h, payload);
	return h;
}

static uint32_t pseudo4(uint32_t src, uint32_t dst, uint8_t proto, size_t len)
{
	return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto + uint32_t(len);
}

Bytes udp4(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport, const Bytes &data)
{
	Bytes u(8);
	put16(u, 0, sport);
	put16(u, 2, dport);
	put16(u, 4, uint16_t(8 + data.size()));
	append(u, data);
	uint16_t c = inet_csum(u.data(), u.size(), pseudo4(src, dst, 17, u.size()));
	put16(u, 6, c ? c : 0xffff);
	return u;
}

Bytes tcp4(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport, uint32_t seq, uint8_t flags, const Bytes &data)
{
	Bytes t(20);
	put16(t, 0, sport);
	put16(t, 2, dport);
	put32(t, 4, seq);
	t[12] = 5 << 4;
	t[13] = flags;
	put16(t, 14, 65535);
	append(t, data);
	put16(t, 16, inet_csum(t.data(), t.size(), pseudo4(src, dst, 6, t.size())));
	return t;
}

Bytes icmp4(uint8_t type, uint8_t code, const Bytes &data)
{
	Bytes m(8);
	m[0] = type;
	m[1] = code;
	append(m, data);
	put16(m, 2, inet_csum(m.data(), m.size()));
	return m;
}

Bytes arp_request(uint32_t sip, uint32_t tip)
{
	Bytes a(28);
	put16(a, 0, 1);
	put16(a, 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a, 6, 1);
	std::memcpy(&a[8], kPeerMac, 6);
	put32(a, 14, sip);
	put32(a, 24, tip);
	return a;
}

Bytes ipv6(const uint8_t src[16], const uint8_t dst[16], uint8_t next, const Bytes &payload)
{
	Bytes h(40);
	h[0] = 0x60;
	put16(h, 4, uint16_t(payload.size()));
	h[6] = next;
	h[7] = 64;
	std::memcpy(&h[8], src, 16);
	std::memcpy(&h[24], dst, 16);
	append(h, payload);
	return h;
}

static uint32_t pseudo6(const uint8_t src[16], const uint8_t dst[16], uint8_t proto, size_t len)
{
	uint32_t s = 0;
	for (int i = 0; i < 16; i += 2)
		s += uint32_t(src[i] << 8 | src[i + 1]) + uint32_t(dst[i] << 8 | dst[i + 1]);
	return s + uint32_t(len) + proto;
}

Bytes udp6(const uint8_t src[16], const uint8_t dst[16], uint16_t sport, uint16_t dport, const Bytes &data, bool zero_csum)
{
	Bytes u(8);
	put16(u, 0, sport);
	put16(u, 2, dport);
	put16(u, 4, uint16_t(8 + data.size()));
	append(u, data);
	if (!zero_csum) {
		uint16_t c = inet_csum(u.data(), u.size(), pseudo6(src, dst, 17, u.size()));
		put16(u, 6, c ? c : 0xffff);
	}
	return u;
}

Bytes icmp6(const uint8_t src[16], const uint8_t dst[16], uint8_t type, const Bytes &data)
{
	Bytes m(8);
	m[0] = type;
	append(m, data);
	put16(m, 2, inet_csum(m.data(), m.size(), pseudo6(src, dst, 58, m.size())));
	return m;
}

Bytes ip_frame(const Bytes &ip) { return eth(kHostMac, ETH_P_IP, ip); }

Bytes udp_frame(uint16_t sport, uint16_t dport, const Bytes &data, uint32_t src, uint32_t dst)
{
	return ip_frame(ipv4(src, dst, 17, udp4(src, dst, sport, dport, data)));
}

Bytes cat(Bytes a, const Bytes &b)
{
	append(a, b);
	return a;
}

Bytes payload(size_t n, uint8_t seed)
{
	Bytes b(n);
	for (size_t i = 0; i < n; i++)
		b[i] = uint8_t(seed + i * 7);
	return b;
}
}  // namespace frames

// ---- host ----
net_config Host::default_config()
{
	net_config c{};
	c.nr_cpus = 1;
	c.keep_fate_log = true;
	return c;
}

Host::Host(net_config cfg)
{
	rx_platform ops = plat.ops();
	n = net_new(&ops, &cfg);
	plat.n = n;
	eth0 = register_netdev(n, "eth0", frames::kHostMac);
	ip_addr_add(n, frames::kHostIp, 24);
}

Host::~Host() { net_free(n); }

sk_buff *Host::make_skb(const Bytes &frame, uint8_t ip_summed)
{
	sk_buff *skb = netdev_alloc_skb_ip_align(eth0, std::max<uint32_t>(alloc_len, uint32_t(frame.size())));
	if (!skb)
		return nullptr;
	std::memcpy(skb_put(skb, uint32_t(frame.size())), frame.data(), frame.size());
	skb->ip_summed = ip_summed;
	eth_type_trans(skb, eth0);
	return skb;
}

uint64_t Host::rx(const Bytes &frame, uint8_t ip_summed)
{
	sk_buff *skb = make_skb(frame, ip_summed);
	if (!skb)
		return 0;
	uint64_t id = skb->id;
	netif_receive_skb(skb);
	return id;
}

sock *Host::udp_socket(uint16_t port, uint32_t addr)
{
	sock *sk = sock_create(n, RX_AF_INET, RX_SOCK_DGRAM);
	rx_sockaddr a{};
	a.family = RX_AF_INET;
	a.addr4 = addr;
	a.port = port;
	EXPECT_EQ(0, sock_bind(sk, &a));
	return sk;
}

softnet_stat Host::softnet(int cpu) const
{
	softnet_stat s;
	net_softnet_stat(n, cpu, &s);
	return s;
}

const skb_fate_record *Host::fate(uint64_t id) const
{
	const skb_fate_record *found = nullptr;
	const skb_fate_record *log = net_fate_log(n);
	for (size_t i = 0; i < net_fate_count(n); i++) {
		if (log[i].id == id) {
			EXPECT_EQ(nullptr, found) << "skb " << id << " has two fates";
			found = &log[i];
		}
	}
	EXPECT_NE(nullptr, found) << "skb " << id << " has no fate";
	return found;
}

std::map<std::string, long long> Host::snmp_table() const
{
	std::map<std::string, long long> m;
	std::vector<char> buf(proc_net_snmp(n, nullptr, 0) + 1);
	proc_net_snmp(n, buf.data(), buf.size());
	std::istringstream in(buf.data());
	std::string head, vals;
	while (std::getline(in, head) && std::getline(in, vals)) {
		std::istringstream h(head), v(vals);
		std::string prefix, name, vprefix;
		long long x;
		h >> prefix;
		v >> vprefix;
		prefix.pop_back();  // "Udp:" -> "Udp"
		while (h >> name && v >> x)
			m[prefix + "." + name] = x;
	}
	return m;
}

// ---- driver ----
static std::map<napi_struct *, FakeDriver *> &drivers()
{
	static std::map<napi_struct *, FakeDriver *> m;
	return m;
}

FakeDriver::~FakeDriver() { drivers().erase(&napi); }

FakeDriver::FakeDriver(Host &host, net_device *d, int weight) : h(host), dev(d)
{
	drivers()[&napi] = this;
	netif_napi_add(dev, &napi, &FakeDriver::poll, weight);
	napi_enable(&napi);
}

void FakeDriver::interrupt()
{
	irq_enabled = false;  // IMC = ~0
	napi_schedule(&napi);
}

int FakeDriver::poll(napi_struct *napi, int budget)
{
	FakeDriver *d = drivers().at(napi);
	d->poll_log.push_back(budget);
	if (d->order)
		d->order->push_back(d->tag);
	int work = 0;
	while (work < budget) {
		if (d->bare_work) {
			d->bare_work--;
			work++;
			continue;
		}
		if (d->next == d->ring.size())
			break;
		d->h.plat.ops().charge(&d->h.plat, RX_COST_DRIVER_POLL_PKT, 1);
		const Bytes &f = d->ring[d->next];
		sk_buff *skb = napi_alloc_skb(napi, std::max<uint32_t>(d->h.alloc_len, uint32_t(f.size())));
		if (!skb) {
			d->alloc_failed++;  // frame stays for the next poll, as e1000 does
			break;
		}
		d->next++;
		std::memcpy(skb_put(skb, uint32_t(f.size())), f.data(), f.size());
		eth_type_trans(skb, d->dev);
		d->dev->stats.rx_packets++;
		d->dev->stats.rx_bytes += f.size();
		napi_gro_receive(napi, skb);
		work++;
	}
	if (work < budget) {
		bool r = napi_complete_done(napi, work);
		d->complete_results.push_back(r);
		if (r)
			d->irq_enabled = true;  // IMS
	}
	return work;
}
