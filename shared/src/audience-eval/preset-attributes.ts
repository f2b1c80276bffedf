// Preset attributes from the request that asks for a decision. Pure: the caller hands in headers, the page URL and
// the clock; nothing here reads a socket or the environment.
//
// Geo comes from the headers CDNs and platforms add (whichever is present, in the order below), so the server
// works behind Cloudflare, Vercel, CloudFront, App Engine or any proxy that sets the generic x-country-code family.
// We do not geolocate IPs ourselves: with no geo header, COUNTRY/REGION/CITY are missing (see compile.ts rule 1).
import type { DeviceType, OperatingSystem, PresetAttributes, QueryParameters } from './context';
import { parseQueryParameters } from './query-parameters';
import { classifyUserAgent } from './user-agent';

/** Request headers with lower-case names, as Node and fetch-style adapters hand them over. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface RequestFacts {
  readonly headers: RequestHeaders;
  /** The page the visitor is on (X-Page-Url from the edge SDK); its query gives QUERY_PARAMETERS. */
  readonly pageUrl?: string;
  /** Decision time in epoch milliseconds. */
  readonly now: number;
}

const COUNTRY_HEADERS = [
  'cf-ipcountry',
  'x-vercel-ip-country',
  'cloudfront-viewer-country',
  'x-appengine-country',
  'x-country-code',
  'x-geo-country',
];
const REGION_HEADERS = [
  'cf-region-code',
  'x-vercel-ip-country-region',
  'cloudfront-viewer-country-region',
  'x-appengine-region',
  'x-region-code',
  'x-geo-region',
];
const CITY_HEADERS = [
  'cf-ipcity',
  'x-vercel-ip-city',
  'cloudfront-viewer-city',
  'x-appengine-city',
  'x-city',
  'x-geo-city',
];

/** Placeholders CDNs send when they do not know: Cloudflare's XX (unknown) and T1 (Tor), App Engine's ZZ. */
const UNKNOWN_COUNTRIES = new Set(['XX', 'T1', 'ZZ']);

function header(headers: RequestHeaders, name: string): string | undefined {
  const raw = headers[name];
  const value = typeof raw === 'string' ? raw : raw?.[0];
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function firstHeader(headers: RequestHeaders, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = header(headers, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Vercel and CloudFront URL-encode city names ("S%C3%A3o%20Paulo"); decoding a plain name is a no-op. */
function decodeHeaderText(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const CLIENT_HINT_PLATFORMS: Readonly<Record<string, OperatingSystem>> = {
  android: 'ANDROID',
  ios: 'IOS',
  windows: 'WINDOWS',
  macos: 'MACOS',
  'chrome os': 'CHROME_OS',
  chromeos: 'CHROME_OS',
  linux: 'LINUX',
};

/** User-Agent Client Hints, when the browser sends them, are more reliable than the frozen UA string. */
function deviceFromClientHints(headers: RequestHeaders): { os?: OperatingSystem; mobile?: boolean } {
  const platform = header(headers, 'sec-ch-ua-platform')?.replace(/"/g, '').toLowerCase();
  const mobile = header(headers, 'sec-ch-ua-mobile');
  const os = platform === undefined ? undefined : CLIENT_HINT_PLATFORMS[platform];
  return {
    ...(os === undefined ? {} : { os }),
    ...(mobile === '?1' ? { mobile: true } : mobile === '?0' ? { mobile: false } : {}),
  };
}

export function presetAttributesFromRequest({ headers, pageUrl, now }: RequestFacts): PresetAttributes {
  const rawCountry = firstHeader(headers, COUNTRY_HEADERS)?.toUpperCase();
  const country = rawCountry === undefined || UNKNOWN_COUNTRIES.has(rawCountry) ? undefined : rawCountry;
  const region = firstHeader(headers, REGION_HEADERS);
  const city = firstHeader(headers, CITY_HEADERS);

  const ua = classifyUserAgent(header(headers, 'user-agent'));
  const hints = deviceFromClientHints(headers);
  const operatingSystem: OperatingSystem | undefined = hints.os ?? ua?.operatingSystem;
  // Chrome sends `sec-ch-ua-mobile: ?1` only on phones (tablets send ?0), so it settles what the UA leaves open.
  const deviceType: DeviceType | undefined = hints.mobile === true ? 'MOBILE' : ua?.deviceType;

  const referrer = header(headers, 'referer');
  const page = pageUrl ?? header(headers, 'x-page-url');
  const query: QueryParameters | undefined = page === undefined ? undefined : parseQueryParameters(page);

  return {
    ...(country === undefined ? {} : { COUNTRY: country }),
    ...(region === undefined ? {} : { REGION: decodeHeaderText(region) }),
    ...(city === undefined ? {} : { CITY: decodeHeaderText(city) }),
    ...(deviceType === undefined ? {} : { DEVICE_TYPE: deviceType }),
    ...(operatingSystem === undefined ? {} : { OPERATING_SYSTEM: operatingSystem }),
    ...(referrer === undefined ? {} : { REFERRER: referrer }),
    ...(query === undefined ? {} : { QUERY_PARAMETERS: query }),
    DATE_AND_TIME: now,
  };
}
