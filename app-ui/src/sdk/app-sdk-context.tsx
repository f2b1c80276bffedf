/**
 * One SDK per page, handed to every location through context. Tests pass `sdk` (a fake); production passes
 * nothing and the provider calls `init()` once.
 */
import { createContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { AppSdk } from './app-sdk';
import { ErrorNotice, Loading } from '../ui/status';

export const AppSdkContext = createContext<AppSdk | null>(null);

type State = { kind: 'loading' } | { kind: 'ready'; sdk: AppSdk } | { kind: 'failed'; reason: string };

export function AppSdkProvider(props: { sdk?: AppSdk; init?: () => Promise<AppSdk>; children: ReactNode }) {
  const { sdk, init } = props;
  const [state, setState] = useState<State>(sdk ? { kind: 'ready', sdk } : { kind: 'loading' });

  useEffect(() => {
    if (sdk || !init) return;
    let live = true;
    init().then(
      (ready) => live && setState({ kind: 'ready', sdk: ready }),
      (error: unknown) =>
        live && setState({ kind: 'failed', reason: error instanceof Error ? error.message : 'The SDK did not start.' }),
    );
    return () => {
      live = false;
    };
  }, [sdk, init]);

  if (state.kind === 'loading') return <Loading label="Connecting to Contentstack…" />;
  if (state.kind === 'failed') return <ErrorNotice title="The app could not start" reason={state.reason} />;
  return <AppSdkContext.Provider value={state.sdk}>{props.children}</AppSdkContext.Provider>;
}
