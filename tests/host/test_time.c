/*
 * Unit tests of kernel/lib/time.c against known dates and the host's
 * gmtime_r, plus round trips and invalid dates.
 */
#include <time.h>

#include <lib/time.h>

#include "htest.h"

static int64_t secs_of(int y, int mo, int d, int h, int mi, int s)
{
	struct rtc_time t = { y, mo, d, h, mi, s };

	return time_from_date(&t);
}

HTEST(time, known_dates)
{
	HCHECK(secs_of(1970, 1, 1, 0, 0, 0) == 0);
	HCHECK(secs_of(2000, 2, 29, 0, 0, 0) == 951782400);
	HCHECK(secs_of(2026, 12, 31, 23, 59, 59) == 1798761599);
	HCHECK(secs_of(2038, 1, 19, 3, 14, 8) == 2147483648LL);
	HCHECK(secs_of(2100, 3, 1, 0, 0, 0) - secs_of(2100, 2, 28, 0, 0, 0) == 86400);
}

HTEST(time, invalid_dates)
{
	HCHECK(secs_of(2026, 13, 1, 0, 0, 0) == -1);
	HCHECK(secs_of(2026, 0, 1, 0, 0, 0) == -1);
	HCHECK(secs_of(2024, 2, 30, 0, 0, 0) == -1);
	HCHECK(secs_of(2023, 2, 29, 0, 0, 0) == -1);
	HCHECK(secs_of(2100, 2, 29, 0, 0, 0) == -1);
	HCHECK(secs_of(2026, 4, 31, 0, 0, 0) == -1);
	HCHECK(secs_of(2026, 1, 1, 24, 0, 0) == -1);
	HCHECK(secs_of(2026, 1, 1, 0, 60, 0) == -1);
	HCHECK(secs_of(1969, 12, 31, 23, 59, 59) == -1);
}

/* Every ~1.3 days over 1970..2200 agrees with the C library and round-trips. */
HTEST(time, matches_gmtime)
{
	int64_t s;

	for (s = 0; s < 7258118400LL; s += 111111) {
		time_t tt = (time_t)s;
		struct tm tm;
		struct rtc_time t;

		gmtime_r(&tt, &tm);
		time_to_date(s, &t);
		HCHECK(t.year == tm.tm_year + 1900 && t.month == tm.tm_mon + 1 &&
		       t.day == tm.tm_mday && t.hour == tm.tm_hour && t.min == tm.tm_min &&
		       t.sec == tm.tm_sec);
		HCHECK(time_from_date(&t) == s);
	}
}

HTEST(time, bcd)
{
	HCHECK(bcd_to_bin(0x00) == 0);
	HCHECK(bcd_to_bin(0x59) == 59);
	HCHECK(bcd_to_bin(0x99) == 99);
	HCHECK(bcd_to_bin(0x1A) == -1);
	HCHECK(bcd_to_bin(0xA1) == -1);
}
