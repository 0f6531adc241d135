/*
 * Which paths are bound read-only: .git/.codex/.agents at the top of each writable root.
 *
 * A name that does not exist yet would be creatable by the command (and, e.g., a planted
 * /tmp/.git/config would run for every git command below /tmp). So a missing name gets an empty
 * directory to mount over ("synthetic"); the supervising parent removes it after the command.
 *
 * Sandboxes run concurrently and share roots such as /tmp. Each one holds a shared flock on every
 * protected directory it mounts over, and a synthetic directory is only removed under an
 * exclusive lock: otherwise removing it would detach the read-only mount in another sandbox still
 * running (rmdir detaches mounts in every namespace). Synthetic directories have mode 0555 (the
 * command cannot chmod them: they are read-only mounts), so whichever sandbox finishes last
 * removes them, even if another one created them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox.h"

#define SYNTHETIC_MODE 0555

static void add_path(char **list, int *n, const char *path) {
  if (*n >= MAX_PATHS * 4) die("too many protected paths");
  list[*n] = strdup(path);
  if (!list[*n]) die("out of memory");
  (*n)++;
}

/* The deepest root holding the cwd: the workspace, where `git init` may create a fresh .git. */
static const char *workspace_root(const struct sandbox_policy *policy) {
  char cwd[PATH_MAX];
  const char *best = NULL;
  if (!policy->cwd || !realpath(policy->cwd, cwd)) return NULL;
  for (int r = 0; r < policy->n_roots; r++)
    if (path_within(cwd, policy->roots[r]) && (!best || strlen(policy->roots[r]) > strlen(best)))
      best = policy->roots[r];
  return best;
}

/* Opens and share-locks the directory at path, checking it is still the one at path afterwards
 * (another helper may have removed it meanwhile). Returns the fd, or -1 with errno. */
static int lock_dir(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat held, now;
  while (flock(fd, LOCK_SH) != 0) {
    if (errno != EINTR) {
      close(fd);
      return -1;
    }
  }
  if (fstat(fd, &held) != 0 || lstat(path, &now) != 0 || held.st_ino != now.st_ino ||
      held.st_dev != now.st_dev) {
    close(fd);
    errno = EAGAIN;
    return -1;
  }
  return fd;
}

static void protect_one(struct sandbox_policy *policy, const char *path, int may_create) {
  for (int attempt = 0; attempt < 5; attempt++) {
    int fd = lock_dir(path);
    if (fd >= 0) {
      if (policy->n_locks >= MAX_PATHS * 4) die("too many protected paths");
      policy->lock_fds[policy->n_locks] = fd;
      policy->lock_paths[policy->n_locks] = strdup(path);
      if (!policy->lock_paths[policy->n_locks++]) die("out of memory");
      return;
    }
    /* A file (a worktree's `.git: gitdir ...`) or a symlink: never removed, no lock needed. */
    if (errno == ENOTDIR || errno == ELOOP) return;
    if (errno == EAGAIN) continue;
    if (errno != ENOENT || !may_create) return;
    /* If we may not create it, neither may the command: it has fewer privileges. */
    if (mkdir(path, SYNTHETIC_MODE) != 0) {
      if (errno == EEXIST) continue;
      return;
    }
    chmod(path, SYNTHETIC_MODE); /* whatever the umask */
  }
  die("cannot lock protected directory %s: it keeps changing", path);
}

void lock_protected_dirs(struct sandbox_policy *policy) {
  const char *workspace = workspace_root(policy);
  for (int r = 0; r < policy->n_roots; r++) {
    for (int i = 0; i < policy->n_protect; i++) {
      char joined[PATH_MAX];
      int at_slash = strcmp(policy->roots[r], "/") == 0;
      if (snprintf(joined, sizeof joined, "%s/%s", at_slash ? "" : policy->roots[r],
                   policy->protect_names[i]) >= (int)sizeof joined)
        continue;
      /* Deliberate (docs/sandbox.md): a workspace without a repository may `git init`. With `/`
       * writable (legacy disk-full-write-access) nothing is created at the top of the disk. */
      int may_create =
          !at_slash &&
          !(policy->roots[r] == workspace && strcmp(policy->protect_names[i], ".git") == 0);
      protect_one(policy, joined, may_create);
    }
  }
}

void collect_protected_paths(struct sandbox_policy *policy) {
  for (int r = 0; r < policy->n_roots; r++) {
    for (int i = 0; i < policy->n_protect; i++) {
      char joined[PATH_MAX], resolved[PATH_MAX];
      struct stat st;
      if (snprintf(joined, sizeof joined, "%s/%s", policy->roots[r], policy->protect_names[i]) >=
              (int)sizeof joined ||
          lstat(joined, &st) != 0 || !realpath(joined, resolved))
        continue;
      add_path(policy->protected_paths, &policy->n_protected, resolved);
    }
  }
}

void remove_synthetic(const struct sandbox_policy *policy) {
  /* Our own shared locks go first; an exclusive lock then means no other sandbox uses the dir. */
  for (int i = 0; i < policy->n_locks; i++) close(policy->lock_fds[i]);
  for (int i = 0; i < policy->n_locks; i++) {
    const char *path = policy->lock_paths[i];
    struct stat st;
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) continue;
    /* rmdir leaves it alone if anyone put something inside. */
    if (fstat(fd, &st) == 0 && (st.st_mode & 07777) == SYNTHETIC_MODE &&
        flock(fd, LOCK_EX | LOCK_NB) == 0)
      rmdir(path);
    close(fd);
  }
}
