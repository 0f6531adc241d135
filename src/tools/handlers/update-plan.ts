// update_plan: the model keeps a checklist; front-ends show it (PlanUpdate).
import type { ToolSpec } from "../../model/index.js";
import { functionSpec } from "../function-spec.js";
import type { PlanItem } from "../../protocol/index.js";
import { RespondToModel } from "../errors.js";
import { functionArgs } from "../parse-args.js";
import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "../types.js";

const STATUSES = new Set(["pending", "in_progress", "completed"]);

export class UpdatePlanHandler implements ToolHandler {
  readonly name = "update_plan";
  readonly parallelSafe = true;

  spec(): ToolSpec {
    return functionSpec(
      this.name,
      "Record or update your plan for the task: a short list of steps, each pending, in_progress or completed. " +
        "At most one step may be in_progress. Optionally explain what changed.",
      {
        explanation: { type: "string", description: "What changed in the plan, if anything." },
        plan: {
          type: "array",
          description: "The steps, in order.",
          items: {
            type: "object",
            properties: {
              status: {
                type: "string",
                enum: ["pending", "in_progress", "completed"],
                description: "Step status.",
              },
              step: { type: "string", description: "A short description of the step." },
            },
            required: ["step", "status"],
            additionalProperties: false,
          },
        },
      },
      ["plan"],
    );
  }

  isMutating(): boolean {
    return false;
  }

  async handle(ctx: ToolContext, call: ToolCall): Promise<ToolResult> {
    const args = functionArgs<{ explanation?: unknown; plan?: unknown }>(call, "update_plan");
    if (!Array.isArray(args.plan))
      throw new RespondToModel("missing or invalid field `plan`: expected an array");
    const plan: PlanItem[] = args.plan.map((raw, i) => {
      const s = raw as { step?: unknown; status?: unknown };
      if (typeof s?.step !== "string" || typeof s.status !== "string" || !STATUSES.has(s.status)) {
        throw new RespondToModel(
          `invalid plan item ${i}: expected {"step": string, "status": "pending" | "in_progress" | "completed"}`,
        );
      }
      return { step: s.step, status: s.status as PlanItem["status"] };
    });
    if (plan.filter((p) => p.status === "in_progress").length > 1) {
      throw new RespondToModel("invalid plan: at most one step can be in_progress");
    }
    ctx.emit({
      type: "plan_update",
      explanation: typeof args.explanation === "string" ? args.explanation : null,
      plan,
    });
    return { content: "Plan updated", success: true };
  }
}
