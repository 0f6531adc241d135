"""Escape probes for the sandbox tests. Exit 0 = the operation worked, 1 = it was refused."""
import ctypes
import os
import socket
import sys

libc = ctypes.CDLL(None, use_errno=True)


def refused(what, err):
    print(f"{what}: {err}")
    sys.exit(1)


def connect(family, address):
    try:
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.connect(address)
    except OSError as e:
        refused("connect", e)
    print("connected")


def main():
    name, args = sys.argv[1], sys.argv[2:]
    if name == "tcp":
        connect(socket.AF_INET, ("127.0.0.1", int(args[0])))
    elif name == "tcp6":
        connect(socket.AF_INET6, ("::1", int(args[0])))
    elif name == "abstract":
        # The listener is a node server, and libuv binds the whole zero-padded sun_path.
        name_bytes = args[0].encode()
        connect(socket.AF_UNIX, b"\0" + name_bytes + b"\0" * (107 - len(name_bytes)))
    elif name == "udp":
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.sendto(b"x", ("127.0.0.1", int(args[0])))
        except OSError as e:
            refused("udp", e)
        print("sent")
    elif name == "netlink":
        try:
            socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0).close()
        except OSError as e:
            refused("netlink", e)
        print("netlink socket")
    elif name == "socketpair":
        a, b = socket.socketpair()
        a.sendall(b"ping")
        assert b.recv(4) == b"ping"
        print("socketpair ok")
    elif name == "abstract-self":
        # A socket created inside the sandbox is reachable from inside it.
        path = "\0codex-sbx-self-%d" % os.getpid()
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(path)
        server.listen(1)
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect(path)
        print("abstract self ok")
    elif name == "ptrace":
        pid = int(args[0])
        if libc.ptrace(16, pid, 0, 0) != 0:  # PTRACE_ATTACH
            refused("ptrace", os.strerror(ctypes.get_errno()))
        os.waitpid(pid, 0x40000000)  # __WALL: wait for the attach stop
        libc.ptrace(17, pid, 0, 0)  # PTRACE_DETACH
        print("attached")
    elif name == "io_uring":
        params = ctypes.create_string_buffer(120)
        fd = libc.syscall(425, 4, params)  # io_uring_setup(4 entries)
        if fd < 0:
            refused("io_uring_setup", os.strerror(ctypes.get_errno()))
        os.close(fd)
        print("io_uring ok")
    elif name == "tiocsti":
        # Without a terminal, a pty stands in for the user's one.
        import fcntl
        import pty
        import termios

        master, slave = pty.openpty()
        try:
            fcntl.ioctl(slave, termios.TIOCSTI, b"x")
        except OSError as e:
            refused("TIOCSTI", e)
        print("injected")
    else:
        print(f"unknown probe {name}")
        sys.exit(2)


main()
