/*
 * The synthetic mount targets (empty .git/.codex/.agents created so they can be bound read-only)
 * must not outlive the command. The process that removes them has to stay in the original mount
 * namespace, where they are plain directories: so the helper forks, the child goes on to build
 * the sandbox and exec the command, and the parent waits, cleans up and exits like the child.
 * Only workspace-write has protected dirs; read-only runs without a fork at all.
 *
 * Handshake: the child first tries to enter its namespace and tells the parent whether it could.
 * Only then does the parent create synthetic dirs (in degraded mode there is nothing to mount
 * them on) and lock the protected ones; the child waits for that before mounting, and sees the
 * new directories because a mount namespace shares the filesystems themselves.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"

static volatile pid_t child_pid = 0;

static const int FORWARDED[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, 0};

/* A signal sent to the helper with kill() is meant for the command. A terminal's ^C/^\ (sent by
 * the kernel) already reaches the command through the shared process group: not sent twice. */
static void forward(int sig, siginfo_t *info, void *unused) {
  (void)unused;
  if (child_pid > 0 && info->si_code <= 0) kill(child_pid, sig);
}

static void write_byte(int fd, char c) {
  while (write(fd, &c, 1) < 0 && errno == EINTR) {
  }
}

static char read_byte(int fd) {
  char c = 0;
  ssize_t n;
  while ((n = read(fd, &c, 1)) < 0 && errno == EINTR) {
  }
  return n == 1 ? c : 0;
}

int supervise(struct sandbox_policy *policy) {
  pid_t parent = getpid();
  int to_parent[2], to_child[2];
  if (pipe2(to_parent, O_CLOEXEC) != 0 || pipe2(to_child, O_CLOEXEC) != 0)
    die("cannot create a pipe: %s", strerror(errno));
  sigset_t all, old;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &old);
  pid_t pid = fork();
  if (pid < 0) die("cannot fork: %s", strerror(errno));
  if (pid == 0) {
    /* The command must not outlive the helper (e.g. when it is SIGKILLed). */
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (getppid() != parent) _exit(EXIT_SANDBOX_FAILURE);
    sigprocmask(SIG_SETMASK, &old, NULL);
    close(to_parent[0]);
    close(to_child[1]);
    int entered = enter_mount_namespace() == 0;
    int err = errno;
    write_byte(to_parent[1], entered ? 'Y' : 'N');
    if (read_byte(to_child[0]) != 'G') _exit(EXIT_SANDBOX_FAILURE);
    close(to_parent[1]);
    close(to_child[0]);
    errno = err;
    return entered;
  }

  close(to_parent[1]);
  close(to_child[0]);
  child_pid = pid;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = forward;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigfillset(&sa.sa_mask);
  for (int i = 0; FORWARDED[i]; i++) sigaction(FORWARDED[i], &sa, NULL);
  signal(SIGTSTP, SIG_IGN);
  signal(SIGTTIN, SIG_IGN);
  signal(SIGTTOU, SIG_IGN);
  signal(SIGPIPE, SIG_IGN); /* a child that died early must not take us with it */
  sigprocmask(SIG_SETMASK, &old, NULL);

  if (read_byte(to_parent[0]) == 'Y') lock_protected_dirs(policy);
  write_byte(to_child[1], 'G');
  close(to_parent[0]);
  close(to_child[1]);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      status = EXIT_SANDBOX_FAILURE << 8;
      break;
    }
  }
  remove_synthetic(policy);
  if (WIFEXITED(status)) exit(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    /* Die the same way so callers see the same status; without a core dump of our own. */
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    signal(sig, SIG_DFL);
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, sig);
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);
    kill(getpid(), sig);
    exit(128 + sig);
  }
  exit(EXIT_SANDBOX_FAILURE);
}
