import { useContext } from 'react';
import type { AppSdk, EntryApi, InstallationApi } from './app-sdk';
import { AppSdkContext } from './app-sdk-context';

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
