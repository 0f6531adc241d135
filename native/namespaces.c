/*
 * Filesystem isolation with a private mount namespace, the way bubblewrap does it: every mount
 * becomes read-only, the writable roots are bound back read-write, and .git/.codex/.agents in
 * each root are bound read-only on top.
 *
 * Why mounts and not Landlock alone: Landlock does not cover chmod, chown, utimes or xattrs, and
 * it cannot take rights away from a subtree of a writable root. A read-only mount refuses all of
 * these (EROFS). Each writable root, and each directory between a writable root and another one
 * nested in it, is a mount point inside the namespace, so it cannot be renamed away and replaced
 * (EBUSY); a fresh `.git/hooks` in a replacement workspace is thus impossible.
 *
 * An unprivileged user needs a user namespace for this; the uid/gid maps keep the caller's own
 * ids so file ownership looks unchanged to the command.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"

static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t len = strlen(text);
  ssize_t n = write(fd, text, len);
  int err = errno;
  close(fd);
  errno = err;
  return n == (ssize_t)len ? 0 : -1;
}

/* Enters a new mount namespace in which we may mount; returns 0 or -1 with errno set. */
int enter_mount_namespace(void) {
  uid_t uid = getuid();
  gid_t gid = getgid();
  if (unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0) {
    /* Past this point there is no way back to a degraded run: unmapped, we would own nothing. */
    char map[64];
    if (write_file("/proc/self/setgroups", "deny") != 0 && errno != ENOENT)
      die("cannot write /proc/self/setgroups: %s", strerror(errno));
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)uid, (unsigned)uid);
    if (write_file("/proc/self/uid_map", map) != 0)
      die("cannot write /proc/self/uid_map: %s", strerror(errno));
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)gid, (unsigned)gid);
    if (write_file("/proc/self/gid_map", map) != 0)
      die("cannot write /proc/self/gid_map: %s", strerror(errno));
    return 0;
  }
  /* Containers often forbid user namespaces but still give root CAP_SYS_ADMIN. */
  int err = errno;
  if (geteuid() == 0 && unshare(CLONE_NEWNS) == 0) return 0;
  errno = err;
  return -1;
}

/* Mount flags that a remount inside a user namespace must repeat or it fails with EPERM. */
static unsigned long locked_flags(const char *path) {
  struct statvfs sv;
  unsigned long flags = 0;
  if (statvfs(path, &sv) != 0) return 0;
  if (sv.f_flag & ST_NOSUID) flags |= MS_NOSUID;
  if (sv.f_flag & ST_NODEV) flags |= MS_NODEV;
  if (sv.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
  if (sv.f_flag & ST_NOATIME) flags |= MS_NOATIME;
  if (sv.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (sv.f_flag & ST_RELATIME) flags |= MS_RELATIME;
  /* Neither relatime nor noatime: strictatime, which a locked mount must keep too. */
  if (!(sv.f_flag & (ST_RELATIME | ST_NOATIME))) flags |= MS_STRICTATIME;
  return flags;
}

static int bind_read_only(const char *path) {
  if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) != 0) return -1;
  return mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags(path), NULL);
}

/* Shorter (outer) paths first; equal paths end up next to each other, to be bound once. */
static int by_length(const void *a, const void *b) {
  const char *pa = *(char *const *)a, *pb = *(char *const *)b;
  size_t la = strlen(pa), lb = strlen(pb);
  if (la != lb) return la < lb ? -1 : 1;
  return strcmp(pa, pb);
}

/* The roots, plus every directory strictly between a root and another root that contains it. */
static int pin_points(const struct sandbox_policy *policy, char **pins) {
  int n = 0;
  for (int r = 0; r < policy->n_roots; r++) {
    const char *root = policy->roots[r];
    if (strcmp(root, "/") != 0 && n < MAX_PATHS * 8) pins[n++] = strdup(root);
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", root);
    for (char *slash = strrchr(dir, '/'); slash && slash != dir; slash = strrchr(dir, '/')) {
      *slash = '\0';
      for (int w = 0; w < policy->n_roots; w++) {
        const char *other = policy->roots[w];
        if (strcmp(other, dir) != 0 && strcmp(other, "/") != 0 && path_within(dir, other) &&
            n < MAX_PATHS * 8) {
          pins[n++] = strdup(dir);
          break;
        }
      }
    }
  }
  for (int i = 0; i < n; i++)
    if (!pins[i]) die("out of memory");
  qsort(pins, n, sizeof *pins, by_length);
  return n;
}

static int within_any_root(const struct sandbox_policy *policy, const char *path) {
  for (int r = 0; r < policy->n_roots; r++)
    if (path_within(path, policy->roots[r])) return 1;
  return 0;
}

void isolate_filesystem(struct sandbox_policy *policy) {
  collect_protected_paths(policy);
  /* From here on we are alone in the new namespace: any failure is fatal, never degraded. */
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    die("cannot make mounts private: %s", strerror(errno));

  char **mounts = NULL;
  int n_mounts = read_mount_points(&mounts);

  char *pins[MAX_PATHS * 8];
  int n_pins = pin_points(policy, pins);
  for (int i = 0; i < n_pins; i++) {
    if (i > 0 && strcmp(pins[i], pins[i - 1]) == 0) continue;
    if (mount(pins[i], pins[i], NULL, MS_BIND | MS_REC, NULL) != 0)
      die("cannot bind writable root %s: %s", pins[i], strerror(errno));
  }

  /* Every mount outside the roots becomes read-only. Mounts inside a root were cloned into the
   * root's bind above and keep their own state. */
  for (int i = 0; i < n_mounts; i++) {
    const char *point = mounts[i];
    if (within_any_root(policy, point)) continue;
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags(point);
    if (mount(NULL, point, NULL, flags, NULL) == 0) continue;
    /* A mount we cannot even reach (a private dir of another user, a deleted mount point) cannot
     * be reached by the command either. */
    if (errno == EACCES || errno == ENOENT || errno == ENOTDIR || errno == ELOOP) continue;
    /* EINVAL: the path now leads to no mount root (the mount is hidden under another one). */
    if (errno == EINVAL) continue;
    die("cannot make %s read-only: %s", point, strerror(errno));
  }
  /* Whatever was skipped above: fail closed if anything reachable outside the roots is writable. */
  for (int i = 0; i < n_mounts; i++) {
    struct statvfs sv;
    if (within_any_root(policy, mounts[i]) || statvfs(mounts[i], &sv) != 0) continue;
    if (!(sv.f_flag & ST_RDONLY)) die("%s is still writable after remounting read-only", mounts[i]);
  }

  for (int i = 0; i < policy->n_protected; i++) {
    if (bind_read_only(policy->protected_paths[i]) != 0)
      die("cannot bind %s read-only: %s", policy->protected_paths[i], strerror(errno));
  }
  free_list(mounts, n_mounts);
  for (int i = 0; i < n_pins; i++) free(pins[i]);
}

int userns_available(void) {
  pid_t pid = fork();
  if (pid < 0) return 0;
  if (pid == 0) _exit(enter_mount_namespace() == 0 ? 0 : 1);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return 0;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}
