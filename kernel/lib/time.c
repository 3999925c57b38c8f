/*
 * time.c: time arithmetic (lib/time.h).  Calendar: days are counted from
 * 1970-01-01 with the "days from civil" method: shift the year to start in
 * March so the leap day is the year's last, then count 400-year eras of
 * 146097 days.  Durations: user-given times to ns, saturating at
 * TIME_NS_MAX instead of wrapping.  Pure: also built into the host unit
 * tests (tests/host/test_time.c).
 */
#include <stdbool.h>

#include <lib/time.h>
#include <sys/errno.h>

#define SECS_PER_DAY 86400

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of y-m-d (valid date, y >= 1970). */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t time_from_date(const struct rtc_time *t)
{
	if (t->year < 1970 || t->year > 9999 || t->month < 1 || t->month > 12 || t->day < 1 ||
	    t->day > days_in_month(t->year, t->month) || t->hour < 0 || t->hour > 23 ||
	    t->min < 0 || t->min > 59 || t->sec < 0 || t->sec > 59)
		return -1;
	return days_from_civil(t->year, t->month, t->day) * SECS_PER_DAY + t->hour * 3600 +
	       t->min * 60 + t->sec;
}

void time_to_date(int64_t secs, struct rtc_time *t)
{
	int64_t days = secs / SECS_PER_DAY, rem = secs % SECS_PER_DAY;
	int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;

	t->day = doy - (153 * mp + 2) / 5 + 1;
	t->month = mp < 10 ? mp + 3 : mp - 9;
	t->year = yoe + era * 400 + (t->month <= 2);
	t->hour = rem / 3600;
	t->min = rem / 60 % 60;
	t->sec = rem % 60;
}

int bcd_to_bin(uint8_t v)
{
	if ((v & 0x0F) > 9 || (v >> 4) > 9)
		return -1;
	return (v >> 4) * 10 + (v & 0x0F);
}

/* sec whole seconds plus frac_ns, saturated; sec >= 0, frac_ns < 1e9. */
static uint64_t span_ns(int64_t sec, uint64_t frac_ns)
{
	/* As Linux's timespec64_to_ktime: from TIME_NS_MAX's whole seconds on, the cap. */
	if ((uint64_t)sec >= TIME_NS_MAX / TIME_NS_PER_SEC)
		return TIME_NS_MAX;
	return (uint64_t)sec * TIME_NS_PER_SEC + frac_ns;
}

int time_ts_to_ns(int64_t sec, int64_t nsec, uint64_t *ns)
{
	if (sec < 0 || nsec < 0 || nsec >= (int64_t)TIME_NS_PER_SEC)
		return -EINVAL;
	*ns = span_ns(sec, (uint64_t)nsec);
	return 0;
}

int time_tv_to_ns(int64_t sec, int64_t usec, uint64_t *ns)
{
	if (sec < 0 || usec < 0 || usec >= 1000000)
		return -EINVAL;
	*ns = span_ns(sec, (uint64_t)usec * 1000);
	return 0;
}

uint64_t time_ms_to_ns(uint64_t ms)
{
	return ms >= TIME_NS_MAX / 1000000 ? TIME_NS_MAX : ms * 1000000;
}

uint64_t time_deadline(uint64_t now, uint64_t dur)
{
	if (now >= TIME_NS_MAX || dur >= TIME_NS_MAX - now)
		return TIME_NS_MAX;
	return now + dur;
}

uint64_t time_left(uint64_t deadline, uint64_t now)
{
	return deadline > now ? deadline - now : 0;
}
