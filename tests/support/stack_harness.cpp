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
	p.need_resched = [](void *c) { return fp(c)->resched; };
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
Bytes recv_one(sock *sk, rx_recvinfo *info)
{
	Bytes b(65536);
	int n = sock_recv(sk, b.data(), uint32_t(b.size()), info);
	b.resize(n > 0 ? size_t(n) : 0);
	return b;
}

static std::map<napi_struct *, FakeDriver *> &drivers()
{
	static std::map<napi_struct *, FakeDriver *> m;
	return m;
}

FakeDriver::~FakeDriver()
{
	netif_napi_del(&napi);
	drivers().erase(&napi);
}

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
	const int limit = d->over_budget_bug ? budget + 1 : budget;
	while (work < limit) {
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
	if (work != budget) {
		bool r = napi_complete_done(napi, work);
		d->complete_results.push_back(r);
		if (r)
			d->irq_enabled = true;  // IMS
	}
	return work;
}

void hard_irq(Host &h, const std::function<void()> &handler)
{
	irq_enter(h.n);
	handler();
	irq_exit(h.n);
}
