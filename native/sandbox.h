/* Shared declarations for the codex-linux-sandbox helper. */
#ifndef CODEX_SANDBOX_H
#define CODEX_SANDBOX_H

#include <stddef.h>

/* Exit codes of the helper itself; anything else is the command's own status. */
#define EXIT_SANDBOX_FAILURE 125 /* bad usage, or the policy could not be enforced */
#define EXIT_EXEC_FAILED 126     /* the command exists but could not be executed */
#define EXIT_NOT_FOUND 127       /* the command was not found */

#define MAX_PATHS 64

enum sandbox_mode { MODE_READ_ONLY, MODE_WORKSPACE_WRITE, MODE_FULL };

struct sandbox_policy {
  enum sandbox_mode mode;
  int network;       /* 1: network allowed */
  int use_namespaces; /* 0: never try user/mount namespaces (forced fallback) */
  const char *cwd;
  /* Canonical (realpath) writable roots; missing roots are dropped. */
  char *roots[MAX_PATHS];
  int n_roots;
  const char *protect_names[MAX_PATHS];
  int n_protect;
  /* Canonical root/NAME paths to bind read-only, including synthetic (created) ones. */
  char *protected_paths[MAX_PATHS * 4];
  int n_protected;
  /* Shared flocks on protected dirs, held by the supervising parent while the command runs, so no
   * other helper removes a synthetic dir that this sandbox has mounted over. */
  int lock_fds[MAX_PATHS * 4];
  char *lock_paths[MAX_PATHS * 4];
  int n_locks;
  /* Set when no mount namespace could be made: seccomp then denies metadata syscalls. */
  int degraded;
};

/* Prints "codex-linux-sandbox: <message>" to stderr and exits with EXIT_SANDBOX_FAILURE. */
__attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void warn(const char *fmt, ...);

/* landlock.c */
int landlock_abi(void);
void apply_landlock(int abi, const struct sandbox_policy *policy);

/* seccomp.c */
void apply_seccomp(const struct sandbox_policy *policy);
const char *native_arch_name(void);

/* protect.c */
/* In the parent, before the command: creates missing protected dirs (synthetic mount targets)
 * and share-locks every protected dir. */
void lock_protected_dirs(struct sandbox_policy *policy);
/* Fills protected_paths with the protected names that exist now (real paths). */
void collect_protected_paths(struct sandbox_policy *policy);
/* After the command: removes synthetic dirs (empty, mode 0555) no other sandbox still uses. */
void remove_synthetic(const struct sandbox_policy *policy);

/* namespaces.c */
/* Enters a new user+mount namespace (as root without user namespaces: a mount namespace only).
 * Returns 0, or -1 with errno set. */
int enter_mount_namespace(void);
/* Inside the new namespace: every mount read-only except the writable roots, which are bound back
 * read-write, with their protected paths read-only on top. Dies (fails closed) on any error. */
void isolate_filesystem(struct sandbox_policy *policy);
int userns_available(void);

/* mounts.c */
/* Mount points of this namespace, from /proc/self/mountinfo (caller frees with free_list). */
int read_mount_points(char ***out);
void free_list(char **list, int n);
int path_within(const char *path, const char *dir);

/* supervise.c */
/* Forks. The child enters the namespace, reports to the parent, and returns (1: in a namespace,
 * 0: none available, errno set) to go on and exec the command once the parent has locked (and
 * created) the protected dirs. The parent waits, removes synthetic dirs and exits like the child. */
int supervise(struct sandbox_policy *policy);

/* caps.c */
void drop_privileges(void);

#endif
