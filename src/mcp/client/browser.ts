// Opening the authorization URL for `codex mcp login`. `$BROWSER` wins (the usual convention;
// `%s` marks where the URL goes), then the desktop opener (`xdg-open`, `open`) when there is a
// display. Over SSH or without a display nothing is opened: the caller always prints the URL.
// The browser gets codex's environment minus API keys and other secrets.
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";

const SECRET_NAME = /(^|_)(API_KEY|KEY|TOKEN|SECRET|PASSWORD|CREDENTIALS?)$/i;

function browserEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !SECRET_NAME.test(k)));
}

function onPath(program: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The command that would open `url`, or undefined when there is no way to open one here. */
export function browserCommand(
  url: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string[] | undefined {
  const configured = env.BROWSER?.split(":")[0]?.trim();
  if (configured) {
    const words = configured.split(/\s+/);
    return words.some((w) => w.includes("%s"))
      ? words.map((w) => w.replaceAll("%s", url))
      : [...words, url];
  }
  if (platform === "darwin") return env.SSH_CONNECTION ? undefined : ["open", url];
  if (env.SSH_CONNECTION || env.SSH_TTY) return undefined;
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  const opener = onPath("xdg-open", env);
  return opener ? [opener, url] : undefined;
}

/** Start the browser (detached, output discarded); false when none could be started. */
export function openBrowser(url: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const argv = browserCommand(url, env);
  if (!argv) return Promise.resolve(false);
  const [program, ...args] = argv as [string, ...string[]];
  return new Promise((resolve) => {
    const child = spawn(program, args, {
      env: browserEnv(env),
      stdio: "ignore",
      detached: true,
    });
    child.once("error", () => resolve(false));
    child.once("spawn", () => {
      child.unref();
      resolve(true);
    });
  });
}
