/* Capabilities: root must not keep or regain any inside the sandbox. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sandbox.h"

static int last_cap(void) {
  FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
  int cap = 63;
  if (f) {
    if (fscanf(f, "%d", &cap) != 1) cap = 63;
    fclose(f);
  }
  return cap;
}

void drop_privileges(void) {
  int top = last_cap();
  int bounding_left = 0;
  /* An empty bounding set is what stops uid 0 from regaining capabilities at execve. */
  for (int cap = 0; cap <= top; cap++) {
    if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) != 1) continue;
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) bounding_left++;
  }
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  /* Best effort: also make uid 0 ordinary for future execs (needs CAP_SETPCAP). */
  prctl(PR_SET_SECUREBITS,
        SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
            SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED,
        0, 0, 0);

  struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  if (syscall(SYS_capset, &header, data) != 0)
    die("cannot drop capabilities: %s", strerror(errno));

  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    die("cannot set no_new_privs: %s", strerror(errno));

  /* Non-root callers have nothing to regain (no_new_privs blocks setuid/file caps). */
  if (bounding_left > 0 && geteuid() == 0)
    die("running as root but cannot empty the capability bounding set (%d capabilities left; "
        "CAP_SETPCAP missing?); refusing to run a command that could regain them",
        bounding_left);
}
