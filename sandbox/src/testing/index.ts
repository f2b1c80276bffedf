// `@pb/sandbox/testing`: what tests and scripts need to drive a running sandbox as the platform's other actors do
// (the developer, the admin who installs, the browser) and to point a server at it. HTTP only: it works the same
// against an in-process sandbox and one in another process.
export { createInstallation, installApp, mintAppToken, registerApp } from './app-platform';
export type { AppEndpoints, AppInstall, Installation } from './app-platform';
export { serverEnvironment } from './server-environment';
export type { SandboxAppCredentials } from './server-environment';
