/**
 * The ports every location talks through, handed down by context. Which adapters they are is decided once, at the
 * app's composition root (`composition.ts`, passed in by `main.tsx`); tests hand in fakes the same way.
 */
import { createContext, useContext, useMemo } from 'react';
import type { ReactNode } from 'react';
import type { BridgePort } from '../bridge/bridge-port';
import type { CmaPort } from '../cma/cma-port';
import type { AppSdk } from '../sdk/app-sdk';
import { AppSdkContext } from '../sdk/app-sdk-context';

export interface Ports {
  cma: CmaPort;
  bridge: BridgePort;
}

/** Builds the ports over the started SDK. */
export type MakePorts = (sdk: AppSdk) => Ports;

export const PortsContext = createContext<Ports | null>(null);

/** Builds the ports once the SDK is up (below `AppSdkProvider`) and provides them. */
export function PortsProvider(props: { make: MakePorts; children: ReactNode }) {
  const sdk = useContext(AppSdkContext);
  const { make } = props;
  const ports = useMemo(() => (sdk ? make(sdk) : null), [sdk, make]);
  return <PortsContext.Provider value={ports}>{props.children}</PortsContext.Provider>;
}

/** The ports a location talks through, as the composition root (or a test) provided them. */
export function usePorts(): Ports {
  const ports = useContext(PortsContext);
  if (!ports) throw new Error('usePorts() needs a <PortsProvider> (or PortsContext) above it.');
  return ports;
}
