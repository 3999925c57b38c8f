/* pit.h: 8254 timer ports and input frequency (pit.c, tsc.c). */
#ifndef X86_64_PIT_H
#define X86_64_PIT_H

#define PIT_HZ 1193182
#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61 /* bit 0: channel 2 gate, bit 1: speaker, bit 5: OUT2 */

#endif
