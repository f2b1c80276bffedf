/**
 * The app's composition root: the one place that picks the production adapters behind the locations' ports — the
 * CMA through the SDK's host proxy, our server over `fetch` with a session traded for the app token.
 */
import { createHttpBridgePort } from './bridge/http-bridge-port';
import { createSdkCmaPort } from './cma/sdk-cma-port';
import type { AppSdk } from './sdk/app-sdk';
import type { Ports } from './ports/ports-context';

export function productionPorts(sdk: AppSdk): Ports {
  return {
    cma: createSdkCmaPort(sdk),
    bridge: createHttpBridgePort(sdk, { fetch: window.fetch.bind(window) }),
  };
}
