/*
 * Unit tests of kernel/lib/time.c against known dates and the host's
 * gmtime_r, plus round trips and invalid dates; and the conversion of
 * user-given durations: Linux's validity rules, saturation at the edges.
 */
#include <errno.h>
#include <stdint.h>
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

/* Durations: Linux's validity rules, and saturation instead of wrapping. */
HTEST(time, timespec_to_ns)
{
	uint64_t ns = 7;

	HCHECK(time_ts_to_ns(0, 0, &ns) == 0 && ns == 0);
	HCHECK(time_ts_to_ns(1, 500, &ns) == 0 && ns == 1000000500ull);
	HCHECK(time_ts_to_ns(0, 999999999, &ns) == 0 && ns == 999999999ull);
	/* The largest second count below the cap still converts exactly. */
	HCHECK(time_ts_to_ns(9223372035, 999999999, &ns) == 0 && ns == 9223372035999999999ull);
	HCHECK(time_ts_to_ns(9223372036, 0, &ns) == 0 && ns == TIME_NS_MAX);
	HCHECK(time_ts_to_ns(INT64_MAX, 0, &ns) == 0 && ns == TIME_NS_MAX);
	HCHECK(time_ts_to_ns(INT64_MAX, 999999999, &ns) == 0 && ns == TIME_NS_MAX);
	HCHECK(time_ts_to_ns((int64_t)1 << 62, 1, &ns) == 0 && ns == TIME_NS_MAX);
	ns = 7;
	HCHECK(time_ts_to_ns(-1, 0, &ns) == -EINVAL && ns == 7);
	HCHECK(time_ts_to_ns(INT64_MIN, 0, &ns) == -EINVAL);
	HCHECK(time_ts_to_ns(0, -1, &ns) == -EINVAL);
	HCHECK(time_ts_to_ns(0, 1000000000, &ns) == -EINVAL);
	HCHECK(time_ts_to_ns(0, INT64_MAX, &ns) == -EINVAL);
	HCHECK(time_ts_to_ns(0, INT64_MIN, &ns) == -EINVAL);
	HCHECK(time_ts_to_ns(INT64_MAX, INT64_MAX, &ns) == -EINVAL && ns == 7);
}

HTEST(time, timeval_to_ns)
{
	uint64_t ns = 7;

	HCHECK(time_tv_to_ns(0, 0, &ns) == 0 && ns == 0);
	HCHECK(time_tv_to_ns(2, 999999, &ns) == 0 && ns == 2999999000ull);
	HCHECK(time_tv_to_ns(INT64_MAX, 999999, &ns) == 0 && ns == TIME_NS_MAX);
	HCHECK(time_tv_to_ns(9223372035, 999999, &ns) == 0 && ns == 9223372035999999000ull);
	ns = 7;
	HCHECK(time_tv_to_ns(0, 1000000, &ns) == -EINVAL && ns == 7);
	HCHECK(time_tv_to_ns(0, -1, &ns) == -EINVAL);
	HCHECK(time_tv_to_ns(-1, 0, &ns) == -EINVAL);
	HCHECK(time_tv_to_ns(1, INT64_MAX, &ns) == -EINVAL && ns == 7);
}

HTEST(time, ms_to_ns)
{
	HCHECK(time_ms_to_ns(0) == 0);
	HCHECK(time_ms_to_ns(1) == 1000000);
	HCHECK(time_ms_to_ns(INT32_MAX) == 2147483647000000ull);
	HCHECK(time_ms_to_ns(TIME_NS_MAX / 1000000 - 1) == (TIME_NS_MAX / 1000000 - 1) * 1000000);
	HCHECK(time_ms_to_ns(TIME_NS_MAX / 1000000) == TIME_NS_MAX);
	HCHECK(time_ms_to_ns(UINT64_MAX) == TIME_NS_MAX);
}

/* now + a duration never wraps into the past, whatever the two are. */
HTEST(time, deadline_saturates)
{
	uint64_t now = 123456789;

	HCHECK(time_deadline(now, 0) == now);
	HCHECK(time_deadline(now, 1000) == now + 1000);
	HCHECK(time_deadline(now, TIME_NS_MAX) == TIME_NS_MAX);
	HCHECK(time_deadline(now, TIME_NS_MAX - now) == TIME_NS_MAX);
	HCHECK(time_deadline(now, TIME_NS_MAX - now - 1) == TIME_NS_MAX - 1);
	HCHECK(time_deadline(now, UINT64_MAX) == TIME_NS_MAX);
	HCHECK(time_deadline(TIME_NS_MAX - 1, 5) == TIME_NS_MAX);
	HCHECK(time_deadline(TIME_NS_MAX, 0) == TIME_NS_MAX);
	HCHECK(time_deadline(UINT64_MAX, UINT64_MAX) == TIME_NS_MAX);
	HCHECK(time_left(TIME_NS_MAX, now) == TIME_NS_MAX - now);
	HCHECK(time_left(now, now) == 0);
	HCHECK(time_left(now, now + 1) == 0);
	HCHECK(time_left(now + 5, now) == 5);
}
