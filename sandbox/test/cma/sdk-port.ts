/**
 * The slice of the official @contentstack/management SDK these tests drive, typed narrowly (its own
 * .d.ts files miss the variant-group modules). The SDK itself runs unchanged.
 */
import { createRequire } from 'node:module';

/**
 * Loaded without its type declarations on purpose: they include `.ts` sources (types/stack/VariantGroup)
 * that a strict `verbatimModuleSyntax` build type-checks and rejects. The runtime SDK is the real one.
 */
const contentstack = createRequire(import.meta.url)('@contentstack/management') as {
  client(config: Record<string, unknown>): { stack(config: { api_key: string; management_token: string }): unknown };
};

type Json = Record<string, unknown>;

export interface SdkCollection<T> {
  items: T[];
  count?: number;
}

export interface SdkVariant extends Json {
  uid: string;
  update(body: Json): Promise<Json>;
  fetch(params?: Json): Promise<Json>;
  delete(): Promise<Json>;
}

export interface SdkVariantGroup extends Json {
  uid: string;
  update(body: Json): Promise<Json>;
  delete(): Promise<Json>;
  variants(): {
    create(body: Json): Promise<Json>;
    query(params?: Json): { find(): Promise<SdkCollection<SdkVariant>> };
  };
  variants(uid: string): SdkVariant;
}

export interface SdkEntryVariant {
  update(body: Json, params?: Json): Promise<Json>;
  fetch(params?: Json): Promise<Json & { entry?: Json }>;
  delete(params?: Json): Promise<Json>;
  versions(): Promise<Json>;
}

export interface SdkEntry extends Json {
  uid: string;
  _version: number;
  update(params?: Json): Promise<SdkEntry>;
  fetch(params?: Json): Promise<SdkEntry>;
  delete(params?: Json): Promise<Json>;
  locales(): Promise<Json>;
  includeVariants(includeVariant: boolean, variantUid: string): Promise<Json & { entry?: Json }>;
  publish(args: { publishDetails: Json; locale?: string }): Promise<Json>;
  unpublish(args: { publishDetails: Json; locale?: string }): Promise<Json>;
  variants(): { query(params?: Json): { find(): Promise<SdkCollection<Json>> } };
  variants(uid: string): SdkEntryVariant;
}

export interface SdkStack {
  fetch(): Promise<Json>;
  environment(): { query(params?: Json): { find(): Promise<SdkCollection<Json>> } };
  locale(): { query(params?: Json): { find(): Promise<SdkCollection<Json>> } };
  variantGroup(): {
    create(body: Json): Promise<Json>;
    query(params?: Json): { find(): Promise<SdkCollection<SdkVariantGroup>> };
  };
  variantGroup(uid: string): SdkVariantGroup;
  contentType(uid: string): {
    fetch(): Promise<Json>;
    entry(): {
      create(body: Json, params?: Json): Promise<SdkEntry>;
      query(params?: Json): { find(): Promise<SdkCollection<SdkEntry>> };
    };
    entry(uid: string, options?: { api_version?: string }): SdkEntry;
  };
}

/**
 * `endpoint`, not `host`: the SDK's host check refuses IP addresses and `localhost`, while an endpoint
 * on 127.0.0.1 is allowed whenever NODE_ENV is unset, `development` or `test`.
 */
export const sdkStack = (baseUrl: string, apiKey: string, managementToken: string): SdkStack => {
  const client = contentstack.client({ endpoint: `${baseUrl}/v3`, retryOnError: false, logHandler: () => undefined });
  return client.stack({ api_key: apiKey, management_token: managementToken }) as SdkStack;
};

/** The error the SDK throws: its own fields, parsed back from `error.message`. */
export const sdkError = async (
  promise: Promise<unknown>,
): Promise<{ status: number; errorCode: number; errorMessage: string; errors: Json }> => {
  try {
    await promise;
  } catch (err) {
    const e = err as { status?: number; errorCode?: number; errorMessage?: string; errors?: Json };
    return {
      status: e.status ?? 0,
      errorCode: e.errorCode ?? 0,
      errorMessage: e.errorMessage ?? '',
      errors: e.errors ?? {},
    };
  }
  throw new Error('expected the SDK call to fail');
};
