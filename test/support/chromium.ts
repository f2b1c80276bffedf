// Chromium as the browser tests and the sidebar bench launch it: Debian's package (a browser download does not work
// on these machines) through playwright-core. CHROMIUM_PATH is the one `npm test` found.

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Flags that keep Chromium off the (closed) network and quiet. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
