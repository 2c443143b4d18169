#include "driver_fixture.h"

DriverTest::DriverTest(net_config cfg) : host(cfg)
{
	if (hostmem_init(&hm, kBusBase, kHostMemBytes) != 0)
		ADD_FAILURE() << "hostmem_init";
	e1000_default_options(&opt);
	opt.name = "eth1";  // Host has its own (idle) eth0; the MAC is the same kHostMac
	sk = host.udp_socket(kPort);
	// Every DMA write the fake NIC makes goes through the driver's ownership check.
	nic.on_dma_write = [this](uint64_t addr, uint64_t len) {
		if (adapter)
			e1000_check_dma_write(adapter, addr, len);
	};
}

DriverTest::~DriverTest()
{
	remove();
	// Buffers up the stack in skbs go back to the driver's pool, in hm.
	net_flush(host.n);
	hostmem_destroy(&hm);
}

void DriverTest::TearDown()
{
	if (!adapter)
		return;
	EXPECT_EQ(expected_violations, e1000_check_rx_ownership(adapter)) << adapter->violation;
}

void DriverTest::probe()
{
	const e1000_bus_ops bus = nic.bus();
	const rx_platform plat = host.plat.ops();
	adapter = e1000_probe(&bus, host.n, &plat, &opt);
	ASSERT_NE(nullptr, adapter);
	adapter->hooks.ctx = this;
	adapter->hooks.rx_event = [](void *ctx, const e1000_rx_event *ev) {
		RxEventRecord r{ev->fate, ev->desc, ev->length, ev->status, ev->errors, ev->descs, ev->partial};
		if (ev->skb) {
			r.skb_len = ev->skb->len;
			r.ip_summed = ev->skb->ip_summed;
			r.ip_hdr_csum_ok = ev->skb->ip_hdr_csum_ok;
			r.vlan_present = ev->skb->vlan_present;
			r.vlan_tci = ev->skb->vlan_tci;
		}
		static_cast<DriverTest *>(ctx)->events.push_back(r);
	};
}

void DriverTest::open()
{
	if (!adapter)
		probe();
	ASSERT_NE(nullptr, adapter);
	ASSERT_EQ(0, e1000_open(adapter));
}

void DriverTest::remove()
{
	e1000_remove(adapter);
	adapter = nullptr;
}

irqreturn_t DriverTest::interrupt()
{
	irq_enter(host.n);
	const irqreturn_t r = e1000_intr(adapter);
	irq_exit(host.n);
	return r;
}

int DriverTest::clean(int budget)
{
	int work_done = 0;
	e1000_clean_rx_irq(adapter, &work_done, budget);
	return work_done;
}

Bytes DriverTest::udp(size_t n, uint8_t seed) { return frames::udp_frame(1234, kPort, frames::payload(n, seed)); }

void DriverTest::receive(const Bytes &frame, FakeNic::RxMeta meta)
{
	EXPECT_GT(nic.receive(frame, meta), 0) << "the NIC had no descriptor for a " << frame.size() << "-byte frame";
}

std::vector<Bytes> DriverTest::read_all()
{
	std::vector<Bytes> out;
	Bytes buf(65536);
	for (;;) {
		const int n = sock_recv(sk, buf.data(), uint32_t(buf.size()), nullptr);
		if (n < 0)
			break;
		out.emplace_back(buf.begin(), buf.begin() + n);
	}
	return out;
}

uint32_t DriverTest::rdt_expected() const
{
	const e1000_rx_ring &r = adapter->rx_ring;
	return (r.next_to_use + r.count - 1) % r.count;
}
