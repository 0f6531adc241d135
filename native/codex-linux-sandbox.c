/*
 * codex-linux-sandbox: applies a Codex sandbox policy to itself, then execs a command.
 *
 *   codex-linux-sandbox [--mode read-only|workspace-write|full] [--writable-root DIR]...
 *                       [--protect NAME]... [--network|--no-network] [--cwd DIR]
 *                       [--no-namespaces] [--max-landlock-abi N] -- COMMAND [ARG]...
 *   codex-linux-sandbox --probe
 *
 * Order matters: mounts need capabilities (inside a user namespace), Landlock
 * and seccomp need no_new_privs, and capabilities are dropped before either so
 * the command starts with none. See docs/sandbox.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox.h"

#define HELPER_VERSION "2"

void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("codex-linux-sandbox: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(EXIT_SANDBOX_FAILURE);
}

void warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("codex-linux-sandbox: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

static const char *const DEFAULT_PROTECTED[] = {".git", ".codex", ".agents"};

static void usage_error(const char *what) {
  die("%s\nusage: codex-linux-sandbox [--mode read-only|workspace-write|full] "
      "[--writable-root DIR]... [--protect NAME]... [--network|--no-network] [--cwd DIR] "
      "[--no-namespaces] [--max-landlock-abi N] -- COMMAND [ARG]...",
      what);
}

static int probe(void) {
  int abi = landlock_abi();
  printf("version=%s landlock_abi=%d userns=%d seccomp=1 arch=%s\n", HELPER_VERSION, abi,
         userns_available(), native_arch_name());
  return 0;
}

/* Said once per command, on stderr: what this run does not get without a mount namespace. */
static void warn_degraded(const struct sandbox_policy *policy, const char *step, int err) {
  if (policy->mode == MODE_READ_ONLY) {
    warn("warning: cannot %s (%s); running read-only with Landlock and seccomp only. Changing "
         "file metadata (chmod, chown, utimes, xattrs) is refused everywhere.",
         step, strerror(err));
    return;
  }
  warn("warning: cannot %s (%s); running with Landlock and seccomp only, which is WEAKER: "
       ".git, .codex and .agents in the writable roots are writable, a writable root whose "
       "parent is writable (e.g. a workspace under /tmp) can be replaced, and chmod/utimes work "
       "outside the writable roots "
       "(setuid/setgid bits, chown and xattrs stay refused).",
       step, strerror(err));
}

static void add_root(struct sandbox_policy *policy, const char *dir) {
  if (policy->n_roots >= MAX_PATHS) die("too many --writable-root options (max %d)", MAX_PATHS);
  char *resolved = realpath(dir, NULL);
  /* A root that does not exist (e.g. an unset $TMPDIR) grants nothing. */
  if (!resolved) return;
  policy->roots[policy->n_roots++] = resolved;
}

static void enter_cwd(const char *cwd) {
  if (cwd && chdir(cwd) != 0) die("cannot change directory to %s: %s", cwd, strerror(errno));
}

/* A file without a `#!` line is a shell script: glibc's execvp runs it with /bin/sh, musl's
 * (the helper is built with musl where installed) refuses with ENOEXEC. Do what glibc does, so
 * commands behave the same whichever libc built the helper. */
static void exec_as_script(char **argv) {
  const char *file = argv[0];
  char found[PATH_MAX];
  if (!strchr(file, '/')) {
    const char *path = getenv("PATH");
    if (!path) path = "/usr/local/bin:/bin:/usr/bin";
    file = NULL;
    for (const char *dir = path; dir && !file; dir = strchr(dir, ':') ? strchr(dir, ':') + 1 : NULL) {
      size_t len = strchr(dir, ':') ? (size_t)(strchr(dir, ':') - dir) : strlen(dir);
      if (snprintf(found, sizeof found, "%.*s/%s", (int)len, len ? dir : ".", argv[0]) <
              (int)sizeof found &&
          access(found, X_OK) == 0)
        file = found;
    }
    if (!file) return;
  }
  int n = 0;
  while (argv[n]) n++;
  char **sh = calloc((size_t)n + 2, sizeof *sh);
  if (!sh) return;
  sh[0] = "sh";
  sh[1] = (char *)file;
  for (int k = 1; k <= n; k++) sh[k + 1] = argv[k];
  execv("/bin/sh", sh);
  errno = ENOEXEC;
}

static void exec_command(char **argv) {
  execvp(argv[0], argv);
  if (errno == ENOEXEC) exec_as_script(argv);
  int err = errno;
  fprintf(stderr, "codex-linux-sandbox: cannot execute %s: %s\n", argv[0], strerror(err));
  exit(err == ENOENT ? EXIT_NOT_FOUND : EXIT_EXEC_FAILED);
}

int main(int argc, char **argv) {
  struct sandbox_policy policy;
  memset(&policy, 0, sizeof policy);
  policy.mode = MODE_READ_ONLY;
  policy.use_namespaces = 1;
  const char *pending_roots[MAX_PATHS];
  int n_pending = 0;
  int max_abi = -1;
  int i = 1;

  for (; i < argc; i++) {
    const char *arg = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(arg, "--") == 0) {
      i++;
      break;
    } else if (strcmp(arg, "--probe") == 0) {
      return probe();
    } else if (strcmp(arg, "--version") == 0) {
      printf("codex-linux-sandbox %s\n", HELPER_VERSION);
      return 0;
    } else if (strcmp(arg, "--network") == 0) {
      policy.network = 1;
    } else if (strcmp(arg, "--no-network") == 0) {
      policy.network = 0;
    } else if (strcmp(arg, "--no-namespaces") == 0) {
      policy.use_namespaces = 0;
    } else if (strcmp(arg, "--mode") == 0 && value) {
      if (strcmp(value, "read-only") == 0) policy.mode = MODE_READ_ONLY;
      else if (strcmp(value, "workspace-write") == 0) policy.mode = MODE_WORKSPACE_WRITE;
      else if (strcmp(value, "full") == 0) policy.mode = MODE_FULL;
      else usage_error("unknown --mode (expected read-only, workspace-write or full)");
      i++;
    } else if (strcmp(arg, "--writable-root") == 0 && value) {
      if (n_pending >= MAX_PATHS) die("too many --writable-root options (max %d)", MAX_PATHS);
      pending_roots[n_pending++] = value;
      i++;
    } else if (strcmp(arg, "--protect") == 0 && value) {
      if (policy.n_protect >= MAX_PATHS) die("too many --protect options (max %d)", MAX_PATHS);
      if (strchr(value, '/') || strcmp(value, ".") == 0 || strcmp(value, "..") == 0)
        usage_error("--protect takes a single file name such as .git");
      policy.protect_names[policy.n_protect++] = value;
      i++;
    } else if (strcmp(arg, "--max-landlock-abi") == 0 && value) {
      /* Can only lower the ABI in use: for tests and for working around kernel bugs. */
      char *end = NULL;
      long parsed = strtol(value, &end, 10);
      if (!end || *end != '\0' || parsed < 0) usage_error("--max-landlock-abi takes a number >= 0");
      max_abi = (int)parsed;
      i++;
    } else if (strcmp(arg, "--cwd") == 0 && value) {
      policy.cwd = value;
      i++;
    } else {
      char msg[256];
      snprintf(msg, sizeof msg, "unexpected argument '%s'", arg);
      usage_error(msg);
    }
  }
  if (i >= argc) usage_error("no command given after --");
  char **command = &argv[i];

  if (policy.mode == MODE_FULL) {
    enter_cwd(policy.cwd);
    exec_command(command);
  }

  if (policy.mode == MODE_WORKSPACE_WRITE)
    for (int r = 0; r < n_pending; r++) add_root(&policy, pending_roots[r]);
  if (policy.n_protect == 0) {
    for (size_t k = 0; k < sizeof DEFAULT_PROTECTED / sizeof *DEFAULT_PROTECTED; k++)
      policy.protect_names[policy.n_protect++] = DEFAULT_PROTECTED[k];
  }

  int abi = landlock_abi();
  if (max_abi >= 0 && abi > max_abi) abi = max_abi;
  if (abi < 1)
    die("Landlock is not available in this kernel (needs Linux 5.13+ with landlock in the "
        "lsm= boot list); refusing to run without a filesystem sandbox. Use "
        "--sandbox danger-full-access only if this machine is already isolated.");

  int in_namespace = 0;
  const char *failed_step = "create a user namespace";
  if (!policy.use_namespaces) {
    failed_step = "use namespaces (disabled by --no-namespaces)";
    errno = EPERM;
  } else if (policy.mode == MODE_WORKSPACE_WRITE && policy.n_roots > 0) {
    in_namespace = supervise(&policy); /* returns in the child only */
  } else {
    in_namespace = enter_mount_namespace() == 0;
  }
  if (in_namespace) {
    isolate_filesystem(&policy);
  } else {
    policy.degraded = 1;
    warn_degraded(&policy, failed_step, errno);
  }
  /* After the mounts: a cwd entered earlier would still point beneath them, at the writable tree. */
  enter_cwd(policy.cwd);
  drop_privileges();
  apply_landlock(abi, &policy);
  apply_seccomp(&policy);
  exec_command(command);
  return EXIT_SANDBOX_FAILURE;
}
