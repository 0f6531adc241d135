/* Reading the mount table, and path containment on canonical paths. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox.h"

int path_within(const char *path, const char *dir) {
  size_t n = strlen(dir);
  if (n == 1 && dir[0] == '/') return 1;
  return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s) {
  char *out = s;
  for (char *in = s; *in; in++) {
    if (in[0] == '\\' && in[1] >= '0' && in[1] <= '7' && in[2] >= '0' && in[2] <= '7' &&
        in[3] >= '0' && in[3] <= '7') {
      *out++ = (char)(((in[1] - '0') << 6) | ((in[2] - '0') << 3) | (in[3] - '0'));
      in += 3;
    } else {
      *out++ = *in;
    }
  }
  *out = '\0';
}

void free_list(char **list, int n) {
  for (int i = 0; i < n; i++) free(list[i]);
  free(list);
}

int read_mount_points(char ***out) {
  FILE *f = fopen("/proc/self/mountinfo", "re");
  if (!f) die("cannot read /proc/self/mountinfo (is /proc mounted?)");
  char *line = NULL;
  size_t cap = 0;
  int n = 0, size = 32;
  char **list = malloc(sizeof *list * size);
  if (!list) die("out of memory");
  while (getline(&line, &cap, f) > 0) {
    /* Fields: id parent major:minor root mount-point options ... */
    char *save = NULL, *field = strtok_r(line, " ", &save);
    for (int i = 0; field && i < 4; i++) field = strtok_r(NULL, " ", &save);
    if (!field) continue;
    unescape(field);
    if (n == size) {
      size *= 2;
      list = realloc(list, sizeof *list * size);
      if (!list) die("out of memory");
    }
    list[n] = strdup(field);
    if (!list[n]) die("out of memory");
    n++;
  }
  free(line);
  fclose(f);
  *out = list;
  return n;
}
