// What a user can send in a turn.

/** One piece of user input. */
export type UserInput =
  /** Plain text. */
  | { type: "text"; text: string }
  /** An image already encoded as a data: or https: URL. */
  | { type: "image"; image_url: string }
  /** A local image file; the core reads and encodes it. */
  | { type: "local_image"; path: string };
