/**
 * Who may change what in a stack connected to Personalize. Contentstack: "When a stack is linked to a
 * Personalize project, you cannot create, edit, or delete the title or description of variant groups or variants
 * that originate from Personalize." So a group or variant Personalize's sync made (`origin: 'personalize'`) keeps
 * its name, description, metadata and variants; CMA clients may only link and unlink content types. Nor may a
 * client make a group or variant that claims the connected project's metadata — that would pass a hand-made
 * group off as Personalize's. Independent groups keep full CRUD.
 *
 * The refusal's status, code and wording are not published: 403 with error_code 162 (the CMA's code for a
 * forbidden action elsewhere in the sandbox) and the offending field named in `errors` is an assumption.
 */
import { CmaError } from '../core/errors';
import type { PersonalizeMetadata, VariantGroupRecord, VariantRecord } from './model';

export const PERSONALIZE_OWNED_CODE = 162;

const refuse = (message: string, field: string, detail: string): CmaError =>
  new CmaError(403, { error_message: message, error_code: PERSONALIZE_OWNED_CODE, errors: { [field]: [detail] } });

export const ownershipErrors = {
  groupField: (field: 'name' | 'description' | 'personalize_metadata') =>
    refuse(
      'This variant group originates from Personalize: its name, description and variants can be changed only in Personalize. Linking content types is allowed.',
      field,
      'is managed by Personalize.',
    ),
  groupDelete: () =>
    refuse(
      'This variant group originates from Personalize and cannot be deleted in the stack.',
      'variant_group',
      'is managed by Personalize.',
    ),
  variant: () =>
    refuse(
      'Variants of a variant group that originates from Personalize can be created, renamed or deleted only in Personalize.',
      'variant',
      'is managed by Personalize.',
    ),
  claim: () =>
    refuse(
      "Only Personalize creates variant groups and variants for the stack's connected Personalize project.",
      'personalize_metadata',
      'names the connected Personalize project.',
    ),
} as const;

export const isPersonalizeMade = (record: VariantGroupRecord | VariantRecord): boolean =>
  record.origin === 'personalize';

/** Metadata naming the project connected to the stack. */
export const claimsProject = (metadata: PersonalizeMetadata | undefined, connected: string | undefined): boolean =>
  connected !== undefined && metadata?.project_uid === connected;

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

export const sameMetadata = (a: PersonalizeMetadata | undefined, b: PersonalizeMetadata | undefined): boolean =>
  canonical(a ?? null) === canonical(b ?? null);
