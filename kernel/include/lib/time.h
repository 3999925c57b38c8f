/*
 * time.h: calendar conversions for the kernel (kernel/lib/time.c): the
 * RTC's broken-down UTC time to seconds since the epoch and back, in the
 * proleptic Gregorian calendar, with no floating point.
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

#endif
