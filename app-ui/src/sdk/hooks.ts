import { useContext, useMemo } from 'react';
import type { AppSdk, EntryApi, InstallationApi } from './app-sdk';
import { AppSdkContext } from './app-sdk-context';
import { PortsContext } from './ports-context';
import type { Ports } from './ports-context';
import { createSdkCmaPort } from '../cma/sdk-cma-port';
import { createHttpBridgePort } from '../bridge/http-bridge-port';

export function useAppSdk(): AppSdk {
  const sdk = useContext(AppSdkContext);
  if (!sdk) throw new Error('useAppSdk() needs an <AppSdkProvider> above it.');
  return sdk;
}

export function useEntry(): EntryApi | null {
  return useAppSdk().entry;
}

export function useInstallation(): InstallationApi | null {
  return useAppSdk().installation;
}

/** The ports a location talks through: injected ones (tests) or ones built over the SDK (production). */
export function usePorts(): Ports {
  const injected = useContext(PortsContext);
  const sdk = useAppSdk();
  return useMemo(
    () =>
      injected ?? {
        cma: createSdkCmaPort(sdk),
        bridge: createHttpBridgePort(sdk, { fetch: window.fetch.bind(window) }),
      },
    [injected, sdk],
  );
}
