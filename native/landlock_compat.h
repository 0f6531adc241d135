/*
 * Landlock ABI definitions up to ABI 7.
 *
 * Distribution kernel headers lag behind the running kernel (Debian 12 ships
 * 6.1 headers, which stop at ABI 2), so the helper carries its own copy of the
 * stable UAPI constants instead of depending on <linux/landlock.h>. Names are
 * prefixed with CLS_ so they never collide with a system header.
 */
#ifndef CODEX_LANDLOCK_COMPAT_H
#define CODEX_LANDLOCK_COMPAT_H

#include <stdint.h>

#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#endif
#ifndef __NR_landlock_add_rule
#define __NR_landlock_add_rule 445
#endif
#ifndef __NR_landlock_restrict_self
#define __NR_landlock_restrict_self 446
#endif

struct cls_ruleset_attr {
  uint64_t handled_access_fs;  /* ABI 1 */
  uint64_t handled_access_net; /* ABI 4 */
  uint64_t scoped;             /* ABI 6 */
};

struct cls_path_beneath_attr {
  uint64_t allowed_access;
  int32_t parent_fd;
} __attribute__((packed));

#define CLS_CREATE_RULESET_VERSION (1U << 0)
#define CLS_RULE_PATH_BENEATH 1

#define CLS_FS_EXECUTE (1ULL << 0)
#define CLS_FS_WRITE_FILE (1ULL << 1)
#define CLS_FS_READ_FILE (1ULL << 2)
#define CLS_FS_READ_DIR (1ULL << 3)
#define CLS_FS_REMOVE_DIR (1ULL << 4)
#define CLS_FS_REMOVE_FILE (1ULL << 5)
#define CLS_FS_MAKE_CHAR (1ULL << 6)
#define CLS_FS_MAKE_DIR (1ULL << 7)
#define CLS_FS_MAKE_REG (1ULL << 8)
#define CLS_FS_MAKE_SOCK (1ULL << 9)
#define CLS_FS_MAKE_FIFO (1ULL << 10)
#define CLS_FS_MAKE_BLOCK (1ULL << 11)
#define CLS_FS_MAKE_SYM (1ULL << 12)
#define CLS_FS_REFER (1ULL << 13)    /* ABI 2 */
#define CLS_FS_TRUNCATE (1ULL << 14) /* ABI 3 */
#define CLS_FS_IOCTL_DEV (1ULL << 15) /* ABI 5 */

#define CLS_NET_BIND_TCP (1ULL << 0)    /* ABI 4 */
#define CLS_NET_CONNECT_TCP (1ULL << 1) /* ABI 4 */

#define CLS_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0) /* ABI 6 */
#define CLS_SCOPE_SIGNAL (1ULL << 1)               /* ABI 6 */

/* Rights that only make sense on a directory; a rule on a file must omit them. */
#define CLS_FS_DIR_ONLY                                                          \
  (CLS_FS_READ_DIR | CLS_FS_REMOVE_DIR | CLS_FS_REMOVE_FILE | CLS_FS_MAKE_CHAR | \
   CLS_FS_MAKE_DIR | CLS_FS_MAKE_REG | CLS_FS_MAKE_SOCK | CLS_FS_MAKE_FIFO |     \
   CLS_FS_MAKE_BLOCK | CLS_FS_MAKE_SYM | CLS_FS_REFER)

#endif
