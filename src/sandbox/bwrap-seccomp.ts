// The seccomp filter for the bubblewrap backend, as classic BPF bytes for `bwrap --seccomp FD`.
// It mirrors native/seccomp.c (the helper's filter) for the rules a mount namespace cannot give:
// pathname unix sockets, io_uring, foreign syscall ABIs, nested namespaces and mounts, terminal
// injection, setuid/setgid bits, and ptrace/process_vm when the network is off.

interface Arch {
  audit: number;
  /** x86_64 also accepts x32 syscalls (bit 30), which must be refused. */
  x32Bit: boolean;
  nr: Record<SyscallName, number | undefined>;
}

type SyscallName =
  | "ioctl"
  | "socket"
  | "connect"
  | "sendto"
  | "socketpair"
  | "clone"
  | "chmod"
  | "fchmod"
  | "fchmodat"
  | "fchmodat2"
  | "ptrace"
  | "pivot_root"
  | "chroot"
  | "mount"
  | "umount2"
  | "unshare"
  | "setns"
  | "process_vm_readv"
  | "process_vm_writev"
  | "io_uring_setup"
  | "io_uring_enter"
  | "io_uring_register"
  | "open_tree"
  | "move_mount"
  | "fsopen"
  | "fsconfig"
  | "fsmount"
  | "fspick"
  | "clone3"
  | "mount_setattr";

// Syscalls added since 5.1 share their numbers across architectures.
const COMMON = {
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  open_tree: 428,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  clone3: 435,
  mount_setattr: 442,
  fchmodat2: 452,
};

const ARCHES: Partial<Record<NodeJS.Architecture, Arch>> = {
  x64: {
    audit: 0xc000003e,
    x32Bit: true,
    nr: {
      ...COMMON,
      ioctl: 16,
      socket: 41,
      connect: 42,
      sendto: 44,
      socketpair: 53,
      clone: 56,
      chmod: 90,
      fchmod: 91,
      ptrace: 101,
      pivot_root: 155,
      chroot: 161,
      mount: 165,
      umount2: 166,
      fchmodat: 268,
      unshare: 272,
      setns: 308,
      process_vm_readv: 310,
      process_vm_writev: 311,
    },
  },
  arm64: {
    audit: 0xc00000b7,
    x32Bit: false,
    nr: {
      ...COMMON,
      ioctl: 29,
      umount2: 39,
      mount: 40,
      pivot_root: 41,
      chroot: 51,
      fchmod: 52,
      fchmodat: 53,
      chmod: undefined,
      unshare: 97,
      ptrace: 117,
      socket: 198,
      socketpair: 199,
      connect: 203,
      sendto: 206,
      clone: 220,
      setns: 268,
      process_vm_readv: 270,
      process_vm_writev: 271,
    },
  },
};

// Classic BPF opcodes and seccomp return values (linux/filter.h, linux/seccomp.h).
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JSET_K = 0x45;
const JGE_K = 0x35;
const RET_K = 0x06;
const AND_K = 0x54;
const RET_ALLOW = 0x7fff0000;
const RET_KILL_PROCESS = 0x80000000;
const retErrno = (errno: number) => 0x00050000 | errno;
const EPERM = 1;
const ENOSYS = 38;
const AF_UNIX = 1;
const SOCK_DGRAM = 2;
const NS_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000;
const CLONE_NEWNET = 0x40000000;
const CLONE_NEWTIME = 0x80;
const TIOCSTI = 0x5412;
const TIOCLINUX = 0x541c;
const OFF_NR = 0;
const OFF_ARCH = 4;
const argLo = (n: number) => 16 + n * 8;

type Insn = [code: number, jt: number, jf: number, k: number];

class Program {
  readonly insns: Insn[] = [];
  emit(code: number, jt: number, jf: number, k: number): void {
    this.insns.push([code, jt, jf, k >>> 0]);
  }
  /** Rules keep the syscall number in the accumulator when they do not match. */
  deny(nr: number | undefined, errno = EPERM): void {
    if (nr === undefined) return;
    this.emit(JEQ_K, 0, 1, nr);
    this.emit(RET_K, 0, 0, retErrno(errno));
  }
  denyIfArgHasBits(nr: number | undefined, arg: number, mask: number): void {
    if (nr === undefined) return;
    this.emit(JEQ_K, 0, 4, nr);
    this.emit(LD_W_ABS, 0, 0, argLo(arg));
    this.emit(JSET_K, 0, 1, mask);
    this.emit(RET_K, 0, 0, retErrno(EPERM));
    this.emit(RET_K, 0, 0, RET_ALLOW);
  }
  denyIfArgNonzero(nr: number, arg: number): void {
    this.emit(JEQ_K, 0, 6, nr);
    this.emit(LD_W_ABS, 0, 0, argLo(arg));
    this.emit(JEQ_K, 0, 2, 0);
    this.emit(LD_W_ABS, 0, 0, argLo(arg) + 4);
    this.emit(JEQ_K, 1, 0, 0);
    this.emit(RET_K, 0, 0, retErrno(EPERM));
    this.emit(RET_K, 0, 0, RET_ALLOW);
  }
  /** AF_UNIX only, and no datagram sockets (they can sendmsg to any pathname socket). */
  allowOnlyUnixStream(nr: number): void {
    this.emit(JEQ_K, 0, 7, nr);
    this.emit(LD_W_ABS, 0, 0, argLo(0));
    this.emit(JEQ_K, 0, 3, AF_UNIX);
    this.emit(LD_W_ABS, 0, 0, argLo(1));
    this.emit(AND_K, 0, 0, 0xf);
    this.emit(JEQ_K, 0, 1, SOCK_DGRAM);
    this.emit(RET_K, 0, 0, retErrno(EPERM));
    this.emit(RET_K, 0, 0, RET_ALLOW);
  }
  bytes(): Buffer {
    const out = Buffer.alloc(this.insns.length * 8);
    this.insns.forEach(([code, jt, jf, k], i) => {
      out.writeUInt16LE(code, i * 8);
      out.writeUInt8(jt, i * 8 + 2);
      out.writeUInt8(jf, i * 8 + 3);
      out.writeUInt32LE(k, i * 8 + 4);
    });
    return out;
  }
}

/** The filter for this architecture, or undefined where we have no syscall table. */
export function bwrapSeccompFilter(
  network: boolean,
  arch: NodeJS.Architecture = process.arch,
): Buffer | undefined {
  const target = ARCHES[arch];
  if (!target) return undefined;
  const { nr } = target;
  const p = new Program();
  p.emit(LD_W_ABS, 0, 0, OFF_ARCH);
  p.emit(JEQ_K, 1, 0, target.audit);
  p.emit(RET_K, 0, 0, RET_KILL_PROCESS);
  p.emit(LD_W_ABS, 0, 0, OFF_NR);
  if (target.x32Bit) {
    p.emit(JGE_K, 0, 1, 0x40000000);
    p.emit(RET_K, 0, 0, RET_KILL_PROCESS);
  }
  for (const name of ["io_uring_setup", "io_uring_enter", "io_uring_register"] as const)
    p.deny(nr[name]);
  for (const name of [
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "open_tree",
    "move_mount",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    "setns",
  ] as const)
    p.deny(nr[name]);
  p.denyIfArgHasBits(nr.unshare, 0, NS_FLAGS | CLONE_NEWNET | CLONE_NEWTIME);
  p.denyIfArgHasBits(nr.clone, 0, NS_FLAGS | CLONE_NEWNET);
  p.deny(nr.clone3, ENOSYS);
  // TIOCSTI / TIOCLINUX push keystrokes into the user's terminal.
  p.emit(JEQ_K, 0, 5, nr.ioctl!);
  p.emit(LD_W_ABS, 0, 0, argLo(1));
  p.emit(JEQ_K, 2, 0, TIOCSTI);
  p.emit(JEQ_K, 1, 0, TIOCLINUX);
  p.emit(RET_K, 0, 0, RET_ALLOW);
  p.emit(RET_K, 0, 0, retErrno(EPERM));
  if (!network) {
    p.deny(nr.connect);
    p.allowOnlyUnixStream(nr.socket!);
    p.allowOnlyUnixStream(nr.socketpair!);
    p.denyIfArgNonzero(nr.sendto!, 4);
    p.deny(nr.ptrace);
    p.deny(nr.process_vm_readv);
    p.deny(nr.process_vm_writev);
  }
  p.denyIfArgHasBits(nr.chmod, 1, 0o6000);
  p.denyIfArgHasBits(nr.fchmod, 1, 0o6000);
  p.denyIfArgHasBits(nr.fchmodat, 2, 0o6000);
  p.denyIfArgHasBits(nr.fchmodat2, 2, 0o6000);
  p.emit(RET_K, 0, 0, RET_ALLOW);
  return p.bytes();
}
