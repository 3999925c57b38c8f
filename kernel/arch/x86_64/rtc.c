/*
 * rtc.c: read the CMOS real-time clock once at boot.  The RTC may be in
 * BCD or binary and in 12- or 24-hour mode (status register B says); an
 * update can be in progress, so the time is read until two consecutive
 * reads agree.  The RTC is assumed to hold UTC (QEMU's default).
 */
#include <arch/arch.h>
#include <lib/time.h>
#include <machine/cpufunc.h>

#define CMOS_ADDR 0x70
#define CMOS_DATA 0x71
#define CMOS_NMI_OFF 0x80
#define RTC_MAX_TRIES 1000

enum { RTC_SEC = 0x00, RTC_MIN = 0x02, RTC_HOUR = 0x04, RTC_DAY = 0x07, RTC_MONTH = 0x08,
       RTC_YEAR = 0x09, RTC_STATUS_A = 0x0A, RTC_STATUS_B = 0x0B, RTC_CENTURY = 0x32 };

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_ADDR, CMOS_NMI_OFF | reg);
	return inb(CMOS_DATA);
}

static void rtc_read_raw(uint8_t v[7])
{
	static const uint8_t regs[7] = { RTC_SEC, RTC_MIN, RTC_HOUR, RTC_DAY,
					 RTC_MONTH, RTC_YEAR, RTC_CENTURY };
	int i;

	/* An update takes under 2 ms; a clock stuck "updating" is read anyway. */
	for (i = 0; i < RTC_MAX_TRIES * 100 && (cmos_read(RTC_STATUS_A) & 0x80); i++)
		;
	for (i = 0; i < 7; i++)
		v[i] = cmos_read(regs[i]);
}

static int rtc_field(uint8_t v, int bcd)
{
	return bcd ? bcd_to_bin(v) : v;
}

int64_t arch_rtc_seconds(void)
{
	uint8_t a[7], b[7];
	struct rtc_time t;
	int tries, bcd, pm, century;
	uint8_t status_b;

	rtc_read_raw(a);
	for (tries = 0; tries < RTC_MAX_TRIES; tries++) {
		rtc_read_raw(b);
		if (__builtin_memcmp(a, b, sizeof(a)) == 0)
			break;
		__builtin_memcpy(a, b, sizeof(a));
	}
	status_b = cmos_read(RTC_STATUS_B);
	bcd = !(status_b & 0x04);
	pm = !(status_b & 0x02) && (a[2] & 0x80);
	t.sec = rtc_field(a[0], bcd);
	t.min = rtc_field(a[1], bcd);
	t.hour = rtc_field(a[2] & 0x7F, bcd);
	t.day = rtc_field(a[3], bcd);
	t.month = rtc_field(a[4], bcd);
	t.year = rtc_field(a[5], bcd);
	century = rtc_field(a[6], bcd);
	if (t.hour < 0 || t.year < 0)
		return -1;
	if (!(status_b & 0x02)) /* 12-hour mode: 12 AM is 0, 12 PM is 12 */
		t.hour = t.hour % 12 + (pm ? 12 : 0);
	t.year += (century >= 19 && century <= 99) ? century * 100 : 2000;
	return time_from_date(&t);
}
