/**
 * The app shell: picks the location's route by pathname and loads only that location's code (the sidebar does not
 * download venus-components' JavaScript before it is interactive; see sidebar/ask-to-confirm.ts).
 */
import { lazy, Suspense } from 'react';
import type { ComponentType, LazyExoticComponent } from 'react';
import type { AppSdk } from './sdk/app-sdk';
import { AppSdkProvider } from './sdk/app-sdk-context';
import { PortsProvider } from './ports/ports-context';
import type { MakePorts } from './ports/ports-context';
import type { RouteName } from './routes';
import { routeFor } from './routes';
import { ErrorNotice, Loading } from './ui/status';

type Loader = () => Promise<{ default: ComponentType }>;

/** Each loader runs once; the shell starts it while the SDK handshake is still in flight (no waterfall). */
function once(load: Loader): Loader {
  let started: ReturnType<Loader> | null = null;
  return () => (started ??= load());
}

const loaders: Record<RouteName, Loader> = {
  sidebar: once(() => import('./sidebar/sidebar')),
  config: once(() => import('./config/config-screen')),
  experiences: once(() => import('./experiences/experiences-page')),
};

const locations = Object.fromEntries(Object.entries(loaders).map(([route, load]) => [route, lazy(load)])) as Record<
  RouteName,
  LazyExoticComponent<ComponentType>
>;

export function App(props: { pathname: string; ports: MakePorts; sdk?: AppSdk; init?: () => Promise<AppSdk> }) {
  const route = routeFor(props.pathname);
  if (!route) return <ErrorNotice title="Unknown location" reason={`No UI location is served at ${props.pathname}.`} />;
  void loaders[route]();
  const Location = locations[route];
  const provider = props.sdk ? { sdk: props.sdk } : props.init ? { init: props.init } : {};
  return (
    <AppSdkProvider {...provider}>
      <PortsProvider make={props.ports}>
        <Suspense fallback={<Loading label="Loading…" />}>
          <Location />
        </Suspense>
      </PortsProvider>
    </AppSdkProvider>
  );
}
