// Public API of the auth module.
export {
  resolveApiKey,
  MissingApiKeyError,
  CODEX_API_KEY_ENV,
  type ResolvedApiKey,
} from "./api-key.js";
export {
  AUTH_FILE_NAME,
  AuthFileError,
  authFilePath,
  readAuthFile,
  storedApiKey,
  saveApiKey,
  writeAuthFile,
  deleteAuthFile,
  type AuthFile,
} from "./auth-file.js";
export { maskApiKey } from "./mask.js";
