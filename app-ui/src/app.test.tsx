import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from './app';
import { routeFor } from './routes';
import { fakeBridge } from './test-support/fake-bridge';
import { fakeCma } from './test-support/fake-cma';
import { fakeSdk } from './test-support/fake-sdk';
import { baseEntry, experiences, groups, promoType } from './test-support/fixtures';

const overview = {
  experiences: experiences.map((x) => ({ ...x, contentTypes: [], mirror: { state: 'in-sync' as const } })),
  orphanedGroups: [],
};
const ports = { cma: fakeCma({ groups, base: baseEntry }), bridge: fakeBridge({ experiences, overview }) };
const makePorts = () => ports;

describe('app shell', () => {
  it.each([
    ['/sidebar', 'sidebar'],
    ['/sidebar/', 'sidebar'],
    ['/config', 'config'],
    ['/experiences', 'experiences'],
    ['/', null],
    ['/admin', null],
  ])('routes %s to %s', (pathname, route) => {
    expect(routeFor(pathname)).toBe(route);
  });

  it('says which path is unknown', () => {
    render(<App pathname="/nowhere" ports={makePorts} />);
    expect(screen.getByRole('alert').textContent).toContain('No UI location is served at /nowhere.');
  });

  it('initialises the SDK once through the provider and lazy-loads the sidebar route', async () => {
    let inits = 0;
    const sdk = fakeSdk({ location: 'sidebar', entry: baseEntry, contentType: promoType });
    render(
      <App
        pathname="/sidebar"
        ports={makePorts}
        init={() => {
          inits += 1;
          return Promise.resolve(sdk);
        }}
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('Connecting to Contentstack…');
    expect(await screen.findByRole('heading', { name: 'Personalize variants' })).toBeTruthy();
    expect(await screen.findByRole('article', { name: 'Summer hero' })).toBeTruthy();
    expect(inits).toBe(1);
  });

  it('shows why the SDK did not start (e.g. opened outside the CMS)', async () => {
    render(
      <App
        pathname="/sidebar"
        ports={makePorts}
        init={() => Promise.reject(new Error('Window does not have a parent'))}
      />,
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The app could not start');
    expect(alert.textContent).toContain('Window does not have a parent');
  });

  it('tells a location opened at the wrong route so', async () => {
    const sdk = fakeSdk({ location: 'config' });
    render(<App pathname="/sidebar" sdk={sdk} ports={makePorts} />);
    expect((await screen.findByRole('alert')).textContent).toContain('This page is the entry sidebar');
  });

  it('renders the experiences page with what the server returns', { timeout: 30_000 }, async () => {
    const sdk = fakeSdk({ location: 'full_page' });
    render(<App pathname="/experiences" sdk={sdk} ports={makePorts} />);
    // The route's chunk includes venus-components, which takes jsdom a few seconds to load the first time.
    expect(await screen.findByRole('rowheader', { name: /Checkout test/ }, { timeout: 15_000 })).toBeTruthy();
  });
});
