/*
 * Unit tests of kernel/dev/e1000_ring.c against a fake 8254x: receive
 * (frames in order, the one-descriptor gap, wrap-around, a frame spread
 * over buffers, lengths and error bits that must drop a frame, a device
 * that marks every descriptor done), transmit (segments joined, a full
 * ring, completions, frames too long or empty) and the EEPROM's address.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <dev/e1000.h>
#include <sys/errno.h>

#include "htest.h"

#define N 8 /* a small ring: wrap-around comes quickly */

struct fake {
	struct e1000_ring r;
	void *desc;
	uint8_t *bufs[N];
	unsigned head;           /* the device's RDH / TDH */
	unsigned tail;           /* the driver's last RDT / TDT */
	uint8_t frame[NETDEV_FRAME_MAX + 64];
};

static void fake_open(struct fake *f, bool rx)
{
	unsigned i;

	memset(f, 0, sizeof(*f));
	f->desc = calloc(N, 16);
	for (i = 0; i < N; i++)
		f->bufs[i] = calloc(1, E1000_BUF_SIZE);
	f->r = (struct e1000_ring){ .er_desc = f->desc, .er_buf = f->bufs, .er_size = N };
	f->tail = rx ? N - 1 : 0;
}

static void fake_close(struct fake *f)
{
	unsigned i;

	for (i = 0; i < N; i++)
		free(f->bufs[i]);
	free(f->desc);
}

/* The device receives one piece into the next descriptor it owns: false if it owns none. */
static bool dev_rx(struct fake *f, const void *data, uint16_t len, uint8_t status,
		   uint8_t errors)
{
	struct e1000_rx_desc *d = (struct e1000_rx_desc *)f->desc + f->head;

	if (f->head == f->tail)
		return false;
	memcpy(f->bufs[f->head], data, len < E1000_BUF_SIZE ? len : E1000_BUF_SIZE);
	d->rd_len = len;
	d->rd_errors = errors;
	d->rd_status = (uint8_t)(status | E1000_RXD_DD);
	f->head = (f->head + 1) % N;
	return true;
}

static bool dev_rx_frame(struct fake *f, uint8_t fill, uint16_t len)
{
	uint8_t data[E1000_BUF_SIZE];

	memset(data, fill, sizeof(data));
	return dev_rx(f, data, len, E1000_RXD_EOP, 0);
}

static size_t pull(struct fake *f)
{
	return e1000_rx_pull(&f->r, f->frame, &f->tail);
}

HTEST(e1000, rx_frames_in_order)
{
	struct fake f;
	size_t len;

	fake_open(&f, true);
	HCHECK(pull(&f) == 0 && f.tail == N - 1);
	HCHECK(dev_rx_frame(&f, 0xA1, 60));
	HCHECK(dev_rx_frame(&f, 0xA2, 1514));
	len = pull(&f);
	HCHECK(len == 60 && f.frame[0] == 0xA1 && f.frame[59] == 0xA1 && f.tail == 0);
	len = pull(&f);
	HCHECK(len == 1514 && f.frame[1513] == 0xA2 && f.tail == 1);
	HCHECK(pull(&f) == 0 && f.tail == 1);
	fake_close(&f);
}

HTEST(e1000, rx_full_ring_and_wrap)
{
	struct fake f;
	unsigned i, round, got;

	fake_open(&f, true);
	for (round = 0; round < 5; round++) {
		/* The device fills all it owns: N - 1 descriptors, never the driver's one. */
		for (i = 0; dev_rx_frame(&f, (uint8_t)(round * N + i), 100); i++)
			;
		HCHECK(i == N - 1);
		for (got = 0; pull(&f) == 100; got++)
			HCHECK(f.frame[0] == (uint8_t)(round * N + got));
		HCHECK(got == N - 1);
	}
	fake_close(&f);
}

HTEST(e1000, rx_spread_frame_dropped_whole)
{
	struct fake f;
	uint8_t junk[E1000_BUF_SIZE] = { 0 };

	fake_open(&f, true);
	HCHECK(dev_rx(&f, junk, E1000_BUF_SIZE, 0, 0));
	HCHECK(dev_rx(&f, junk, E1000_BUF_SIZE, 0, 0));
	HCHECK(dev_rx(&f, junk, 100, E1000_RXD_EOP, 0)); /* the end of the long frame */
	HCHECK(dev_rx_frame(&f, 0x55, 64));
	HCHECK(pull(&f) == 64 && f.frame[0] == 0x55 && f.tail == 3);
	HCHECK(f.r.er_dropped == 1 && !f.r.er_discarding);
	/* The first pieces arrive before the last: the drop spans calls. */
	HCHECK(dev_rx(&f, junk, E1000_BUF_SIZE, 0, 0));
	HCHECK(pull(&f) == 0 && f.r.er_discarding);
	HCHECK(dev_rx(&f, junk, 80, E1000_RXD_EOP, 0));
	HCHECK(dev_rx_frame(&f, 0x66, 70));
	HCHECK(pull(&f) == 70 && f.frame[0] == 0x66 && f.r.er_dropped == 2);
	fake_close(&f);
}

HTEST(e1000, rx_bad_lengths_and_errors_dropped)
{
	struct fake f;
	uint8_t data[E1000_BUF_SIZE] = { 0 };

	fake_open(&f, true);
	memset(f.frame, 0xEE, sizeof(f.frame));
	HCHECK(dev_rx(&f, data, 65535, E1000_RXD_EOP, 0));  /* past the buffer */
	HCHECK(dev_rx(&f, data, 1515, E1000_RXD_EOP, 0));   /* past the frame limit */
	HCHECK(dev_rx(&f, data, 13, E1000_RXD_EOP, 0));     /* shorter than a header */
	HCHECK(dev_rx(&f, data, 0, E1000_RXD_EOP, 0));
	HCHECK(dev_rx(&f, data, 100, E1000_RXD_EOP, 0x01)); /* CRC error */
	HCHECK(dev_rx(&f, data, 100, E1000_RXD_EOP, 0x80)); /* RX data error */
	HCHECK(dev_rx_frame(&f, 0x77, 1514));
	HCHECK(pull(&f) == 1514 && f.frame[0] == 0x77);
	/* Nothing was written past the frame limit by the dropped ones. */
	HCHECK(f.frame[NETDEV_FRAME_MAX] == 0xEE);
	HCHECK(f.r.er_dropped == 6);
	/* A checksum hint alone (IPE) is not a bad frame: lwIP checks the sum itself. */
	HCHECK(dev_rx(&f, data, 100, E1000_RXD_EOP, 0x40));
	HCHECK(pull(&f) == 100);
	fake_close(&f);
}

HTEST(e1000, rx_lying_device_bounded)
{
	struct fake f;
	struct e1000_rx_desc *d;
	unsigned i;

	fake_open(&f, true);
	/* Every descriptor "done" with a bad length: one call looks at most N. */
	for (i = 0; i < N; i++) {
		d = (struct e1000_rx_desc *)f.desc + i;
		d->rd_status = E1000_RXD_DD | E1000_RXD_EOP;
		d->rd_len = 9000;
	}
	HCHECK(pull(&f) == 0);
	HCHECK(f.r.er_dropped == N);
	HCHECK(pull(&f) == 0 && f.r.er_dropped == N); /* all given back, cleared */
	fake_close(&f);
}

/* The device sends every descriptor up to the driver's TDT. */
static unsigned dev_tx_all(struct fake *f, uint8_t *last, size_t *last_len)
{
	struct e1000_tx_desc *d;
	unsigned n = 0;

	while (f->head != f->tail) {
		d = (struct e1000_tx_desc *)f->desc + f->head;
		if (d->td_cmd != (E1000_TXD_EOP | E1000_TXD_IFCS | E1000_TXD_RS))
			return ~0u;
		*last_len = d->td_len;
		memcpy(last, f->bufs[f->head], d->td_len);
		d->td_status |= E1000_TXD_DD;
		f->head = (f->head + 1) % N;
		n++;
	}
	return n;
}

HTEST(e1000, tx_segments_ring_full_and_reap)
{
	struct fake f;
	uint8_t out[E1000_BUF_SIZE];
	size_t out_len = 0;
	struct netdev_seg segs[2] = { { "0123456789abcd", 14 }, { "payload", 7 } };
	unsigned i;

	fake_open(&f, false);
	HCHECK(e1000_tx_put(&f.r, segs, 2, &f.tail) == 0 && f.tail == 1);
	HCHECK(dev_tx_all(&f, out, &out_len) == 1);
	HCHECK(out_len == 21 && memcmp(out, "0123456789abcdpayload", 21) == 0);
	/* N - 1 in flight at most. */
	for (i = 0; i < N - 1; i++)
		HCHECK(e1000_tx_put(&f.r, segs, 1, &f.tail) == 0);
	HCHECK(e1000_tx_inflight(&f.r) == N - 1);
	HCHECK(e1000_tx_put(&f.r, segs, 1, &f.tail) == -EAGAIN);
	HCHECK(dev_tx_all(&f, out, &out_len) == N - 1);
	HCHECK(e1000_tx_put(&f.r, segs, 1, &f.tail) == 0);
	HCHECK(e1000_tx_inflight(&f.r) == 1);
	fake_close(&f);
}

HTEST(e1000, tx_bad_frames_refused)
{
	static uint8_t big[NETDEV_FRAME_MAX + 1];
	struct fake f;
	struct netdev_seg one = { big, NETDEV_FRAME_MAX + 1 };
	struct netdev_seg two[2] = { { big, 1000 }, { big, NETDEV_FRAME_MAX - 999 } };
	struct netdev_seg max = { big, NETDEV_FRAME_MAX };
	unsigned tdt = 12345;

	fake_open(&f, false);
	HCHECK(e1000_tx_put(&f.r, &one, 1, &tdt) == -EINVAL);
	HCHECK(e1000_tx_put(&f.r, two, 2, &tdt) == -EINVAL);
	HCHECK(e1000_tx_put(&f.r, &max, 0, &tdt) == -EINVAL);
	HCHECK(tdt == 12345 && e1000_tx_inflight(&f.r) == 0);
	HCHECK(e1000_tx_put(&f.r, &max, 1, &tdt) == 0 && tdt == 1);
	fake_close(&f);
}

HTEST(e1000, eeprom_mac)
{
	uint16_t w[64] = { 0x5452, 0x1200, 0x5634 };
	uint8_t mac[6];
	uint16_t sum = 0;
	unsigned i;

	for (i = 0; i < 63; i++)
		sum = (uint16_t)(sum + w[i]);
	w[63] = (uint16_t)(0xBABA - sum);
	HCHECK(e1000_eeprom_mac(w, mac));
	HCHECK(memcmp(mac, "\x52\x54\x00\x12\x34\x56", 6) == 0);
	w[5] ^= 1; /* checksum broken */
	HCHECK(!e1000_eeprom_mac(w, mac));
	w[5] ^= 1;
	w[0] |= 1; /* multicast */
	w[63] = (uint16_t)(w[63] - 1);
	HCHECK(!e1000_eeprom_mac(w, mac));
	HCHECK(!e1000_mac_usable((const uint8_t *)"\0\0\0\0\0\0"));
	HCHECK(e1000_mac_usable((const uint8_t *)"\x02\0\0\0\0\1"));
}
