/*
 * e1000_ring.c: the 8254x descriptor rings, the pure half of the e1000
 * driver (dev/e1000.h explains the rings and who owns which descriptor).
 * Nothing here touches a register: the driver writes the RDT and TDT
 * values these return.  The host tests run this file against a fake
 * device (tests/host/test_e1000.c).
 *
 * What the device writes is bounded here: a received length is believed
 * only up to the buffer size and the frame limit, a frame that did not
 * fit one buffer is dropped whole (every descriptor up to the one with
 * EOP), and transmit completions are looked for only between er_clean and
 * er_next.
 */
#include <dev/e1000.h>
#include <lib/string.h>
#include <sys/errno.h>

#define ETH_HLEN 14

static volatile struct e1000_rx_desc *rxd(struct e1000_ring *r, unsigned i)
{
	return (volatile struct e1000_rx_desc *)r->er_desc + i;
}

static volatile struct e1000_tx_desc *txd(struct e1000_ring *r, unsigned i)
{
	return (volatile struct e1000_tx_desc *)r->er_desc + i;
}

/*
 * Judge descriptor d (DD set): the frame's length if it is to be handed
 * on, 0 if it is dropped.  A frame spread over buffers (no EOP) sets
 * er_discarding until its last piece has gone too.
 */
static size_t rx_judge(struct e1000_ring *r, uint8_t status, uint8_t errors, uint16_t len)
{
	if (!(status & E1000_RXD_EOP)) {
		if (!r->er_discarding)
			r->er_dropped++;
		r->er_discarding = true;
		return 0;
	}
	if (r->er_discarding) {
		r->er_discarding = false; /* the last piece of a dropped frame */
		return 0;
	}
	if ((errors & E1000_RXE_FRAME) || len < ETH_HLEN || len > E1000_BUF_SIZE ||
	    len > NETDEV_FRAME_MAX) {
		r->er_dropped++;
		return 0;
	}
	return len;
}

size_t e1000_rx_pull(struct e1000_ring *r, void *frame, unsigned *rdt)
{
	volatile struct e1000_rx_desc *d;
	unsigned n;
	uint8_t status, errors;
	uint16_t len;
	size_t got;

	for (n = 0; n < r->er_size; n++) {
		d = rxd(r, r->er_next);
		status = d->rd_status;
		if (!(status & E1000_RXD_DD))
			return 0;
		/* The rest of the descriptor and the buffer only after DD. */
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		len = d->rd_len;
		errors = d->rd_errors;
		got = rx_judge(r, status, errors, len);
		if (got != 0)
			memcpy(frame, r->er_buf[r->er_next], got);
		d->rd_status = 0;
		d->rd_len = 0;
		d->rd_errors = 0;
		*rdt = r->er_next;
		r->er_next = (r->er_next + 1) & (r->er_size - 1);
		if (got != 0)
			return got;
	}
	return 0;
}

unsigned e1000_tx_inflight(const struct e1000_ring *r)
{
	return (r->er_next - r->er_clean) & (r->er_size - 1);
}

/* Take back every descriptor the device has finished, oldest first. */
static void tx_reap(struct e1000_ring *r)
{
	while (r->er_clean != r->er_next && (txd(r, r->er_clean)->td_status & E1000_TXD_DD)) {
		txd(r, r->er_clean)->td_status = 0;
		r->er_clean = (r->er_clean + 1) & (r->er_size - 1);
	}
}

int e1000_tx_put(struct e1000_ring *r, const struct netdev_seg *segs, unsigned nsegs,
		 unsigned *tdt)
{
	volatile struct e1000_tx_desc *d;
	uint8_t *buf = r->er_buf[r->er_next];
	size_t off = 0;
	unsigned i;

	for (i = 0; i < nsegs; i++) {
		if (segs[i].ns_len > NETDEV_FRAME_MAX - off)
			return -EINVAL; /* the stack's bug, never the device's */
		off += segs[i].ns_len;
	}
	if (off == 0)
		return -EINVAL;
	tx_reap(r);
	if (e1000_tx_inflight(r) == r->er_size - 1)
		return -EAGAIN;
	for (i = 0, off = 0; i < nsegs; i++) {
		memcpy(buf + off, segs[i].ns_data, segs[i].ns_len);
		off += segs[i].ns_len;
	}
	d = txd(r, r->er_next);
	d->td_len = (uint16_t)off;
	d->td_cso = 0;
	d->td_css = 0;
	d->td_special = 0;
	d->td_status = 0;
	d->td_cmd = E1000_TXD_EOP | E1000_TXD_IFCS | E1000_TXD_RS;
	/* The buffer and descriptor must be in memory before the device sees the new TDT. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r->er_next = (r->er_next + 1) & (r->er_size - 1);
	*tdt = r->er_next;
	return 0;
}

bool e1000_mac_usable(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return !(mac[0] & 1) && memcmp(mac, zero, 6) != 0;
}

bool e1000_eeprom_mac(const uint16_t *words, uint8_t mac[6])
{
	uint16_t sum = 0;
	unsigned i;

	for (i = 0; i < 64; i++)
		sum = (uint16_t)(sum + words[i]);
	if (sum != 0xBABA)
		return false;
	for (i = 0; i < 3; i++) {
		mac[2 * i] = (uint8_t)words[i];
		mac[2 * i + 1] = (uint8_t)(words[i] >> 8);
	}
	return e1000_mac_usable(mac);
}
