import { createContext } from 'react';
import type { BridgePort } from '../bridge/bridge-port';
import type { CmaPort } from '../cma/cma-port';

export interface Ports {
  cma: CmaPort;
  bridge: BridgePort;
}

/** Tests inject fake ports here; without a value, `usePorts()` builds them over the SDK. */
export const PortsContext = createContext<Ports | null>(null);
