/*
 * virtio.h: virtio 1.0 ("modern") devices over PCI: the layout of the
 * vendor capabilities (kernel/dev/virtio_caps.c, pure) and the transport
 * a driver uses (kernel/dev/virtio_pci.c).
 *
 * A modern virtio function describes, with vendor-specific PCI
 * capabilities, where in its memory BARs four register blocks sit: the
 * common configuration (features, status, queues), the notification area
 * (a write there tells the device a queue has work), the ISR status byte
 * (read to learn and acknowledge why it interrupted) and the
 * device-specific configuration.  QEMU's transitional devices (device ids
 * 0x1000-0x103F) have these capabilities too, next to the legacy I/O
 * BAR, which Breenix never uses.
 */
#ifndef DEV_VIRTIO_H
#define DEV_VIRTIO_H

#include <dev/pci.h>
#include <dev/virtqueue.h>
#include <stdbool.h>
#include <stdint.h>

#define VIRTIO_PCI_VENDOR 0x1AF4

/* Capability cfg_type values (4.1.4). */
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG 3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_FAILED 0x80

#define VIRTIO_F_VERSION_1 (1ull << 32)

/* ISR status bits. */
#define VIRTIO_ISR_QUEUE 1
#define VIRTIO_ISR_CONFIG 2

/* The common configuration block (4.1.4.3): offsets. */
#define VIRTIO_COMMON_DFSELECT 0x00
#define VIRTIO_COMMON_DF 0x04
#define VIRTIO_COMMON_GFSELECT 0x08
#define VIRTIO_COMMON_GF 0x0C
#define VIRTIO_COMMON_MSIX 0x10
#define VIRTIO_COMMON_NUMQ 0x12
#define VIRTIO_COMMON_STATUS 0x14
#define VIRTIO_COMMON_CFGGEN 0x15
#define VIRTIO_COMMON_Q_SELECT 0x16
#define VIRTIO_COMMON_Q_SIZE 0x18
#define VIRTIO_COMMON_Q_MSIX 0x1A
#define VIRTIO_COMMON_Q_ENABLE 0x1C
#define VIRTIO_COMMON_Q_NOFF 0x1E
#define VIRTIO_COMMON_Q_DESC 0x20
#define VIRTIO_COMMON_Q_AVAIL 0x28
#define VIRTIO_COMMON_Q_USED 0x30
#define VIRTIO_COMMON_LEN 0x38

/* Where one register block is: a memory BAR, an offset and a length in it. */
struct virtio_region {
	uint8_t vr_bar;
	uint32_t vr_off, vr_len;
	bool vr_found;
};

struct virtio_pci_layout {
	struct virtio_region vl_common, vl_notify, vl_isr, vl_device;
	uint32_t vl_notify_mult;   /* notify_off_multiplier */
};

/*
 * Find the register blocks among the function's capabilities (the first
 * usable one of each type, as the specification asks): every block must
 * lie inside a memory BAR the firmware assigned, and be long enough for
 * what the transport reads.  0, or -ENODEV when the common, notify or ISR
 * block is missing (a legacy-only device).
 */
int virtio_pci_parse_caps(const struct pci_cfg_io *io, const uint8_t *caps, unsigned ncaps,
			  const struct pci_bar *bars, struct virtio_pci_layout *out);

/* A device on the PCI transport (virtio_pci.c). */
#define VIRTIO_PCI_MAX_QUEUES 2 /* virtio-blk uses one, virtio-net two (receive, transmit) */
struct virtio_pci {
	struct pci_dev *vp_pci;
	volatile uint8_t *vp_common;
	volatile uint8_t *vp_isr;
	volatile uint8_t *vp_device;
	uint32_t vp_device_len;
	uint64_t vp_notify_base;   /* bus address of the notification block */
	uint32_t vp_notify_len, vp_notify_mult;
	volatile uint16_t *vp_qnotify[VIRTIO_PCI_MAX_QUEUES]; /* each queue's doorbell */
	uint64_t vp_features;      /* negotiated */
	uint16_t vp_qvector;       /* every queue's MSI-X entry, or VIRTIO_NO_VECTOR (INTx) */
};

#define VIRTIO_NO_VECTOR 0xFFFF

/* Map the register blocks of pd and reset the device: 0 or -ENODEV/-ENOMEM. */
int virtio_pci_open(struct pci_dev *pd, struct virtio_pci *vp);
/*
 * Have every queue signal fn(arg) through MSI-X entry 0 instead of INTx
 * (no configuration-change interrupt); before virtio_pci_setup_queue.
 * 0, or pci_enable_msix's error (the driver then uses pci_irq_attach).
 */
int virtio_pci_use_msix(struct virtio_pci *vp, void (*fn)(void *arg), void *arg);
/* Reset the device: it stops using its queues and forgets their memory. */
void virtio_pci_reset(struct virtio_pci *vp);
void virtio_pci_add_status(struct virtio_pci *vp, uint8_t bits);
/*
 * Accept the device features in want (VIRTIO_F_VERSION_1 is required and
 * added here) and set FEATURES_OK: 0 or -ENODEV.  vp_features has the result.
 */
int virtio_pci_negotiate(struct virtio_pci *vp, uint64_t want);
/*
 * Give queue idx (below VIRTIO_PCI_MAX_QUEUES) to the device with at most
 * max entries: rings and the private array allocated here (physically
 * contiguous), q set up.  0, or -ENODEV (no such queue, or a notify offset
 * outside the block), -ENOMEM.
 */
int virtio_pci_setup_queue(struct virtio_pci *vp, unsigned idx, unsigned max, struct virtq *q);
/* Ring queue idx's doorbell. */
void virtio_pci_notify(struct virtio_pci *vp, unsigned idx);
/* Read (and so acknowledge) the ISR status byte. */
uint8_t virtio_pci_isr(struct virtio_pci *vp);
/* The device-specific configuration at off: 0 past its end. */
uint32_t virtio_pci_config32(struct virtio_pci *vp, unsigned off);
/* A 64-bit field, read again until the configuration generation holds still. */
uint64_t virtio_pci_config64(struct virtio_pci *vp, unsigned off);

#endif
