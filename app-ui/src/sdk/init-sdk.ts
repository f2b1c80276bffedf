/**
 * Starts the real SDK once per page. The SDK module is imported lazily so the shell can paint a loading state
 * first, and the promise is cached so a remount (or React's strict-mode double effect) never sends `init` twice.
 */
import type { AppSdk } from './app-sdk';
import { fromUiLocation } from './ui-location-adapter';

let started: Promise<AppSdk> | null = null;

/** The signed-location token arrives once, on the first load of the location, as `?app-token=`. */
export function readAppToken(search: string): string | null {
  const token = new URLSearchParams(search).get('app-token');
  return token && token.length > 0 ? token : null;
}

export function initAppSdk(): Promise<AppSdk> {
  if (!started) {
    if (window.parent === window) {
      started = Promise.reject(
        new Error('Open this app inside Contentstack (or the dev host): it has no parent window.'),
      );
    } else {
      const appToken = readAppToken(window.location.search);
      started = import('@contentstack/app-sdk').then(async ({ default: ContentstackAppSDK }) =>
        fromUiLocation(await ContentstackAppSDK.init(), appToken),
      );
    }
  }
  return started;
}
