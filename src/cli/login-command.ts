// Adapters from commander actions to the login functions.
import { resolveCodexHome } from "../config/index.js";
import { loginInteractive, loginStatus, loginWithApiKey, logout } from "./login.js";

export async function runLogin(flags: { withApiKey?: boolean }): Promise<number> {
  if (!flags.withApiKey) return loginInteractive();
  return loginWithApiKey(resolveCodexHome(), process.stdin);
}

export async function runLoginStatus(): Promise<number> {
  return loginStatus(resolveCodexHome(), process.env);
}

export async function runLogout(): Promise<number> {
  return logout(resolveCodexHome());
}
