/*
 * fsync times per file descriptor, for finding where a commit's time goes (docs/performance.md, 2026-12-04).
 * Not part of any test or of `npm run bench`: a measuring aid, loaded into a bench run with LD_PRELOAD.
 *
 *   gcc -O2 -shared -fPIC -o /tmp/fsync-times.so tests/bench/fsync-times.c -ldl
 *   LD_PRELOAD=/tmp/fsync-times.so npx tsx tests/bench/run.ts sale-commit
 *
 * At exit it prints, for each descriptor fsynced more than 20 times, the mean and quantiles of its last 1,000
 * fsyncs and its pwrite count. Match descriptors to files with `ls -l /proc/<pid>/fd` or strace's openat lines.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define MAX_FD 256
#define MAX_SAMPLES 8192
#define REPORTED 1000

static int (*real_fsync)(int);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static long fsyncs[MAX_FD];
static long *samples[MAX_FD];
static long pwrites[MAX_FD];

static long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

int fsync(int fd) {
  if (!real_fsync) real_fsync = dlsym(RTLD_NEXT, "fsync");
  long t = now_ns();
  int r = real_fsync(fd);
  long d = now_ns() - t;
  if (fd >= 0 && fd < MAX_FD) {
    if (!samples[fd]) samples[fd] = calloc(MAX_SAMPLES, sizeof(long));
    if (samples[fd]) samples[fd][fsyncs[fd] % MAX_SAMPLES] = d;
    fsyncs[fd]++;
  }
  return r;
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
  if (!real_pwrite) real_pwrite = dlsym(RTLD_NEXT, "pwrite64");
  if (fd >= 0 && fd < MAX_FD) pwrites[fd]++;
  return real_pwrite(fd, buf, count, offset);
}

static int by_value(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return x < y ? -1 : x > y;
}

__attribute__((destructor)) static void report(void) {
  for (int fd = 0; fd < MAX_FD; fd++) {
    if (fsyncs[fd] <= 20 || !samples[fd]) continue;
    long kept = fsyncs[fd] < MAX_SAMPLES ? fsyncs[fd] : MAX_SAMPLES;
    long k = kept < REPORTED ? kept : REPORTED;
    long *v = malloc(k * sizeof(long));
    if (!v) continue;
    long sum = 0;
    for (long i = 0; i < k; i++) {
      v[i] = samples[fd][(fsyncs[fd] - k + i) % MAX_SAMPLES];
      sum += v[i];
    }
    qsort(v, k, sizeof(long), by_value);
    fprintf(stderr, "fd %d: %ld fsyncs; last %ld: mean %ld us, p5 %ld, p25 %ld, p50 %ld, p75 %ld us; %ld pwrites\n", fd,
            fsyncs[fd], k, sum / k / 1000, v[k * 5 / 100] / 1000, v[k / 4] / 1000, v[k / 2] / 1000, v[k * 3 / 4] / 1000,
            pwrites[fd]);
    free(v);
  }
}
