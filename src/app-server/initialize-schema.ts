// `initialize`'s params: the only schema the server needs before its method table has loaded
// (./server.ts), and part of the protocol definition (generate-ts, generate-json-schema).
import { z } from "zod";

export const InitializeParamsSchema = z.object({
  clientInfo: z.object({
    name: z.string(),
    title: z.string().nullable().optional(),
    version: z.string(),
  }),
  capabilities: z
    .object({
      experimentalApi: z.boolean().optional(),
      optOutNotificationMethods: z.array(z.string()).nullable().optional(),
    })
    .nullable()
    .optional(),
});
