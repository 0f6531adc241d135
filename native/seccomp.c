/* seccomp-bpf: the syscall rules Landlock cannot express. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "sandbox.h"

#if defined(__x86_64__)
#define NATIVE_AUDIT_ARCH AUDIT_ARCH_X86_64
#define NATIVE_ARCH_NAME "x86_64"
#elif defined(__aarch64__)
#define NATIVE_AUDIT_ARCH AUDIT_ARCH_AARCH64
#define NATIVE_ARCH_NAME "aarch64"
#elif defined(__riscv) && __riscv_xlen == 64
#define NATIVE_AUDIT_ARCH AUDIT_ARCH_RISCV64
#define NATIVE_ARCH_NAME "riscv64"
#else
#error "codex-linux-sandbox supports x86_64, aarch64 and riscv64"
#endif

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "argument checks below read the low 32 bits at offset 0 (little-endian only)"
#endif

/* Syscalls newer than some libc headers; these numbers are shared by all supported arches. */
#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup 425
#endif
#ifndef __NR_io_uring_enter
#define __NR_io_uring_enter 426
#endif
#ifndef __NR_io_uring_register
#define __NR_io_uring_register 427
#endif
#ifndef __NR_open_tree
#define __NR_open_tree 428
#endif
#ifndef __NR_move_mount
#define __NR_move_mount 429
#endif
#ifndef __NR_fsopen
#define __NR_fsopen 430
#endif
#ifndef __NR_fsconfig
#define __NR_fsconfig 431
#endif
#ifndef __NR_fsmount
#define __NR_fsmount 432
#endif
#ifndef __NR_fspick
#define __NR_fspick 433
#endif
#ifndef __NR_clone3
#define __NR_clone3 435
#endif
#ifndef __NR_mount_setattr
#define __NR_mount_setattr 442
#endif
#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452
#endif
#ifndef __NR_setxattrat
#define __NR_setxattrat 463
#endif
#ifndef __NR_removexattrat
#define __NR_removexattrat 466
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define TIOCSTI_NR 0x5412
#define TIOCLINUX_NR 0x541C
#define NS_FLAGS                                                                            \
  (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | \
   CLONE_NEWNET)

#define MAX_INSNS 256
#define ARG_LO(n) (offsetof(struct seccomp_data, args) + (n) * sizeof(__u64))
#define RET_ERRNO(e) (SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))

struct prog {
  struct sock_filter insns[MAX_INSNS];
  unsigned short len;
};

static void emit(struct prog *p, struct sock_filter insn) {
  if (p->len >= MAX_INSNS) die("internal error: seccomp program too long");
  p->insns[p->len++] = insn;
}

/* After any rule below, the accumulator still holds the syscall number when it did not match. */
static void deny(struct prog *p, int nr, int err) {
  emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1));
  emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, RET_ERRNO(err)));
}

/* Denies nr when any bit of `mask` is set in the low 32 bits of argument `arg`. */
static void deny_if_arg_has_bits(struct prog *p, int nr, int arg, __u32 mask) {
  emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 4));
  emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(arg)));
  emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, mask, 0, 1));
  emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, RET_ERRNO(EPERM)));
  emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
}

/* TIOCSTI/TIOCLINUX push keystrokes into the user's terminal, i.e. run commands outside. */
static void deny_terminal_injection(struct prog *p) {
  emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 5));
  emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(1)));
  emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI_NR, 2, 0));
  emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX_NR, 1, 0));
  emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, RET_ERRNO(EPERM)));
}

/* Denies nr when 64-bit argument `arg` is not zero (a non-NULL pointer). */
static void deny_if_arg_nonzero(struct prog *p, int nr, int arg) {
  emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 6));
  emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(arg)));
  emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2));
  emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(arg) + 4));
  emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0));
  emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, RET_ERRNO(EPERM)));
  emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
}

/*
 * socket()/socketpair() without network: AF_UNIX only, and no datagram sockets. A datagram
 * socket can send to any pathname socket on the machine with sendmsg(msg_name), which seccomp
 * cannot inspect; stream and seqpacket sockets ignore msg_name, and connect() is denied.
 */
static void allow_only_unix_stream(struct prog *p, int nr) {
  emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 7));
  emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0)));
  emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_UNIX, 0, 3));
  emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(1)));
  emit(p, (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xf));
  emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SOCK_DGRAM, 0, 1));
  emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, RET_ERRNO(EPERM)));
  emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
}

/* Without a read-only mount, file metadata outside the roots is only guarded by seccomp. */
static void deny_ownership_and_xattrs(struct prog *p) {
#ifdef __NR_chown
  deny(p, __NR_chown, EPERM);
  deny(p, __NR_lchown, EPERM);
#endif
  deny(p, __NR_fchown, EPERM);
  deny(p, __NR_fchownat, EPERM);
  deny(p, __NR_setxattr, EPERM);
  deny(p, __NR_lsetxattr, EPERM);
  deny(p, __NR_fsetxattr, EPERM);
  deny(p, __NR_setxattrat, EPERM);
  deny(p, __NR_removexattr, EPERM);
  deny(p, __NR_lremovexattr, EPERM);
  deny(p, __NR_fremovexattr, EPERM);
  deny(p, __NR_removexattrat, EPERM);
}

/* Read-only mode changes no metadata anywhere, so these can go outright. */
static void deny_mode_and_times(struct prog *p) {
#ifdef __NR_chmod
  deny(p, __NR_chmod, EPERM);
#endif
  deny(p, __NR_fchmod, EPERM);
  deny(p, __NR_fchmodat, EPERM);
  deny(p, __NR_fchmodat2, EPERM);
#ifdef __NR_utime
  deny(p, __NR_utime, EPERM);
#endif
#ifdef __NR_utimes
  deny(p, __NR_utimes, EPERM);
#endif
#ifdef __NR_futimesat
  deny(p, __NR_futimesat, EPERM);
#endif
  deny(p, __NR_utimensat, EPERM);
  /* Landlock before ABI 3 does not cover truncate(2). */
  deny(p, __NR_truncate, EPERM);
}

/* setuid/setgid bits are never needed by a build and would plant a privileged binary. */
static void deny_setid_bits(struct prog *p) {
#ifdef __NR_chmod
  deny_if_arg_has_bits(p, __NR_chmod, 1, 06000);
#endif
  deny_if_arg_has_bits(p, __NR_fchmod, 1, 06000);
  deny_if_arg_has_bits(p, __NR_fchmodat, 2, 06000);
  deny_if_arg_has_bits(p, __NR_fchmodat2, 2, 06000);
}

const char *native_arch_name(void) { return NATIVE_ARCH_NAME; }

void apply_seccomp(const struct sandbox_policy *policy) {
  static struct prog p;
  p.len = 0;

  /* A syscall made through another ABI (int 0x80, x32) would bypass every number below. */
  emit(&p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
  emit(&p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_AUDIT_ARCH, 1, 0));
  emit(&p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
  emit(&p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
#if defined(__x86_64__)
  emit(&p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1));
  emit(&p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
#endif

  /* io_uring performs file and socket operations that seccomp never sees. */
  deny(&p, __NR_io_uring_setup, EPERM);
  deny(&p, __NR_io_uring_enter, EPERM);
  deny(&p, __NR_io_uring_register, EPERM);

  /* Mount topology: the read-only bind mounts over protected paths must stay in place. */
  deny(&p, __NR_mount, EPERM);
  deny(&p, __NR_umount2, EPERM);
  deny(&p, __NR_pivot_root, EPERM);
  deny(&p, __NR_chroot, EPERM);
  deny(&p, __NR_open_tree, EPERM);
  deny(&p, __NR_move_mount, EPERM);
  deny(&p, __NR_fsopen, EPERM);
  deny(&p, __NR_fsconfig, EPERM);
  deny(&p, __NR_fsmount, EPERM);
  deny(&p, __NR_fspick, EPERM);
  deny(&p, __NR_mount_setattr, EPERM);

  /* New namespaces would hand the command a fresh set of capabilities. */
  deny(&p, __NR_setns, EPERM);
  deny_if_arg_has_bits(&p, __NR_unshare, 0, NS_FLAGS | CLONE_NEWTIME);
  deny_if_arg_has_bits(&p, __NR_clone, 0, NS_FLAGS);
  /* clone3 passes its flags in memory, which seccomp cannot read; libc falls back to clone. */
  deny(&p, __NR_clone3, ENOSYS);

  deny_terminal_injection(&p);

  if (policy->degraded) {
    if (policy->mode == MODE_READ_ONLY) deny_mode_and_times(&p);
    deny_ownership_and_xattrs(&p);
  }

  if (!policy->network) {
    /* Pathname unix sockets are reachable from any mount namespace; connect() and sendto() with
     * an address are how a socket reaches one (socketpair needs neither). */
    deny(&p, __NR_connect, EPERM);
    allow_only_unix_stream(&p, __NR_socket);
    allow_only_unix_stream(&p, __NR_socketpair);
    deny_if_arg_nonzero(&p, __NR_sendto, 4);
    deny(&p, __NR_ptrace, EPERM);
    deny(&p, __NR_process_vm_readv, EPERM);
    deny(&p, __NR_process_vm_writev, EPERM);
  }
  deny_setid_bits(&p);
  emit(&p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));

  struct sock_fprog fprog = {.len = p.len, .filter = p.insns};
  if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) != 0)
    die("cannot install the seccomp filter: %s", strerror(errno));
}
