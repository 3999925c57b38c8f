/*
 * e1000.h: Intel's 8254x gigabit Ethernet family (QEMU's "e1000"), its
 * registers and descriptor rings.  The driver is kernel/dev/e1000.c; the
 * ring logic, which decides what a received descriptor may hand to the
 * stack, is pure code in kernel/dev/e1000_ring.c (also run by the host
 * tests against a fake device).
 *
 * Both rings are arrays of 16-byte "legacy" descriptors in memory the
 * driver allocated, each naming one buffer of E1000_BUF_SIZE bytes.
 *
 * Receive: the device owns the descriptors from RDH up to RDT - 1; it
 * fills one, sets DD (and EOP on the last descriptor of a frame) and
 * moves RDH on.  The driver reads descriptors in order from er_next,
 * copies a good frame out, clears the status and hands the descriptor
 * back by writing its index to RDT, so exactly one descriptor (the one
 * last taken) is always the driver's and a full ring never looks empty.
 *
 * Transmit: the driver fills descriptors at er_next and moves TDT past
 * them; the device sends each, writes DD (RS asks it to) and moves TDH.
 * Descriptors from er_clean up to er_next are in flight; one slot is
 * always left empty so that a full ring differs from an empty one.
 *
 * The device is trusted to DMA only where it was told, but nothing it
 * writes into a descriptor is believed: a length over the buffer or the
 * frame limit, an error bit, a frame spread over several buffers (no EOP
 * on its first) drops the frame, never overruns a copy.  Only the
 * descriptors the driver gave the device are ever looked at.
 *
 * Locking: none here; the driver calls these with net_lock held.
 */
#ifndef DEV_E1000_H
#define DEV_E1000_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <net/netdev.h>

/* Registers (byte offsets into BAR 0), 8254x manual section 13. */
#define E1000_CTRL 0x0000
#define E1000_STATUS 0x0008
#define E1000_EECD 0x0010
#define E1000_EERD 0x0014
#define E1000_ICR 0x00C0
#define E1000_ITR 0x00C4
#define E1000_IMS 0x00D0
#define E1000_IMC 0x00D8
#define E1000_RCTL 0x0100
#define E1000_TCTL 0x0400
#define E1000_TIPG 0x0410
#define E1000_RDBAL 0x2800
#define E1000_RDBAH 0x2804
#define E1000_RDLEN 0x2808
#define E1000_RDH 0x2810
#define E1000_RDT 0x2818
#define E1000_RDTR 0x2820
#define E1000_RADV 0x282C
#define E1000_TDBAL 0x3800
#define E1000_TDBAH 0x3804
#define E1000_TDLEN 0x3808
#define E1000_TDH 0x3810
#define E1000_TDT 0x3818
#define E1000_TIDV 0x3820
#define E1000_MTA 0x5200 /* 128 registers */
#define E1000_RAL0 0x5400
#define E1000_RAH0 0x5404
#define E1000_REGS_LEN 0x20000 /* BAR 0 is 128 KiB on every member */

#define E1000_CTRL_LRST (1u << 3)
#define E1000_CTRL_ASDE (1u << 5)
#define E1000_CTRL_SLU (1u << 6)
#define E1000_CTRL_ILOS (1u << 7)
#define E1000_CTRL_RST (1u << 26)
#define E1000_CTRL_VME (1u << 30)
#define E1000_CTRL_PHY_RST (1u << 31)

#define E1000_STATUS_FD (1u << 0)
#define E1000_STATUS_LU (1u << 1)
#define E1000_STATUS_SPEED(s) (((s) >> 6) & 3) /* 0: 10, 1: 100, 2 and 3: 1000 Mb/s */

#define E1000_ICR_TXDW (1u << 0)
#define E1000_ICR_LSC (1u << 2)
#define E1000_ICR_RXSEQ (1u << 3)
#define E1000_ICR_RXDMT0 (1u << 4)
#define E1000_ICR_RXO (1u << 6)
#define E1000_ICR_RXT0 (1u << 7)

#define E1000_RCTL_EN (1u << 1)
#define E1000_RCTL_BAM (1u << 15)      /* accept broadcast */
#define E1000_RCTL_BSIZE_2048 (0u << 16)
#define E1000_RCTL_SECRC (1u << 26)    /* strip the CRC: lengths are the frame's */

#define E1000_TCTL_EN (1u << 1)
#define E1000_TCTL_PSP (1u << 3)       /* pad short frames to 64 bytes */
#define E1000_TCTL_CT(n) ((uint32_t)(n) << 4)
#define E1000_TCTL_COLD(n) ((uint32_t)(n) << 12)
#define E1000_TIPG_COPPER 0x0060200A   /* IPGT 10, IPGR1 8, IPGR2 6 (manual 13.4.34) */

#define E1000_RAH_AV (1u << 31)

/* Receive descriptor: status and error bits. */
#define E1000_RXD_DD 0x01
#define E1000_RXD_EOP 0x02
/* CE, SE, SEQ, CXE, RXE: the frame itself is bad (IPE/TCPE are checksum hints only). */
#define E1000_RXE_FRAME 0x97

/* Transmit descriptor: command and status bits. */
#define E1000_TXD_EOP 0x01
#define E1000_TXD_IFCS 0x02
#define E1000_TXD_RS 0x08
#define E1000_TXD_DD 0x01

#define E1000_BUF_SIZE 2048 /* RCTL.BSIZE 2048; two buffers to a page */
#define E1000_NRXD 128      /* a ring is a multiple of 8 descriptors (RDLEN % 128 == 0) */
#define E1000_NTXD 64

struct e1000_rx_desc {
	uint64_t rd_addr;
	uint16_t rd_len;
	uint16_t rd_csum;
	uint8_t rd_status;
	uint8_t rd_errors;
	uint16_t rd_special;
};

struct e1000_tx_desc {
	uint64_t td_addr;
	uint16_t td_len;
	uint8_t td_cso;
	uint8_t td_cmd;
	uint8_t td_status;
	uint8_t td_css;
	uint16_t td_special;
};

_Static_assert(sizeof(struct e1000_rx_desc) == 16, "legacy receive descriptor");
_Static_assert(sizeof(struct e1000_tx_desc) == 16, "legacy transmit descriptor");

/* One ring as the driver sees it; er_size is a power of two. */
struct e1000_ring {
	volatile void *er_desc;  /* the descriptors (the device's addresses are set by the driver) */
	uint8_t *const *er_buf;  /* er_buf[i]: descriptor i's buffer, E1000_BUF_SIZE bytes */
	unsigned er_size;
	unsigned er_next;        /* receive: next to look at; transmit: next to fill */
	unsigned er_clean;       /* transmit: oldest still in flight */
	bool er_discarding;      /* receive: inside a frame spread over buffers */
	unsigned long er_dropped; /* receive: frames dropped (errors, lengths, spread) */
};

/*
 * Receive: copy the next good frame into frame (NETDEV_FRAME_MAX bytes)
 * and return its length, or 0 when the device holds no more.  Every
 * descriptor taken, good or dropped, is cleared and given back: *rdt is
 * then the value to write to RDT (unchanged when none was taken).  At
 * most er_size descriptors are looked at per call.
 */
size_t e1000_rx_pull(struct e1000_ring *r, void *frame, unsigned *rdt);
/*
 * Transmit: reap finished descriptors, then copy the frame made of segs
 * into the next buffer and fill its descriptor: 0 and *tdt (the value to
 * write to TDT), -EAGAIN when the ring is full, -EINVAL when the frame is
 * empty or longer than NETDEV_FRAME_MAX.
 */
int e1000_tx_put(struct e1000_ring *r, const struct netdev_seg *segs, unsigned nsegs,
		 unsigned *tdt);
/* Descriptors the driver still waits for the device to send. */
unsigned e1000_tx_inflight(const struct e1000_ring *r);
/*
 * The EEPROM's first 64 words are valid when they sum to 0xBABA (manual
 * 5.6.1); the MAC address is words 0-2, low byte first.  Whether it is
 * valid and a usable (unicast, non-zero) address.
 */
bool e1000_eeprom_mac(const uint16_t *words, uint8_t mac[6]);
/* A usable station address: not multicast, not all zeros. */
bool e1000_mac_usable(const uint8_t mac[6]);

#endif
