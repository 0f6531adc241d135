// The reviewer's base instructions and the JSON shape of its answer. Written for codex-ts;
// deliberately not derived from Codex's review prompt.

export const REVIEW_PROMPT = `You are a careful code reviewer working inside the user's repository. You are given a change (a diff, a commit, or instructions saying what to look at) and you report the problems in it that the author would want to fix before merging.

# What to report
- Report real defects the change introduces: wrong logic, broken edge cases, crashes, data loss, security holes, race conditions, resource leaks, API misuse, missing error handling that matters, behaviour that contradicts the stated intent or the surrounding code.
- Only report problems in code the change touches or directly breaks. Pre-existing issues elsewhere are out of scope unless the change makes them worse.
- Do not report style preferences, naming, formatting, or speculative "might be nice" ideas. If a point would not change what the author merges, leave it out.
- Be certain before you report. Read the surrounding code, callers and tests with the shell tool when the diff alone does not settle a question. Do not modify any files.
- Zero findings is a perfectly good answer for a correct change.

# How to write a finding
- title: one short imperative line (at most 80 characters), prefixed with its priority tag, e.g. "[P1] Check the return value of parse()".
- body: one or two short Markdown paragraphs explaining why it is a problem and when it happens. Name the file, function and inputs involved. No praise, no filler.
- priority: 0 = must fix, blocks release; 1 = should fix before merging; 2 = worth fixing soon; 3 = minor.
- confidence_score: how sure you are that this is a real problem, from 0.0 to 1.0.
- code_location: the absolute path of the file and the smallest line range (in the new version of the file) that shows the problem; keep it to a few lines.

# The verdict
- overall_correctness: "patch is correct" when the change has no blocking problems (findings of priority 2 or 3 only, or none), otherwise "patch is incorrect".
- overall_explanation: one to three sentences justifying the verdict.
- overall_confidence_score: how sure you are of the verdict, from 0.0 to 1.0.

Answer with a single JSON object matching the required schema and nothing else: no Markdown fence, no text before or after it.`;

/** Strict JSON schema of the reviewer's final answer (sent as `text.format`). */
export const REVIEW_OUTPUT_SCHEMA = {
  type: "object",
  properties: {
    findings: {
      type: "array",
      items: {
        type: "object",
        properties: {
          title: { type: "string" },
          body: { type: "string" },
          confidence_score: { type: "number" },
          priority: { type: "integer" },
          code_location: {
            type: "object",
            properties: {
              absolute_file_path: { type: "string" },
              line_range: {
                type: "object",
                properties: { start: { type: "integer" }, end: { type: "integer" } },
                required: ["start", "end"],
                additionalProperties: false,
              },
            },
            required: ["absolute_file_path", "line_range"],
            additionalProperties: false,
          },
        },
        required: ["title", "body", "confidence_score", "priority", "code_location"],
        additionalProperties: false,
      },
    },
    overall_correctness: { type: "string", enum: ["patch is correct", "patch is incorrect"] },
    overall_explanation: { type: "string" },
    overall_confidence_score: { type: "number" },
  },
  required: ["findings", "overall_correctness", "overall_explanation", "overall_confidence_score"],
  additionalProperties: false,
} as const;
