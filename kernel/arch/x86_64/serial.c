/*
 * serial.c: the COM1 16550 UART at 115200 baud, 8N1.  Output polls the
 * transmitter (kernel messages must get out even with interrupts off);
 * input arrives by the receive interrupt (IRQ 4) and goes to
 * console_input().  Line feeds go out as CR LF, as a terminal expects.
 */
#include <kern/console.h>
#include <kern/irq.h>
#include <kern/kprintf.h>
#include <machine/cpufunc.h>

#include "trap.h"

#define COM1 0x3F8
#define UART_DATA 0
#define UART_IER 1 /* interrupt enable */
#define UART_FCR 2 /* FIFO control */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define TX_SPINS 100000

static int serial_present;

static void serial_putc(char c)
{
	int i;

	for (i = 0; i < TX_SPINS && !(inb(COM1 + UART_LSR) & LSR_THR_EMPTY); i++)
		;
	outb(COM1 + UART_DATA, c);
}

static void serial_write(struct console *c, const char *s, size_t n)
{
	(void)c;
	while (n-- > 0) {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s++);
	}
}

static void serial_write_raw(struct console *c, const char *s, size_t n)
{
	(void)c;
	while (n-- > 0)
		serial_putc(*s++);
}

static struct console serial_console = {
	.c_name = "com1",
	.c_line = CONSOLE_SERIAL,
	.c_write = serial_write,
	.c_write_raw = serial_write_raw,
	.c_cols = 80,
	.c_rows = 24,
};

static void serial_irq(void *arg)
{
	char buf[16];
	size_t n = 0;

	(void)arg;
	while (n < sizeof(buf) && (inb(COM1 + UART_LSR) & LSR_DATA_READY))
		buf[n++] = inb(COM1 + UART_DATA);
	console_input(CONSOLE_SERIAL, buf, n);
}

void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x80); /* divisor latch */
	outb(COM1 + UART_DATA, 1);   /* 115200 / 1 */
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, 0x03); /* 8N1 */
	outb(COM1 + UART_FCR, 0xC7); /* FIFOs on, cleared, 14-byte threshold */
	outb(COM1 + UART_MCR, 0x1E); /* loopback, to test the chip */
	outb(COM1 + UART_DATA, 0xAE);
	if (inb(COM1 + UART_DATA) != 0xAE)
		return;
	outb(COM1 + UART_MCR, 0x0B); /* DTR, RTS, OUT2 (routes the IRQ) */
	serial_present = 1;
	console_register(&serial_console);
}

void serial_enable_irq(void)
{
	if (!serial_present)
		return;
	if (irq_register(4, 0, serial_irq, NULL, "serial") != 0) {
		kprintf("serial: IRQ 4 taken, no serial input\n");
		return;
	}
	outb(COM1 + UART_IER, 0x01); /* received-data interrupt */
}
