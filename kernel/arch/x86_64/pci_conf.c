/*
 * pci_conf.c: PCI configuration space through the PC's port pair
 * (configuration mechanism #1): write the address of a dword to 0xCF8,
 * then read or write it at 0xCFC.  Every PC chipset and both QEMU
 * machines (pc, q35) have it; it reaches the first 256 bytes of each
 * function, which is all the generic PCI code (kernel/dev/pci.c) uses.
 *
 * The two port accesses must not be split by an interrupt handler that
 * also touches configuration space, so each runs with interrupts off.
 * ECAM (memory-mapped configuration, q35's extended space) can replace
 * this file without the generic code noticing.
 */
#include <arch/arch.h>
#include <machine/cpufunc.h>

#define PCI_CONFIG_ADDRESS 0xCF8
#define PCI_CONFIG_DATA 0xCFC
#define PCI_CONFIG_ENABLE 0x80000000u

static uint32_t pci_conf_address(unsigned bus, unsigned slot, unsigned fn, unsigned off)
{
	return PCI_CONFIG_ENABLE | (bus & 0xFF) << 16 | (slot & 0x1F) << 11 | (fn & 7) << 8 |
	       (off & 0xFC);
}

uint32_t arch_pci_conf_read(unsigned bus, unsigned slot, unsigned fn, unsigned off)
{
	unsigned long fl = arch_irq_save();
	uint32_t v;

	outl(PCI_CONFIG_ADDRESS, pci_conf_address(bus, slot, fn, off));
	v = inl(PCI_CONFIG_DATA);
	arch_irq_restore(fl);
	return v;
}

void arch_pci_conf_write(unsigned bus, unsigned slot, unsigned fn, unsigned off, uint32_t v)
{
	unsigned long fl = arch_irq_save();

	outl(PCI_CONFIG_ADDRESS, pci_conf_address(bus, slot, fn, off));
	outl(PCI_CONFIG_DATA, v);
	arch_irq_restore(fl);
}
