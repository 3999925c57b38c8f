/*
 * test_pci.c: the PCI scan as the kernel sees it: the host bridge at
 * 00:00.0, and BARs that are powers of two aligned to their size (what
 * the firmware assigned, decoded by pci_cfg.c).
 */
#include <dev/pci.h>
#include <kern/ktest.h>

KTEST(pci_host_bridge_found)
{
	struct pci_dev *pd = pci_devices();

	KTEST_ASSERT(pd != NULL);
	KTEST_ASSERT(pd->pd_bus == 0 && pd->pd_slot == 0 && pd->pd_fn == 0);
	KTEST_ASSERT(pd->pd_class >> 8 == 0x0600); /* bridge, host */
}

KTEST(pci_bars_sane)
{
	struct pci_dev *pd;
	unsigned i;

	for (pd = pci_devices(); pd != NULL; pd = pd->pd_next) {
		for (i = 0; i < PCI_MAX_BARS; i++) {
			const struct pci_bar *b = &pd->pd_bar[i];

			if (b->pb_kind == PCI_BAR_NONE)
				continue;
			KTEST_ASSERT(b->pb_size != 0 && (b->pb_size & (b->pb_size - 1)) == 0);
			KTEST_ASSERT((b->pb_base & (b->pb_size - 1)) == 0);
		}
	}
}
