// The official @contentstack/management SDK as the CMA adapter (cma-client.ts) uses it: loaded, described by the
// slice in use, and configured with no retries of its own (the queue is the one retry layer).
import { createRequire } from 'node:module';
import type { StackAuth } from '../installations';

// The SDK publishes its typings as `.ts` sources that do not compile under this repo's strict settings
// (`verbatimModuleSyntax`), and they declare several methods with the wrong parameters. So it is loaded through
// `require` and described here, structurally, by the slice this adapter uses.
interface SdkModule {
  client(config: {
    endpoint: string;
    authtoken?: string;
    authorization?: string;
    headers?: Record<string, string>;
    timeout: number;
    retryOnError: boolean;
    retryOnNetworkFailure: boolean;
    retryOnHttpServerError: boolean;
    logHandler: (level: string, data: unknown) => void;
    plugins: { onRequest: (request: unknown) => unknown; onResponse: (answer: unknown) => unknown }[];
  }): {
    stack(config: { api_key: string; management_token?: string }): SdkStack;
    axiosInstance: SdkHttp;
  };
}
interface SdkHttp {
  get(path: string, config: { params: object; headers: Record<string, string> }): Promise<{ data: unknown }>;
}
const contentstack = createRequire(import.meta.url)('@contentstack/management') as SdkModule;

// The slice of the stack API this adapter uses (e.g. the SDK's typings say `update(param)`; its code sends the
// argument as the body).
interface SdkCollection {
  items: unknown[];
  count?: number;
}
export interface SdkQuery {
  find(): Promise<SdkCollection>;
}
interface SdkVariantGroup {
  update(data: object): Promise<unknown>;
}
export interface SdkStack {
  variantGroup(uid: string): SdkVariantGroup;
  contentType(uid: string): {
    entry(): { query(params?: object): SdkQuery };
    entry(uid: string): { variants(): { query(params?: object): SdkQuery } };
  };
}

/** The SDK's client for one stack's calls; `onAnswer` sees every answer and failure (the SDK drops their headers). */
export function sdkClient(
  options: { baseUrl: string; organizationUid: string; auth: StackAuth; timeoutMs: number },
  onAnswer: (answer: unknown) => void,
) {
  const { auth } = options;
  return contentstack.client({
    endpoint: options.baseUrl.replace(/\/+$/, ''),
    // An app token goes in `authorization` with its organization; a management token goes on the stack (cma-client.ts).
    ...(auth.kind === 'app-token'
      ? { authorization: `Bearer ${auth.accessToken}`, headers: { organization_uid: options.organizationUid } }
      : { authtoken: auth.authtoken }),
    timeout: options.timeoutMs,
    retryOnError: false,
    retryOnNetworkFailure: false,
    retryOnHttpServerError: false,
    logHandler: () => undefined,
    plugins: [
      {
        onRequest: () => undefined,
        onResponse: (answer) => {
          onAnswer(answer);
          return undefined;
        },
      },
    ],
  });
}
