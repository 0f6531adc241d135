/* Landlock: read/execute everywhere, write only beneath the writable roots. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "landlock_compat.h"
#include "sandbox.h"

/* Devices a build or test run routinely opens for writing, even in read-only mode. */
static const char *const WRITABLE_DEVICES[] = {
    "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom",
    "/dev/tty",  "/dev/ptmx", "/dev/pts",  NULL,
};

int landlock_abi(void) {
  long abi = syscall(__NR_landlock_create_ruleset, NULL, 0, CLS_CREATE_RULESET_VERSION);
  return abi < 0 ? 0 : (int)abi;
}

static unsigned long long handled_fs_for_abi(int abi) {
  /* IOCTL_DEV (ABI 5) is deliberately not handled: terminal ioctls must keep working. */
  unsigned long long rights = (1ULL << 13) - 1; /* EXECUTE .. MAKE_SYM */
  if (abi >= 2) rights |= CLS_FS_REFER;
  if (abi >= 3) rights |= CLS_FS_TRUNCATE;
  return rights;
}

/* Adds a path-beneath rule; a missing path is skipped because it cannot be written anyway. */
static void add_rule(int ruleset, const char *path, unsigned long long rights, int required) {
  int fd = open(path, O_PATH | O_CLOEXEC);
  if (fd < 0) {
    if (required) die("cannot open writable root %s: %s", path, strerror(errno));
    return;
  }
  struct stat st;
  if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode)) rights &= ~CLS_FS_DIR_ONLY;
  struct cls_path_beneath_attr attr = {.allowed_access = rights, .parent_fd = fd};
  if (syscall(__NR_landlock_add_rule, ruleset, CLS_RULE_PATH_BENEATH, &attr, 0) != 0) {
    int err = errno;
    close(fd);
    die("landlock_add_rule(%s) failed: %s", path, strerror(err));
  }
  close(fd);
}

void apply_landlock(int abi, const struct sandbox_policy *policy) {
  unsigned long long fs_all = handled_fs_for_abi(abi);
  struct cls_ruleset_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.handled_access_fs = fs_all;
  size_t attr_size = sizeof(uint64_t);
  if (abi >= 4) {
    attr_size = 2 * sizeof(uint64_t);
    /* Handling a right without granting it anywhere denies it. */
    if (!policy->network) attr.handled_access_net = CLS_NET_BIND_TCP | CLS_NET_CONNECT_TCP;
  }
  if (abi >= 6) {
    attr_size = sizeof attr;
    attr.scoped = CLS_SCOPE_SIGNAL;
    if (!policy->network) attr.scoped |= CLS_SCOPE_ABSTRACT_UNIX_SOCKET;
  }

  int ruleset = (int)syscall(__NR_landlock_create_ruleset, &attr, attr_size, 0);
  if (ruleset < 0) die("landlock_create_ruleset failed (ABI %d): %s", abi, strerror(errno));

  add_rule(ruleset, "/", CLS_FS_READ_FILE | CLS_FS_READ_DIR | CLS_FS_EXECUTE, 1);
  unsigned long long dev_rights = CLS_FS_READ_FILE | CLS_FS_WRITE_FILE;
  if (abi >= 3) dev_rights |= CLS_FS_TRUNCATE;
  for (int i = 0; WRITABLE_DEVICES[i]; i++) add_rule(ruleset, WRITABLE_DEVICES[i], dev_rights, 0);
  for (int i = 0; i < policy->n_roots; i++) add_rule(ruleset, policy->roots[i], fs_all, 1);

  if (syscall(__NR_landlock_restrict_self, ruleset, 0) != 0)
    die("landlock_restrict_self failed: %s", strerror(errno));
  close(ruleset);
}
