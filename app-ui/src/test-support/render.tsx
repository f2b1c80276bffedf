import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { BridgePort } from '../bridge/bridge-port';
import type { CmaPort } from '../cma/cma-port';
import type { AppSdk } from '../sdk/app-sdk';
import { AppSdkProvider } from '../sdk/app-sdk-context';
import { PortsContext } from '../ports/ports-context';

/** Renders a location the way the shell does, with the SDK and the ports injected through context. */
export function renderLocation(ui: ReactElement, deps: { sdk: AppSdk; cma: CmaPort; bridge: BridgePort }) {
  return render(
    <AppSdkProvider sdk={deps.sdk}>
      <PortsContext.Provider value={{ cma: deps.cma, bridge: deps.bridge }}>{ui}</PortsContext.Provider>
    </AppSdkProvider>,
  );
}
