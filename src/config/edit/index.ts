// Comment-preserving edits of TOML files (config.toml): `codex mcp add/remove`, trust settings.
export { TomlDocument, TomlEditError } from "./document.js";
export { editTomlFile } from "./file.js";
export type { TomlTable, TomlValue } from "./render.js";
export { renderKeyPath } from "./render.js";
