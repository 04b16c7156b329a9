/*
 * Test machinery: shifts the system clock a process sees by LIANDONG_CLOCK_OFFSET_MS
 * milliseconds (negative: slow), for tests that run a real node whose PC clock is wrong.
 * Injected with LD_PRELOAD (Sources/LiandongTesting/ClockSkew.swift compiles it). It shifts the
 * wall clock only (CLOCK_REALTIME and its coarse variant, gettimeofday, time): the monotonic
 * clock stays true, as on a PC whose clock was set wrong. SQLite's 'now' (gettimeofday in its
 * unix VFS) and the node's own clock reading (clock_gettime) both see the shifted time.
 *
 * libfaketime does the same, but under it a Swift program's CommandLine.arguments come out
 * empty, so it cannot run `liandong`.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

static long long offset_ms(void) {
    static volatile int loaded;
    static long long offset;
    if (!loaded) {
        const char *value = getenv("LIANDONG_CLOCK_OFFSET_MS");
        offset = value ? atoll(value) : 0;
        loaded = 1;
    }
    return offset;
}

static void shift(struct timespec *ts) {
    long long ns = (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec + offset_ms() * 1000000LL;
    ts->tv_sec = (time_t)(ns / 1000000000LL);
    ts->tv_nsec = (long)(ns % 1000000000LL);
    if (ts->tv_nsec < 0) {
        ts->tv_nsec += 1000000000L;
        ts->tv_sec -= 1;
    }
}

int clock_gettime(clockid_t id, struct timespec *ts) {
    static int (*real)(clockid_t, struct timespec *);
    if (!real) real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
    int result = real(id, ts);
    if (result == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)) shift(ts);
    return result;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
    static int (*real)(struct timeval *restrict, void *restrict);
    if (!real) real = (int (*)(struct timeval *restrict, void *restrict))dlsym(RTLD_NEXT, "gettimeofday");
    int result = real(tv, tz);
    if (result == 0 && tv) {
        struct timespec ts = {tv->tv_sec, tv->tv_usec * 1000L};
        shift(&ts);
        tv->tv_sec = ts.tv_sec;
        tv->tv_usec = ts.tv_nsec / 1000L;
    }
    return result;
}

time_t time(time_t *out) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (out) *out = ts.tv_sec;
    return ts.tv_sec;
}
