export { createUiApi, type UiApi, type UiApiSettings } from './wiring';
export { createUiApiRouter, type UiApiDeps } from './router';
export {
  requireSession,
  sessionFrom,
  installationFrom,
  currentInstallation,
  sessionAuthorizer,
  type SessionLocals,
  type InstallationRefusal,
} from './require-session';
export { createSessionIssuer, type SessionIssuer, type UiSession } from './session';
export { createAppTokenVerifier, type AppTokenVerifier, type AppTokenClaims } from './app-token';
