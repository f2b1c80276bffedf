/**
 * The narrow view of the Contentstack app SDK that the locations use. Components depend on this, never on
 * `UiLocation` itself: tests hand in a fake, production wraps the real SDK (see ui-location-adapter.ts).
 */
import type { JsonObject } from '@pb/shared/cms/entry-path';

export type LocationKind = 'sidebar' | 'config' | 'full_page' | 'unknown';

/** An axios-like request as the SDK's `apiAdapter` message carries it to the host. */
export interface HostRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  data?: unknown;
}

/** What the host answered. Errors (status >= 400) are answers too: their body carries the reason. */
export interface HostResponse {
  status: number;
  data: unknown;
}

export interface ContentTypeInfo {
  uid: string;
  title: string;
  schema: unknown[];
}

export type Unsubscribe = () => void;

/** The entry being edited (entry sidebar only). */
export interface EntryApi {
  readonly contentType: ContentTypeInfo;
  readonly locale: string;
  /** The saved entry as the CMS handed it over (refreshed by save events). */
  getData(): JsonObject;
  /** Called with the new saved entry after the editor saves the base entry. */
  onSave(listener: (entry: JsonObject) => void): Unsubscribe;
  /** Called with the unsaved draft whenever the editor changes a field. */
  onChange(listener: (draft: JsonObject) => void): Unsubscribe;
}

export interface InstallationData {
  configuration: JsonObject;
  serverConfiguration: JsonObject;
}

/** The installation (app configuration location only). */
export interface InstallationApi {
  getInstallationData(): Promise<InstallationData>;
  setInstallationData(data: InstallationData): Promise<void>;
  setValidity(isValid: boolean, message?: string): Promise<void>;
}

export interface AppSdk {
  readonly location: LocationKind;
  readonly stackApiKey: string;
  /** CMA origin as the CMS reports it (`endpoints.CMA`); requests still travel through the host. */
  readonly cmaBase: string;
  readonly userUid: string;
  readonly entry: EntryApi | null;
  readonly installation: InstallationApi | null;
  /** The public app configuration (never secrets). */
  getConfig(): Promise<JsonObject>;
  /** A CMA request proxied by the host, which adds the credentials: none ever reaches the browser. */
  hostRequest(request: HostRequest): Promise<HostResponse>;
  /** The signed-location app token from the iframe URL (`?app-token=`), when the location is signed. */
  readonly appToken: string | null;
}
