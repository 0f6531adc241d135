/*
 * Escape probes that need raw syscalls (no python3 needed). Exit 0 = the operation worked,
 * 1 = it was refused (the error is printed), 2 = usage.
 *
 *   escape xattr PATH                 setxattr(PATH, "user.codex", "pwned")
 *   escape unix-connect PATH [TAG]    connect to a pathname stream socket and write TAG
 *   escape unix-sendto PATH [TAG]     a datagram socket sends TAG to PATH with sendto()
 *   escape pair-sendmsg PATH [TAG]    a datagram socketpair sends TAG to PATH (sendmsg msg_name)
 *   escape socketpair                 a stream socketpair round trip (must keep working)
 *   escape dgram-listen PATH          (outside the sandbox) prints every datagram it receives
 *   escape tcp PORT | tcp6 PORT       connect to 127.0.0.1 / ::1
 *   escape udp PORT                   send a datagram to 127.0.0.1
 *   escape inet-socket | netlink      create an AF_INET / AF_NETLINK socket
 *   escape abstract NAME              connect to an abstract unix socket (zero-padded, as libuv)
 *   escape ptrace PID                 PTRACE_ATTACH to a process
 *   escape io_uring                   io_uring_setup
 *   escape tiocsti                    push a keystroke into a (new) terminal
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <unistd.h>

static int refused(const char *what) {
  printf("%s: %s\n", what, strerror(errno));
  return 1;
}

static struct sockaddr_un address(const char *path) {
  struct sockaddr_un sun;
  memset(&sun, 0, sizeof sun);
  sun.sun_family = AF_UNIX;
  snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
  return sun;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  const char *probe = argv[1];
  const char *path = argc > 2 ? argv[2] : "";
  struct sockaddr_un sun = address(path);
  char msg[128];
  snprintf(msg, sizeof msg, "%s\n", argc > 3 ? argv[3] : "pwned");

  if (strcmp(probe, "xattr") == 0) {
    if (setxattr(path, "user.codex", "pwned", 5, 0) != 0) return refused("setxattr");
  } else if (strcmp(probe, "unix-connect") == 0) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return refused("socket");
    if (connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0) return refused("connect");
    if (write(fd, msg, strlen(msg)) < 0) return refused("write");
    /* The listener answers once it has logged the tag: no race with the test's check. */
    char ack[8];
    if (read(fd, ack, sizeof ack) <= 0) return refused("read ack");
  } else if (strcmp(probe, "unix-sendto") == 0) {
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    if (fd < 0) return refused("socket");
    if (sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&sun, sizeof sun) < 0)
      return refused("sendto");
  } else if (strcmp(probe, "pair-sendmsg") == 0) {
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, pair) != 0) return refused("socketpair");
    struct iovec iov = {.iov_base = (void *)msg, .iov_len = strlen(msg)};
    struct msghdr mh = {.msg_name = &sun, .msg_namelen = sizeof sun, .msg_iov = &iov, .msg_iovlen = 1};
    if (sendmsg(pair[0], &mh, 0) < 0) return refused("sendmsg");
  } else if (strcmp(probe, "socketpair") == 0) {
    int pair[2];
    char buf[8] = {0};
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) return refused("socketpair");
    if (send(pair[0], "ping", 4, 0) != 4) return refused("send");
    if (recv(pair[1], buf, sizeof buf, 0) != 4 || strcmp(buf, "ping") != 0) return refused("recv");
  } else if (strcmp(probe, "tcp") == 0 || strcmp(probe, "udp") == 0) {
    struct sockaddr_in in = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(path))};
    in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int udp = strcmp(probe, "udp") == 0;
    int fd = socket(AF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
    if (fd < 0) return refused("socket");
    if (udp && sendto(fd, "x", 1, 0, (struct sockaddr *)&in, sizeof in) < 0) return refused("sendto");
    if (!udp && connect(fd, (struct sockaddr *)&in, sizeof in) != 0) return refused("connect");
  } else if (strcmp(probe, "tcp6") == 0) {
    struct sockaddr_in6 in6 = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)atoi(path))};
    in6.sin6_addr = in6addr_loopback;
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    if (fd < 0) return refused("socket");
    if (connect(fd, (struct sockaddr *)&in6, sizeof in6) != 0) return refused("connect");
  } else if (strcmp(probe, "inet-socket") == 0) {
    if (socket(AF_INET, SOCK_STREAM, 0) < 0) return refused("socket");
  } else if (strcmp(probe, "netlink") == 0) {
    if (socket(AF_NETLINK, SOCK_RAW, 0) < 0) return refused("socket");
  } else if (strcmp(probe, "abstract") == 0) {
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1, "%s", path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return refused("socket");
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) return refused("connect");
  } else if (strcmp(probe, "ptrace") == 0) {
    pid_t pid = (pid_t)atoi(path);
    if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) != 0) return refused("ptrace");
    waitpid(pid, NULL, __WALL);
    ptrace(PTRACE_DETACH, pid, NULL, NULL);
  } else if (strcmp(probe, "io_uring") == 0) {
    char params[120];
    memset(params, 0, sizeof params);
    long fd = syscall(425 /* io_uring_setup */, 4, params);
    if (fd < 0) return refused("io_uring_setup");
  } else if (strcmp(probe, "tiocsti") == 0) {
    /* Without a terminal, a new pty stands in for the user's one. */
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) return refused("openpt");
    int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    if (slave < 0) return refused("open pty");
    char c = 'x';
    if (ioctl(slave, TIOCSTI, &c) != 0) return refused("TIOCSTI");
  } else if (strcmp(probe, "dgram-listen") == 0) {
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    unlink(path);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0) return refused("bind");
    printf("listening\n");
    fflush(stdout);
    char buf[256];
    for (;;) {
      ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
      if (n < 0) return refused("recv");
      buf[n] = '\0';
      printf("received %s", buf);
      fflush(stdout);
    }
  } else {
    return 2;
  }
  printf("%s worked\n", probe);
  return 0;
}
