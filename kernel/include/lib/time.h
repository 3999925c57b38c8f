/*
 * time.h: time arithmetic for the kernel (kernel/lib/time.c): calendar
 * conversions (the RTC's broken-down UTC time to seconds since the epoch
 * and back, in the proleptic Gregorian calendar, with no floating point),
 * and the one conversion of user-given durations to nanoseconds.
 *
 * Timeouts saturate, never wrap.  Every timeout user space gives
 * (nanosleep, select, poll, setitimer, alarm, a terminal's VTIME) becomes
 * nanoseconds through time_ts_to_ns, time_tv_to_ns or time_ms_to_ns and a
 * deadline through time_deadline; none multiplies or adds on its own.  A
 * duration is capped at TIME_NS_MAX (Linux's KTIME_MAX, about 292 years),
 * and so is now + duration, which the sleep code then never reaches: "sleep
 * infinity" (tv_sec = INT64_MAX) sleeps instead of returning at once.
 */
#ifndef LIB_TIME_H
#define LIB_TIME_H

#include <stdint.h>

struct rtc_time {
	int year;  /* e.g. 2026 */
	int month; /* 1..12 */
	int day;   /* 1..31 */
	int hour, min, sec;
};

/* Seconds since 1970-01-01 00:00:00 UTC, or -1 if a field is out of range
 * (years 1970..9999). */
int64_t time_from_date(const struct rtc_time *t);
/* The inverse, for secs >= 0. */
void time_to_date(int64_t secs, struct rtc_time *t);
/* One BCD byte (0x59 -> 59), or -1 if a digit is over 9. */
int bcd_to_bin(uint8_t v);

#define TIME_NS_MAX ((uint64_t)INT64_MAX)
#define TIME_NS_PER_SEC 1000000000ull

/*
 * A timespec (seconds, nanoseconds) as a duration in ns, capped at
 * TIME_NS_MAX: 0, or -EINVAL if sec < 0 or nsec is outside [0, 1e9), as
 * Linux's timespec64_valid.
 */
int time_ts_to_ns(int64_t sec, int64_t nsec, uint64_t *ns);
/* The same for a timeval (seconds, microseconds): usec in [0, 1e6). */
int time_tv_to_ns(int64_t sec, int64_t usec, uint64_t *ns);
/* Milliseconds (>= 0) as ns, capped at TIME_NS_MAX. */
uint64_t time_ms_to_ns(uint64_t ms);
/* The deadline dur ns after now: now + dur, capped at TIME_NS_MAX. */
uint64_t time_deadline(uint64_t now, uint64_t dur);
/* What is left until deadline at now (0 once it has passed). */
uint64_t time_left(uint64_t deadline, uint64_t now);

#endif
