/**
 * The seams between the sandbox's parts. The CMA/delivery half (core, cma, delivery, admin) and the
 * Personalize/app-platform/webhook half (personalize, apps, webhooks) meet only through these types,
 * so each can be read and tested on its own. Everything here is sandbox-internal: the sandbox imports
 * nothing from the project's domain code.
 */
import type { Router } from 'express';

/** A stack the sandbox hosts. */
export interface StackRecord {
  apiKey: string;
  orgUid: string;
  name: string;
  uid: string;
  masterLocale: string;
  locales: string[];
  environments: string[];
}

/** Who is calling, resolved from `authtoken` / `authorization` headers. */
export type Principal =
  | { kind: 'user'; userUid: string; orgUid: string }
  | { kind: 'management-token'; stackApiKey: string; orgUid: string }
  | { kind: 'app'; installationUid: string; appUid: string; orgUid: string; stackApiKey: string; scopes: string[] };

export type AppPrincipal = Extract<Principal, { kind: 'app' }>;

export interface CredentialRegistry {
  /** Resolves a CMA/Personalize caller; undefined when no credential was sent or it is unknown/expired. */
  resolve(headers: { authtoken?: string | undefined; authorization?: string | undefined }): Principal | undefined;
  /** Records an OAuth app token issued by the app platform (apps/), valid until `expiresAt`. */
  registerAppToken(token: string, principal: AppPrincipal, expiresAt: Date): void;
  revokeAppTokens(installationUid: string): void;
}

/** A Contentstack-format webhook the sandbox should send to every target registered for the stack. */
export interface OutgoingEvent {
  stackApiKey: string;
  module: string;
  event: string;
  data: Record<string, unknown>;
}

export interface WebhookEmitter {
  emit(event: OutgoingEvent): void;
}

/** One budget bucket per organization and kind. */
export type RateKind = 'read' | 'write' | 'personalize';

/** A slice of in-memory state that can be saved to / restored from the optional JSON state file. */
export interface StatePart {
  readonly name: string;
  snapshot(): unknown;
  restore(data: unknown): void;
  /** Back to the seeded state. */
  reset(): void;
}

export interface Clock {
  now(): Date;
}

/** `personalize_metadata` as Personalize writes it on the groups and variants it makes. */
export type PersonalizeMetadataFields = Record<string, string>;

export interface PersonalizeCmsVariant {
  uid: string;
  name: string;
  alias: string;
  metadata: PersonalizeMetadataFields;
}

export interface PersonalizeCmsGroup {
  uid: string;
  name: string;
  description: string;
  variants: PersonalizeCmsVariant[];
}

/**
 * The narrow door through which Personalize's background CMS sync (personalize/cms-sync) writes into a
 * connected stack. The CMA half implements it over the same CmsStore its routes use, so what the sync makes
 * looks exactly like a CMA-made group; everything written through it is marked Personalize-made (and so
 * refused to CMA clients). Calls through it are internal: no request log, no rate budget.
 */
export interface PersonalizeCmsPort {
  group(stackApiKey: string, uid: string): PersonalizeCmsGroup | undefined;
  /** Names of every variant group of the stack (for the " (1)" suffix on a taken name). */
  groupNames(stackApiKey: string): string[];
  createGroup(
    stackApiKey: string,
    input: { name: string; description: string; metadata: PersonalizeMetadataFields },
  ): PersonalizeCmsGroup;
  updateGroup(stackApiKey: string, uid: string, input: { name: string; description: string }): void;
  createVariant(
    stackApiKey: string,
    groupUid: string,
    input: { name: string; alias: string; metadata: PersonalizeMetadataFields },
  ): PersonalizeCmsVariant;
  /** `dropMetadata`: the variant stops claiming a short uid (its metadata moved to a newer variant). */
  updateVariant(
    stackApiKey: string,
    groupUid: string,
    uid: string,
    input: { name?: string; alias?: string; dropMetadata?: boolean },
  ): void;
}

/** What every router of the sandbox receives. */
export interface SandboxContext {
  readonly baseUrl: () => string;
  readonly clock: Clock;
  readonly stacks: {
    get(apiKey: string): StackRecord | undefined;
    all(): StackRecord[];
  };
  readonly credentials: CredentialRegistry;
  readonly webhooks: WebhookEmitter;
  /** Personalize's sync writes CMS variant groups only through this. */
  readonly personalizeCms: PersonalizeCmsPort;
  registerState(part: StatePart): void;
}

/**
 * A part of the sandbox that contributes routes. `mount` is relative to the sandbox root.
 * Mounting of the Personalize / app-platform / webhook half: `createPersonalizeModule(ctx)` at `/personalize`;
 * `createAppPlatform(ctx, {keys, webhookTargets})` → `module` at `/apps-api`, `wellKnown` at the root (absolute
 * paths), `adminRouter` under `/_sandbox` (relative paths); `createWebhookDispatcher(...)` → `adminRouter` under
 * `/_sandbox`. Create the signing keys once (`createSigningKeys` from apps/keys) and give the same object to
 * the dispatcher and the app platform, and `dispatcher.targets` as `webhookTargets`.
 */
export interface SandboxModule {
  readonly mount: string;
  /** Which rate-limit bucket a request to this module draws from, or null for none (admin, well-known). */
  readonly rateKind: (method: string, path: string) => RateKind | null;
  readonly router: Router;
  /**
   * Optional: the organization a request bills to, for modules whose requests carry no `api_key`
   * (e.g. Personalize resolves it from `x-project-uid`). Without it the sandbox uses the stack of the
   * `api_key` header, then the caller's credentials.
   */
  readonly orgOf?: (headers: Record<string, string | string[] | undefined>) => string | undefined;
}
