/*
 * A Node-API addon with two functions: trim(), glibc's malloc_trim(0), and fixThresholds().
 *
 * Why: a long-lived codex-ts process (app-server, TUI) passes request bodies the size of the
 * conversation, command output and pasted input through malloc'd buffers (HTTP writes, file
 * writes, pipe reads). glibc raises its mmap threshold to the largest freed block, so after the
 * first big one they all come from the heap, and freed space below a live chunk stays resident:
 * 15-45 MB after a 5 MB paste and 20 turns. JavaScript has no way to hand it back; this does,
 * once, when the process goes idle (src/core/malloc-trim.ts, src/core/idle-gc.ts).
 *
 * The few Node-API declarations are written out so the addon builds with nothing but a C
 * compiler (no node-gyp, no headers download); they resolve against the running node at load.
 * Other C libraries (musl) have no malloc_trim: trim() then returns false.
 */
#include <stddef.h>
#include <stdlib.h> /* defines __GLIBC__ on glibc (through <features.h>) */
#ifdef __GLIBC__
#include <malloc.h>
#endif

typedef struct napi_env__ *napi_env;
typedef struct napi_value__ *napi_value;
typedef struct napi_callback_info__ *napi_callback_info;
typedef int napi_status;
typedef napi_value (*napi_callback)(napi_env env, napi_callback_info info);

extern napi_status napi_create_function(napi_env env, const char *utf8name, size_t length,
                                        napi_callback cb, void *data, napi_value *result);
extern napi_status napi_set_named_property(napi_env env, napi_value object, const char *utf8name,
                                           napi_value value);
extern napi_status napi_get_boolean(napi_env env, int value, napi_value *result);

/* trim() → true when memory was released to the system. */
static napi_value trim(napi_env env, napi_callback_info info) {
  (void)info;
  int released = 0;
#ifdef __GLIBC__
  released = malloc_trim(0);
#endif
  napi_value result = NULL;
  napi_get_boolean(env, released, &result);
  return result;
}

/* The thresholds fixThresholds() sets (thresholds() reports them). */
#define MMAP_THRESHOLD (256 * 1024)
#define TRIM_THRESHOLD (128 * 1024)

/*
 * fixThresholds() → true when glibc took the settings. Fixed thresholds stop glibc from raising
 * them after each big free: blocks over 256 KB are mmapped and unmapped when freed, and a free
 * top of more than 128 KB (glibc's own default) is returned at once. The trim threshold matters
 * most in the per-thread arenas of V8's worker threads: trim() releases free chunks there but
 * never shrinks an arena from its top, which only a free() in that arena does, and only above
 * this threshold. At 1 MB the four workers' arenas kept ~1 MB of free top each after a long
 * session (tools soak: 4.2 MB of arena RSS; at 128 KB, ~2.5 MB less idle RSS).
 */
static napi_value fix_thresholds(napi_env env, napi_callback_info info) {
  (void)info;
  int ok = 0;
#ifdef __GLIBC__
  ok = mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) && mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD);
#endif
  napi_value result = NULL;
  napi_get_boolean(env, ok, &result);
  return result;
}

/* thresholds() → [mmap threshold, trim threshold] in bytes, as fixThresholds() sets them. */
extern napi_status napi_create_array_with_length(napi_env env, size_t length, napi_value *result);
extern napi_status napi_create_uint32(napi_env env, unsigned int value, napi_value *result);
extern napi_status napi_set_element(napi_env env, napi_value object, unsigned int index,
                                    napi_value value);

static napi_value thresholds(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result = NULL, value = NULL;
  napi_create_array_with_length(env, 2, &result);
  napi_create_uint32(env, MMAP_THRESHOLD, &value);
  napi_set_element(env, result, 0, value);
  napi_create_uint32(env, TRIM_THRESHOLD, &value);
  napi_set_element(env, result, 1, value);
  return result;
}

napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  napi_value fn = NULL;
  if (napi_create_function(env, "trim", (size_t)-1, trim, NULL, &fn) == 0)
    napi_set_named_property(env, exports, "trim", fn);
  if (napi_create_function(env, "fixThresholds", (size_t)-1, fix_thresholds, NULL, &fn) == 0)
    napi_set_named_property(env, exports, "fixThresholds", fn);
  if (napi_create_function(env, "thresholds", (size_t)-1, thresholds, NULL, &fn) == 0)
    napi_set_named_property(env, exports, "thresholds", fn);
  return exports;
}
