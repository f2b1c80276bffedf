/**
 * Wraps the real `UiLocation` into the narrow `AppSdk`. Event registration happens once per SDK event
 * (the SDK has no way to unregister), and listeners are fanned out from here so React effects can come and go.
 */
import type UiLocation from '@contentstack/app-sdk/dist/src/uiLocation';
import type { AppSdk, EntryApi, HostResponse, InstallationApi, LocationKind } from './app-sdk';
import type { JsonObject } from '@pb/shared/cms/entry-path';

type Listener = (entry: JsonObject) => void;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function locationKind(sdk: UiLocation): LocationKind {
  if (sdk.location.SidebarWidget) return 'sidebar';
  if (sdk.location.AppConfigWidget) return 'config';
  if (sdk.location.FullPage) return 'full_page';
  return 'unknown';
}

function fanOut(register: (cb: Listener) => void): (listener: Listener) => () => void {
  const listeners = new Set<Listener>();
  let registered = false;
  return (listener) => {
    if (!registered) {
      registered = true;
      register((entry) => listeners.forEach((l) => l(entry)));
    }
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
}

function entryApi(sdk: UiLocation): EntryApi | null {
  const widget = sdk.location.SidebarWidget;
  if (!widget) return null;
  const entry = widget.entry;
  const ct: unknown = entry.content_type;
  const contentType = isObject(ct) ? ct : {};
  const onSave = fanOut((cb) => entry.onSave((data: unknown) => cb(isObject(data) ? data : {})));
  const onChange = fanOut((cb) => entry.onChange((data: unknown) => cb(isObject(data) ? data : {})));
  return {
    contentType: {
      uid: typeof contentType.uid === 'string' ? contentType.uid : '',
      title: typeof contentType.title === 'string' ? contentType.title : '',
      schema: Array.isArray(contentType.schema) ? (contentType.schema as unknown[]) : [],
    },
    locale: entry.locale,
    getData: () => {
      const data: unknown = entry.getData();
      return isObject(data) ? data : {};
    },
    onSave,
    onChange,
  };
}

function installationApi(sdk: UiLocation): InstallationApi | null {
  const widget = sdk.location.AppConfigWidget;
  if (!widget) return null;
  const installation = widget.installation;
  return {
    getInstallationData: async () => {
      const data: unknown = await installation.getInstallationData();
      const record = isObject(data) ? data : {};
      return {
        configuration: isObject(record.configuration) ? record.configuration : {},
        serverConfiguration: isObject(record.serverConfiguration) ? record.serverConfiguration : {},
      };
    },
    setInstallationData: async (data) => {
      await installation.setInstallationData(data);
    },
    setValidity: async (isValid, message) => {
      await Promise.resolve(installation.setValidity(isValid, message === undefined ? undefined : { message }));
    },
  };
}

/** The SDK's adapter rejects with `{status, data}` for HTTP errors, and with an Error when the host fails. */
function toHostResponse(value: unknown): HostResponse | null {
  if (isObject(value) && typeof value.status === 'number') return { status: value.status, data: value.data };
  return null;
}

export function fromUiLocation(sdk: UiLocation, appToken: string | null): AppSdk {
  const adapter = sdk.createAdapter();
  return {
    location: locationKind(sdk),
    stackApiKey: sdk.ids.apiKey,
    cmaBase: sdk.endpoints.CMA,
    userUid: sdk.ids.userUID,
    entry: entryApi(sdk),
    installation: installationApi(sdk),
    appToken,
    getConfig: async () => {
      const config: unknown = await sdk.getConfig();
      return isObject(config) ? config : {};
    },
    hostRequest: async (request) => {
      try {
        return toHostResponse(await adapter(request)) ?? { status: 502, data: null };
      } catch (error: unknown) {
        const answered = toHostResponse(error);
        if (answered) return answered;
        return { status: 502, data: { error_message: 'The CMS did not answer the request.' } };
      }
    },
  };
}
