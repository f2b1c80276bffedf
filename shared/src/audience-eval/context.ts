// What an audience is evaluated against: preset attributes derived from the request and custom attributes the
// visitor carries (stored via PATCH /user-attributes, or sent live in X-Live-Attributes), keyed by attribute key.
export const DEVICE_TYPES = ['MOBILE', 'TABLET', 'DESKTOP'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const OPERATING_SYSTEMS = ['IOS', 'ANDROID', 'WINDOWS', 'MACOS', 'CHROME_OS', 'LINUX', 'OTHER'] as const;
export type OperatingSystem = (typeof OPERATING_SYSTEMS)[number];

/** The page URL's query, decoded once per request so rules can match it without allocating. */
export interface QueryParameters {
  /** Decoded query without the leading '?', lower-cased: what CONTAINS_SUBSTRING searches. */
  readonly search: string;
  /** Decoded "key=value" pairs, lower-cased: what STRING_EQUALS and IS_MEMBER_OF match. */
  readonly pairs: ReadonlySet<string>;
  /** Decoded keys, lower-cased: what STRING_EQUALS matches when its value names a parameter without "=". */
  readonly keys: ReadonlySet<string>;
  /** Decoded values by decoded key, case kept (the first value wins for repeated keys): what JSON_MATCH reads. */
  readonly values: Readonly<Record<string, string>>;
}

export interface PresetAttributes {
  /** ISO 3166-1 alpha-2, upper case. */
  readonly COUNTRY?: string;
  readonly REGION?: string;
  readonly CITY?: string;
  readonly DEVICE_TYPE?: DeviceType;
  readonly OPERATING_SYSTEM?: OperatingSystem;
  readonly REFERRER?: string;
  readonly QUERY_PARAMETERS?: QueryParameters;
  /** Epoch milliseconds of the decision. */
  readonly DATE_AND_TIME?: number;
}

export interface EvaluationContext {
  readonly preset: PresetAttributes;
  /** Custom attribute values by attribute key; absent, undefined and null all mean "not known". */
  readonly custom: Readonly<Record<string, unknown>>;
}
