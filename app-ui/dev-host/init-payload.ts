/**
 * The `init` answer the CMS gives each location (app-sdk-and-manifest.md "Init payload"). `type` must be exactly
 * the SDK's location constant, or the SDK falls into the custom-field path and throws.
 */
export const LOCATIONS = {
  sidebar: { type: 'WIDGET', route: '/sidebar', label: 'Entry sidebar (cs.cm.stack.sidebar)' },
  config: { type: 'APP_CONFIG_WIDGET', route: '/config', label: 'App configuration (cs.cm.stack.config)' },
  experiences: { type: 'FULL_PAGE_LOCATION', route: '/experiences', label: 'Experiences page (cs.cm.stack.full_page)' },
} as const;

export type LocationKey = keyof typeof LOCATIONS;

export function isLocationKey(value: string): value is LocationKey {
  return Object.hasOwn(LOCATIONS, value);
}

export interface InitInput {
  location: LocationKey;
  appUid: string;
  installationUid: string;
  stack: { api_key: string; org_uid: string; name: string; master_locale: string };
  user: { uid: string; email: string };
  /** CMA origin the app composes URLs with; requests still travel through the host. */
  cmaOrigin: string;
  hostOrigin: string;
  config: Record<string, unknown>;
  contentType?: Record<string, unknown>;
  entry?: Record<string, unknown>;
  locale: string;
}

export function initPayload(input: InitInput): Record<string, unknown> {
  const location = LOCATIONS[input.location];
  const payload: Record<string, unknown> = {
    type: location.type,
    app_id: input.appUid,
    installation_uid: input.installationUid,
    extension_uid: `${input.installationUid}_${input.location}`,
    region: 'NA',
    endpoints: { CMA: input.cmaOrigin, APP: input.hostOrigin, DEVELOPER_HUB: input.hostOrigin },
    currentBranch: 'main',
    stack: {
      ...input.stack,
      uid: input.stack.api_key,
      branches: [{ uid: 'main', source: '', alias: [] }],
    },
    user: {
      uid: input.user.uid,
      email: input.user.email,
      first_name: input.user.email.split('@')[0] ?? 'dev',
      last_name: '',
    },
    config: input.config,
    locale: input.locale,
  };
  if (input.location === 'sidebar') {
    payload.content_type = input.contentType ?? {};
    payload.entry = input.entry ?? {};
  }
  return payload;
}
