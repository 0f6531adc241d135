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

/* namespaces.c */
/* Makes each existing root/NAME read-only in a private mount namespace.
 * Returns 0 when done or nothing to do, -1 (after one warning) when namespaces are unavailable. */
int protect_paths(const struct sandbox_policy *policy);
int userns_available(void);

/* caps.c */
void drop_privileges(void);

#endif
