/* Makes an i386 syscall (getpid via int 0x80) from a 64-bit process. */
#include <stdio.h>
int main(void) {
  long r;
  __asm__ volatile("int $0x80" : "=a"(r) : "a"(20L) : "memory");
  if (r < 0) {
    printf("refused: %ld\n", r);
    return 1;
  }
  printf("i386 getpid = %ld\n", r);
  return 0;
}
