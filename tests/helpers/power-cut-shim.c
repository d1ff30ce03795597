/*
 * Power-cut recorder (tests/db/power-cut.test.ts). Preloaded into a writer process with LD_PRELOAD, it
 * passes every call through and appends to the log named by POWERCUT_LOG one record for each write,
 * truncate and successful sync of the database file named by POWERCUT_DB or of its "-wal" file:
 *   'W' file(1) offset(8) length(8) bytes...   a write that reached the operating system
 *   'T' file(1) length(8) 0(8)                  a truncate
 *   'S' file(1) 0(8) 0(8)                       an fsync/fdatasync that returned 0
 * file is 0 for the database, 1 for the WAL. Each record is one write(2) on an O_APPEND log, so a process
 * killed at any moment leaves whole records (a torn last record is ignored by the reader).
 * The test replays the log: a write survives the simulated power cut only if a later sync of the same file
 * returned, which is what a disk honouring fsync guarantees and all it guarantees.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static int log_fd = -2;
static char db_path[4096];
static char wal_path[4100];

static void init(void) {
  if (log_fd != -2) return;
  log_fd = -1;
  const char *log = getenv("POWERCUT_LOG");
  const char *db = getenv("POWERCUT_DB");
  if (!log || !db) return;
  snprintf(db_path, sizeof db_path, "%s", db);
  snprintf(wal_path, sizeof wal_path, "%s-wal", db);
  log_fd = (int)syscall(SYS_openat, AT_FDCWD, log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

/* 0 = database, 1 = WAL, -1 = any other file. */
static int which(int fd) {
  init();
  if (log_fd < 0) return -1;
  char link[64], target[4200];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, target, sizeof target - 1);
  if (n <= 0) return -1;
  target[n] = 0;
  if (strcmp(target, db_path) == 0) return 0;
  if (strcmp(target, wal_path) == 0) return 1;
  return -1;
}

static void record(char op, int file, int64_t a, int64_t b, const void *data, size_t len) {
  unsigned char head[18];
  head[0] = (unsigned char)op;
  head[1] = (unsigned char)file;
  memcpy(head + 2, &a, 8);
  memcpy(head + 10, &b, 8);
  struct iovec v[2] = {{head, sizeof head}, {(void *)data, len}};
  syscall(SYS_writev, log_fd, v, len ? 2 : 1);
}

typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef int (*truncate_fn)(int, off_t);
typedef int (*sync_fn)(int);
#define REAL(name, type) \
  static type real_##name; \
  if (!real_##name) real_##name = (type)dlsym(RTLD_NEXT, #name)

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
  REAL(pwrite64, pwrite_fn);
  ssize_t r = real_pwrite64(fd, buf, count, offset);
  int f = r > 0 ? which(fd) : -1;
  if (f >= 0) record('W', f, offset, r, buf, (size_t)r);
  return r;
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
  REAL(pwrite, pwrite_fn);
  ssize_t r = real_pwrite(fd, buf, count, offset);
  int f = r > 0 ? which(fd) : -1;
  if (f >= 0) record('W', f, offset, r, buf, (size_t)r);
  return r;
}

ssize_t write(int fd, const void *buf, size_t count) {
  REAL(write, write_fn);
  int f = which(fd);
  off_t at = f >= 0 ? lseek(fd, 0, SEEK_CUR) : 0;
  ssize_t r = real_write(fd, buf, count);
  if (f >= 0 && r > 0) record('W', f, at, r, buf, (size_t)r);
  return r;
}

int ftruncate64(int fd, off_t length) {
  REAL(ftruncate64, truncate_fn);
  int r = real_ftruncate64(fd, length);
  int f = r == 0 ? which(fd) : -1;
  if (f >= 0) record('T', f, length, 0, NULL, 0);
  return r;
}

int ftruncate(int fd, off_t length) {
  REAL(ftruncate, truncate_fn);
  int r = real_ftruncate(fd, length);
  int f = r == 0 ? which(fd) : -1;
  if (f >= 0) record('T', f, length, 0, NULL, 0);
  return r;
}

int fsync(int fd) {
  REAL(fsync, sync_fn);
  int r = real_fsync(fd);
  int f = r == 0 ? which(fd) : -1;
  if (f >= 0) record('S', f, 0, 0, NULL, 0);
  return r;
}

int fdatasync(int fd) {
  REAL(fdatasync, sync_fn);
  int r = real_fdatasync(fd);
  int f = r == 0 ? which(fd) : -1;
  if (f >= 0) record('S', f, 0, 0, NULL, 0);
  return r;
}
