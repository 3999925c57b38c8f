/* timegm: mktime for UTC, as glibc and the BSDs have it.  The fields may be
 * out of range (tm_mon 14, tm_mday 0, tm_sec -1, ...): they are carried
 * into the others, and *tm is rewritten normalised, with tm_wday and
 * tm_yday, and tm_isdst 0.  A result that time_t cannot hold is -1 with
 * EOVERFLOW. */
#include <errno.h>
#include <time.h>

/* Days from 1970-01-01 to the first of month m (0-11) of year y: the
 * "days from civil" count, with March as the first month of the year. */
static long long
days_from_civil(long long y, int m)
{
	long long era, yoe, doy;
	int mp = (m + 10) % 12;		/* March = 0 */

	if (m < 2)
		y--;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * mp + 2) / 5;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

time_t
timegm(struct tm *tm)
{
	long long year = (long long)tm->tm_year + 1900, days, secs;
	long long mon = tm->tm_mon;
	time_t t;

	year += mon / 12;
	mon %= 12;
	if (mon < 0) {
		mon += 12;
		year--;
	}
	days = days_from_civil(year, (int)mon) + tm->tm_mday - 1;
	secs = days * 86400 + (long long)tm->tm_hour * 3600 +
	       (long long)tm->tm_min * 60 + tm->tm_sec;
	/* The instants whose year tm_year (an int) can still hold. */
	if (secs > 67768036191676799LL || secs < -67768040609740800LL) {
		errno = EOVERFLOW;
		return (time_t)-1;
	}
	t = (time_t)secs;
	if (gmtime_r(&t, tm) == NULL) {
		errno = EOVERFLOW;
		return (time_t)-1;
	}
	return t;
}
