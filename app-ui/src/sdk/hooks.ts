import { useContext } from 'react';
import type { AppSdk, EntryApi, InstallationApi } from './app-sdk';
import { AppSdkContext } from './app-sdk-context';
import { PortsContext } from './ports-context';
import type { Ports } from './ports-context';

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

/** The ports a location talks through, as the composition root (or a test) provided them. */
export function usePorts(): Ports {
  const ports = useContext(PortsContext);
  if (!ports) throw new Error('usePorts() needs a <PortsProvider> (or PortsContext) above it.');
  return ports;
}
