// How keys appear in output: enough to recognise, not enough to use.

/** `sk-proj-***ABCDE` (first 8 + `***` + last 5); short keys are fully hidden. */
export function maskApiKey(key: string): string {
  if (key.length <= 13) return "***";
  return `${key.slice(0, 8)}***${key.slice(-5)}`;
}
