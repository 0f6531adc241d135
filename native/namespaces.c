/*
 * Read-only protection of .git/.codex/.agents inside writable roots.
 *
 * Landlock can only add rights beneath a directory, never take them away from
 * a subtree, so the protected directories are bind-mounted read-only onto
 * themselves inside a private mount namespace. An unprivileged user needs a
 * user namespace for that; the uid/gid maps keep the caller's own ids so file
 * ownership looks unchanged to the command.
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
static int enter_mount_namespace(void) {
  uid_t uid = getuid();
  gid_t gid = getgid();
  if (unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0) {
    char map[64];
    if (write_file("/proc/self/setgroups", "deny") != 0 && errno != ENOENT) return -1;
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)uid, (unsigned)uid);
    if (write_file("/proc/self/uid_map", map) != 0) return -1;
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)gid, (unsigned)gid);
    if (write_file("/proc/self/gid_map", map) != 0) return -1;
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
  return flags;
}

static int bind_read_only(const char *path) {
  if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) != 0) return -1;
  return mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags(path), NULL);
}

int protect_paths(const struct sandbox_policy *policy) {
  char targets[MAX_PATHS * 4][PATH_MAX];
  int n = 0;
  for (int r = 0; r < policy->n_roots; r++) {
    for (int i = 0; i < policy->n_protect && n < MAX_PATHS * 4; i++) {
      char joined[PATH_MAX];
      struct stat st;
      if (snprintf(joined, sizeof joined, "%s/%s", policy->roots[r], policy->protect_names[i]) >=
          (int)sizeof joined)
        continue;
      /* Only what exists now can be bind-mounted; see docs/sandbox.md for missing names. */
      if (lstat(joined, &st) != 0) continue;
      if (!realpath(joined, targets[n])) continue;
      n++;
    }
  }
  if (n == 0) return 0;

  const char *step = "create a user namespace";
  if (!policy->use_namespaces) {
    errno = EPERM;
    step = "use namespaces (disabled by --no-namespaces)";
    goto unavailable;
  }
  if (enter_mount_namespace() != 0) goto unavailable;
  step = "make mounts private";
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) goto unavailable;
  for (int i = 0; i < n; i++) {
    step = "bind-mount a protected path read-only";
    if (bind_read_only(targets[i]) != 0) goto unavailable;
  }
  return 0;

unavailable:
  warn("warning: cannot %s (%s); .git, .codex and .agents inside the writable roots are NOT "
       "write-protected for this command",
       step, strerror(errno));
  return -1;
}

int userns_available(void) {
  pid_t pid = fork();
  if (pid < 0) return 0;
  if (pid == 0) _exit(enter_mount_namespace() == 0 ? 0 : 1);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return 0;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}
