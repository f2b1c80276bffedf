/**
 * The CMS of every sandbox stack: content types, entries and their locales, variant groups and
 * variants, entry variants and publish records. Operations validate against the current state and
 * throw the CMA's errors *before* changing anything, so a refused request never leaves a trace.
 */
import type { StackRecord, StatePart } from '../core/contracts';
import { apiErrors } from '../core/errors';
import { bltUid, csUid } from '../core/ids';
import { applyChangeSet, changeSet } from './field-paths';
import { emptyStackContent, entryVariantKey, publishKey } from './model';
import type {
  CmsState,
  ContentTypeRecord,
  EntryLocaleRecord,
  EntryRecord,
  EntryVariantRecord,
  Fields,
  Origin,
  PersonalizeMetadata,
  PublishRecord,
  SchemaField,
  StackContent,
  VariantGroupRecord,
  VariantRecord,
} from './model';

export interface Actor {
  uid: string;
  at: string;
}

export interface PublishRequest {
  environments: string[];
  locales: string[];
  variants?: { uid: string; version?: number | undefined }[] | undefined;
  variantRules?: { publish_latest_base?: boolean | undefined; publish_latest_base_conditionally?: boolean | undefined };
}

export interface PublishOutcome {
  /** Which (environment, locale) pairs had their base published/unpublished, for webhooks. */
  base: { environment: string; locale: string; version: number }[];
  variants: { environment: string; locale: string; variantUid: string; version: number }[];
}

const audit = (actor: Actor) => ({
  created_at: actor.at,
  updated_at: actor.at,
  created_by: actor.uid,
  updated_by: actor.uid,
});

export class CmsStore implements StatePart {
  readonly name = 'cms';
  private state: CmsState;

  constructor(
    private readonly seed: () => CmsState,
    private readonly stacks: { get(apiKey: string): StackRecord | undefined },
  ) {
    this.state = seed();
  }

  snapshot(): CmsState {
    return structuredClone(this.state);
  }

  restore(data: unknown): void {
    if (typeof data !== 'object' || data === null || typeof (data as { stacks?: unknown }).stacks !== 'object') {
      throw new Error('cms state: expected {stacks:{...}}');
    }
    this.state = structuredClone(data as CmsState);
  }

  reset(): void {
    this.state = this.seed();
  }

  content(apiKey: string): StackContent {
    return (this.state.stacks[apiKey] ??= emptyStackContent());
  }

  private stackRecord(apiKey: string): StackRecord {
    const stack = this.stacks.get(apiKey);
    if (stack === undefined) throw apiErrors.apiKeyInvalid();
    return stack;
  }

  // --- content types -------------------------------------------------------------------------

  contentType(apiKey: string, uid: string): ContentTypeRecord {
    const ct = this.content(apiKey).contentTypes[uid];
    if (ct === undefined) throw apiErrors.contentTypeNotFound(uid);
    return ct;
  }

  contentTypes(apiKey: string): ContentTypeRecord[] {
    return Object.values(this.content(apiKey).contentTypes);
  }

  createContentType(
    apiKey: string,
    input: {
      uid: string;
      title: string;
      description?: string | undefined;
      schema: SchemaField[];
      options?: Record<string, unknown> | undefined;
    },
    actor: Actor,
  ): ContentTypeRecord {
    const content = this.content(apiKey);
    if (content.contentTypes[input.uid] !== undefined) {
      throw apiErrors.validation(
        'Content Type creation failed. Please enter valid data.',
        { uid: ['is not unique.'] },
        115,
      );
    }
    const ct: ContentTypeRecord = {
      uid: input.uid,
      title: input.title,
      description: input.description ?? '',
      schema: input.schema,
      options: input.options ?? {},
      _version: 1,
      ...audit(actor),
    };
    content.contentTypes[ct.uid] = ct;
    return ct;
  }

  updateContentType(
    apiKey: string,
    uid: string,
    input: {
      title?: string | undefined;
      description?: string | undefined;
      schema?: SchemaField[] | undefined;
      options?: Record<string, unknown> | undefined;
    },
    actor: Actor,
  ): ContentTypeRecord {
    const ct = this.contentType(apiKey, uid);
    if (input.title !== undefined) ct.title = input.title;
    if (input.description !== undefined) ct.description = input.description;
    if (input.schema !== undefined) ct.schema = input.schema;
    if (input.options !== undefined) ct.options = input.options;
    ct._version += 1;
    ct.updated_at = actor.at;
    ct.updated_by = actor.uid;
    return ct;
  }

  deleteContentType(apiKey: string, uid: string): ContentTypeRecord {
    const ct = this.contentType(apiKey, uid);
    const content = this.content(apiKey);
    for (const entry of Object.values(content.entries)) {
      if (entry.content_type_uid === uid) this.dropEntry(content, entry.uid, undefined);
    }
    for (const group of Object.values(content.variantGroups)) {
      group.content_types = group.content_types.filter((c) => c.uid !== uid);
    }
    delete content.contentTypes[uid];
    return ct;
  }

  // --- entries -------------------------------------------------------------------------------

  entry(apiKey: string, ctUid: string, uid: string): EntryRecord {
    this.contentType(apiKey, ctUid);
    const entry = this.content(apiKey).entries[uid];
    if (entry === undefined || entry.content_type_uid !== ctUid) throw apiErrors.entryNotFound();
    return entry;
  }

  /** The entry as seen in `locale`: its localized version, else the master locale's (fallback). */
  entryInLocale(
    apiKey: string,
    entry: EntryRecord,
    locale: string | undefined,
  ): { locale: string; record: EntryLocaleRecord } {
    const stack = this.stackRecord(apiKey);
    const wanted = locale ?? stack.masterLocale;
    const own = entry.locales[wanted];
    if (own !== undefined) return { locale: wanted, record: own };
    const master = entry.locales[stack.masterLocale];
    if (master === undefined) throw apiErrors.entryNotFound();
    return { locale: stack.masterLocale, record: master };
  }

  entries(apiKey: string, ctUid: string): EntryRecord[] {
    this.contentType(apiKey, ctUid);
    return Object.values(this.content(apiKey).entries).filter((e) => e.content_type_uid === ctUid);
  }

  checkLocale(apiKey: string, locale: string): void {
    if (!this.stackRecord(apiKey).locales.includes(locale)) {
      throw apiErrors.validation(`Language was not found. Please try again.`, { locale: ['is not valid.'] }, 141);
    }
  }

  createEntry(
    apiKey: string,
    ctUid: string,
    fields: Fields,
    locale: string | undefined,
    actor: Actor,
    uid?: string,
  ): EntryRecord {
    this.contentType(apiKey, ctUid);
    const stack = this.stackRecord(apiKey);
    const target = locale ?? stack.masterLocale;
    this.checkLocale(apiKey, target);
    const entry: EntryRecord = {
      uid: uid ?? bltUid(),
      content_type_uid: ctUid,
      locales: { [target]: { fields, _version: 1, ...audit(actor) } },
    };
    if (target !== stack.masterLocale)
      entry.locales[stack.masterLocale] = { fields: structuredClone(fields), _version: 1, ...audit(actor) };
    this.content(apiKey).entries[entry.uid] = entry;
    return entry;
  }

  /** Updates (or localizes, when `locale` has no version yet) an entry; `_version` goes up by one. */
  updateEntry(
    apiKey: string,
    ctUid: string,
    uid: string,
    fields: Fields,
    locale: string | undefined,
    actor: Actor,
  ): { locale: string; record: EntryLocaleRecord } {
    const entry = this.entry(apiKey, ctUid, uid);
    const stack = this.stackRecord(apiKey);
    const target = locale ?? stack.masterLocale;
    this.checkLocale(apiKey, target);
    const existing = entry.locales[target];
    if (existing === undefined) {
      const record: EntryLocaleRecord = { fields, _version: 1, ...audit(actor) };
      entry.locales[target] = record;
      return { locale: target, record };
    }
    existing.fields = { ...existing.fields, ...fields };
    existing._version += 1;
    existing.updated_at = actor.at;
    existing.updated_by = actor.uid;
    return { locale: target, record: existing };
  }

  deleteEntry(apiKey: string, ctUid: string, uid: string, locale: string | undefined): EntryRecord {
    const entry = this.entry(apiKey, ctUid, uid);
    const stack = this.stackRecord(apiKey);
    if (locale !== undefined && locale !== stack.masterLocale) {
      if (entry.locales[locale] === undefined) throw apiErrors.entryNotFound();
    }
    this.dropEntry(this.content(apiKey), uid, locale === stack.masterLocale ? undefined : locale);
    return entry;
  }

  private dropEntry(content: StackContent, uid: string, locale: string | undefined): void {
    const entry = content.entries[uid];
    if (entry === undefined) return;
    const inScope = (l: string): boolean => locale === undefined || l === locale;
    for (const [key, ev] of Object.entries(content.entryVariants)) {
      if (ev.entry_uid === uid && inScope(ev.locale)) delete content.entryVariants[key];
    }
    for (const [key, p] of Object.entries(content.publishes)) {
      if (p.entry_uid === uid && inScope(p.locale)) delete content.publishes[key];
    }
    if (locale === undefined) delete content.entries[uid];
    else delete entry.locales[locale];
  }

  // --- variant groups and variants ----------------------------------------------------------

  variantGroups(apiKey: string): VariantGroupRecord[] {
    return Object.values(this.content(apiKey).variantGroups);
  }

  variantGroup(apiKey: string, uid: string): VariantGroupRecord {
    const group = this.content(apiKey).variantGroups[uid];
    if (group === undefined) throw apiErrors.variantGroupNotFound(uid);
    return group;
  }

  variantsOf(apiKey: string, groupUid: string): VariantRecord[] {
    return Object.values(this.content(apiKey).variants).filter((v) => v.variant_group_uid === groupUid);
  }

  createVariantGroup(
    apiKey: string,
    input: {
      uid?: string | undefined;
      name: string;
      description?: string | undefined;
      content_types: string[];
      personalize_metadata?: PersonalizeMetadata | undefined;
      origin?: Origin | undefined;
    },
    actor: Actor,
  ): VariantGroupRecord {
    const content = this.content(apiKey);
    if (input.uid !== undefined && content.variantGroups[input.uid] !== undefined) {
      throw apiErrors.validation('Variant group creation failed.', { uid: ['is not unique.'] }, 141);
    }
    for (const ct of input.content_types) this.contentType(apiKey, ct);
    const group: VariantGroupRecord = {
      uid: input.uid ?? csUid(),
      name: input.name,
      description: input.description ?? '',
      branches: ['main'],
      content_types: [...new Set(input.content_types)].map((uid) => ({ uid, status: 'linked' as const })),
      ...(input.personalize_metadata === undefined ? {} : { personalize_metadata: input.personalize_metadata }),
      ...(input.origin === undefined ? {} : { origin: input.origin }),
      ...audit(actor),
    };
    content.variantGroups[group.uid] = group;
    return group;
  }

  updateVariantGroup(
    apiKey: string,
    uid: string,
    input: {
      name?: string | undefined;
      description?: string | undefined;
      links?: { uid: string; status: 'linked' | 'unlinked' }[] | undefined;
      personalize_metadata?: PersonalizeMetadata | undefined;
    },
    actor: Actor,
  ): VariantGroupRecord {
    const group = this.variantGroup(apiKey, uid);
    for (const link of input.links ?? []) if (link.status === 'linked') this.contentType(apiKey, link.uid);
    if (input.name !== undefined) group.name = input.name;
    if (input.description !== undefined) group.description = input.description;
    if (input.personalize_metadata !== undefined) group.personalize_metadata = input.personalize_metadata;
    for (const link of input.links ?? []) {
      const present = group.content_types.some((c) => c.uid === link.uid);
      if (link.status === 'linked' && !present) group.content_types.push({ uid: link.uid, status: 'linked' });
      if (link.status === 'unlinked') group.content_types = group.content_types.filter((c) => c.uid !== link.uid);
    }
    group.updated_at = actor.at;
    group.updated_by = actor.uid;
    return group;
  }

  deleteVariantGroup(apiKey: string, uid: string): VariantGroupRecord {
    const group = this.variantGroup(apiKey, uid);
    for (const variant of this.variantsOf(apiKey, uid)) this.dropVariant(apiKey, variant.uid);
    delete this.content(apiKey).variantGroups[uid];
    return group;
  }

  variant(apiKey: string, groupUid: string, uid: string): VariantRecord {
    this.variantGroup(apiKey, groupUid);
    const variant = this.content(apiKey).variants[uid];
    if (variant === undefined || variant.variant_group_uid !== groupUid) throw apiErrors.variantNotFound(uid);
    return variant;
  }

  /** A variant by uid or alias, across groups (entry variants and delivery name variants this way). */
  findVariant(apiKey: string, uidOrAlias: string): VariantRecord | undefined {
    const variants = this.content(apiKey).variants;
    return variants[uidOrAlias] ?? Object.values(variants).find((v) => v.alias === uidOrAlias);
  }

  createVariant(
    apiKey: string,
    groupUid: string,
    input: {
      uid?: string | undefined;
      name: string;
      alias?: string | undefined;
      personalize_metadata?: PersonalizeMetadata | undefined;
      origin?: Origin | undefined;
    },
    actor: Actor,
  ): VariantRecord {
    const group = this.variantGroup(apiKey, groupUid);
    const content = this.content(apiKey);
    if (input.uid !== undefined && content.variants[input.uid] !== undefined) {
      throw apiErrors.validation('Variant creation failed.', { uid: ['is not unique.'] }, 141);
    }
    const uid = input.uid ?? csUid();
    const alias = input.alias ?? derivedAlias(group.personalize_metadata, input.personalize_metadata) ?? uid;
    if (Object.values(content.variants).some((v) => v.alias === alias)) {
      throw apiErrors.validation('Variant creation failed.', { alias: ['is not unique.'] }, 141);
    }
    const variant: VariantRecord = {
      uid,
      name: input.name,
      variant_group_uid: groupUid,
      alias,
      ...(input.personalize_metadata === undefined ? {} : { personalize_metadata: input.personalize_metadata }),
      ...(input.origin === undefined ? {} : { origin: input.origin }),
      ...audit(actor),
    };
    content.variants[uid] = variant;
    return variant;
  }

  updateVariant(
    apiKey: string,
    groupUid: string,
    uid: string,
    input: {
      name?: string | undefined;
      alias?: string | undefined;
      /** null removes the metadata (Personalize moving it to another variant). */
      personalize_metadata?: PersonalizeMetadata | null | undefined;
    },
    actor: Actor,
  ): VariantRecord {
    const variant = this.variant(apiKey, groupUid, uid);
    const alias = input.alias;
    if (
      alias !== undefined &&
      Object.values(this.content(apiKey).variants).some((v) => v !== variant && v.alias === alias)
    ) {
      throw apiErrors.validation('Variant update failed.', { alias: ['is not unique.'] }, 141);
    }
    if (alias !== undefined) variant.alias = alias;
    if (input.name !== undefined) variant.name = input.name;
    if (input.personalize_metadata === null) delete variant.personalize_metadata;
    else if (input.personalize_metadata !== undefined) variant.personalize_metadata = input.personalize_metadata;
    variant.updated_at = actor.at;
    variant.updated_by = actor.uid;
    return variant;
  }

  deleteVariant(apiKey: string, groupUid: string, uid: string): VariantRecord {
    const variant = this.variant(apiKey, groupUid, uid);
    this.dropVariant(apiKey, uid);
    return variant;
  }

  private dropVariant(apiKey: string, uid: string): void {
    const content = this.content(apiKey);
    for (const [key, ev] of Object.entries(content.entryVariants))
      if (ev.variant_uid === uid) delete content.entryVariants[key];
    for (const p of Object.values(content.publishes)) delete p.variants[uid];
    delete content.variants[uid];
  }

  // --- entry variants ------------------------------------------------------------------------

  /** The variant, checked to belong (through its group) to the entry's content type. */
  variantForEntry(apiKey: string, ctUid: string, variantUid: string): VariantRecord {
    const variant = this.content(apiKey).variants[variantUid];
    if (variant === undefined) throw apiErrors.variantNotFound(variantUid);
    const group = this.content(apiKey).variantGroups[variant.variant_group_uid];
    if (group === undefined || !group.content_types.some((c) => c.uid === ctUid))
      throw apiErrors.notBelong(variantUid, ctUid);
    return variant;
  }

  upsertEntryVariant(
    apiKey: string,
    ctUid: string,
    entryUid: string,
    variantUid: string,
    locale: string | undefined,
    input: { fields: Fields; changeSet?: string[] | undefined },
    actor: Actor,
  ): { record: EntryVariantRecord; created: boolean } {
    const entry = this.entry(apiKey, ctUid, entryUid);
    this.variantForEntry(apiKey, ctUid, variantUid);
    const stack = this.stackRecord(apiKey);
    const target = locale ?? stack.masterLocale;
    this.checkLocale(apiKey, target);
    const base = this.entryInLocale(apiKey, entry, target).record;
    const computed = input.changeSet ?? changeSet(base.fields, input.fields);
    const content = this.content(apiKey);
    const key = entryVariantKey(entryUid, variantUid, target);
    const existing = content.entryVariants[key];
    if (existing !== undefined) {
      existing.fields = input.fields;
      existing.change_set = computed;
      existing._version += 1;
      existing.versions.push(existing._version);
      existing.base_entry_version = base._version;
      existing.updated_at = actor.at;
      existing.updated_by = actor.uid;
      return { record: existing, created: false };
    }
    const record: EntryVariantRecord = {
      content_type_uid: ctUid,
      entry_uid: entryUid,
      variant_uid: variantUid,
      locale: target,
      fields: input.fields,
      change_set: computed,
      _version: 1,
      versions: [1],
      instance_uid: bltUid(),
      base_entry_version: base._version,
      ...audit(actor),
    };
    content.entryVariants[key] = record;
    return { record, created: true };
  }

  entryVariant(
    apiKey: string,
    ctUid: string,
    entryUid: string,
    variantUid: string,
    locale: string | undefined,
  ): EntryVariantRecord {
    this.entry(apiKey, ctUid, entryUid);
    const target = locale ?? this.stackRecord(apiKey).masterLocale;
    const record = this.content(apiKey).entryVariants[entryVariantKey(entryUid, variantUid, target)];
    if (record === undefined) {
      if (this.content(apiKey).variants[variantUid] === undefined) throw apiErrors.variantNotFound(variantUid);
      throw apiErrors.entryVariantNotFound();
    }
    return record;
  }

  entryVariants(apiKey: string, ctUid: string, entryUid: string, locale: string | undefined): EntryVariantRecord[] {
    this.entry(apiKey, ctUid, entryUid);
    const target = locale ?? this.stackRecord(apiKey).masterLocale;
    return Object.values(this.content(apiKey).entryVariants).filter(
      (ev) => ev.entry_uid === entryUid && ev.locale === target,
    );
  }

  deleteEntryVariant(
    apiKey: string,
    ctUid: string,
    entryUid: string,
    variantUid: string,
    locale: string | undefined,
  ): EntryVariantRecord {
    const record = this.entryVariant(apiKey, ctUid, entryUid, variantUid, locale);
    const content = this.content(apiKey);
    delete content.entryVariants[entryVariantKey(entryUid, variantUid, record.locale)];
    for (const p of Object.values(content.publishes)) {
      if (p.entry_uid === entryUid && p.locale === record.locale) delete p.variants[variantUid];
    }
    return record;
  }

  /** The entry in `locale` with the entry variant's change set applied over it. */
  mergedEntryVariant(apiKey: string, record: EntryVariantRecord): Fields {
    const entry = this.content(apiKey).entries[record.entry_uid];
    if (entry === undefined) throw apiErrors.entryNotFound();
    const base = structuredClone(this.entryInLocale(apiKey, entry, record.locale).record.fields);
    return applyChangeSet(base, record.fields, record.change_set);
  }

  // --- publishing ----------------------------------------------------------------------------

  private checkPublishTargets(apiKey: string, request: PublishRequest): void {
    const stack = this.stackRecord(apiKey);
    const bad = request.environments.filter((e) => !stack.environments.includes(e));
    if (bad.length > 0)
      throw apiErrors.validation(
        'Environment was not found. Please try again.',
        { environments: bad.map((e) => `'${e}' is not valid.`) },
        141,
      );
    const badLocales = request.locales.filter((l) => !stack.locales.includes(l));
    if (badLocales.length > 0)
      throw apiErrors.validation(
        'Language was not found. Please try again.',
        { locales: badLocales.map((l) => `'${l}' is not valid.`) },
        141,
      );
  }

  publish(apiKey: string, ctUid: string, entryUid: string, request: PublishRequest, actor: Actor): PublishOutcome {
    const entry = this.entry(apiKey, ctUid, entryUid);
    this.checkPublishTargets(apiKey, request);
    const variants = request.variants ?? [];
    const variantRecords = new Map<string, EntryVariantRecord[]>();
    for (const v of variants) {
      this.variantForEntry(apiKey, ctUid, v.uid);
      const perLocale = request.locales.map((locale) => {
        const record = this.content(apiKey).entryVariants[entryVariantKey(entryUid, v.uid, locale)];
        if (record === undefined)
          throw apiErrors.validation(
            `Entry variant '${v.uid}' does not exist in locale '${locale}'.`,
            { variants: [`'${v.uid}' is not valid.`] },
            141,
          );
        if (v.version !== undefined && !record.versions.includes(v.version))
          throw apiErrors.validation(
            `Version ${v.version} of entry variant '${v.uid}' does not exist.`,
            { version: ['is not valid.'] },
            141,
          );
        return record;
      });
      variantRecords.set(v.uid, perLocale);
    }
    const outcome: PublishOutcome = { base: [], variants: [] };
    const content = this.content(apiKey);
    for (const environment of request.environments) {
      for (const locale of request.locales) {
        const key = publishKey(entryUid, environment, locale);
        const view = this.entryInLocale(apiKey, entry, locale).record;
        const record: PublishRecord = content.publishes[key] ?? {
          entry_uid: entryUid,
          content_type_uid: ctUid,
          environment,
          locale,
          variants: {},
        };
        const rules = request.variantRules ?? {};
        const publishBase =
          variants.length === 0 ||
          rules.publish_latest_base === true ||
          (rules.publish_latest_base_conditionally === true && record.base?.version !== view._version);
        if (publishBase) {
          record.base = {
            version: view._version,
            fields: structuredClone(view.fields),
            published_at: actor.at,
            user: actor.uid,
          };
          outcome.base.push({ environment, locale, version: view._version });
        }
        for (const v of variants) {
          const ev = variantRecords.get(v.uid)?.find((r) => r.locale === locale);
          if (ev === undefined) continue;
          record.variants[v.uid] = {
            version: ev._version,
            fields: structuredClone(ev.fields),
            change_set: [...ev.change_set],
            published_at: actor.at,
            user: actor.uid,
          };
          outcome.variants.push({ environment, locale, variantUid: v.uid, version: ev._version });
        }
        content.publishes[key] = record;
      }
    }
    return outcome;
  }

  /** Without variants the entry (and every variant of it) leaves the environments; with variants only those do. */
  unpublish(apiKey: string, ctUid: string, entryUid: string, request: PublishRequest): PublishOutcome {
    this.entry(apiKey, ctUid, entryUid);
    this.checkPublishTargets(apiKey, request);
    for (const v of request.variants ?? []) this.variantForEntry(apiKey, ctUid, v.uid);
    const outcome: PublishOutcome = { base: [], variants: [] };
    const content = this.content(apiKey);
    for (const environment of request.environments) {
      for (const locale of request.locales) {
        const key = publishKey(entryUid, environment, locale);
        const record = content.publishes[key];
        if (record === undefined) continue;
        if (request.variants === undefined || request.variants.length === 0) {
          if (record.base !== undefined) outcome.base.push({ environment, locale, version: record.base.version });
          delete content.publishes[key];
          continue;
        }
        for (const v of request.variants) {
          const published = record.variants[v.uid];
          if (published === undefined) continue;
          outcome.variants.push({ environment, locale, variantUid: v.uid, version: published.version });
          delete record.variants[v.uid];
        }
      }
    }
    return outcome;
  }

  publishRecordsOf(apiKey: string, entryUid: string): PublishRecord[] {
    return Object.values(this.content(apiKey).publishes).filter((p) => p.entry_uid === entryUid);
  }

  published(apiKey: string, entryUid: string, environment: string, locale: string): PublishRecord | undefined {
    return this.content(apiKey).publishes[publishKey(entryUid, environment, locale)];
  }
}

/** Personalize names variants `cs_personalize_<experience short uid>_<variant short uid>`. */
const derivedAlias = (
  group: PersonalizeMetadata | undefined,
  variant: PersonalizeMetadata | undefined,
): string | undefined => {
  const experience = variant?.experience_short_uid ?? group?.experience_short_uid;
  const short = variant?.variant_short_uid;
  return experience !== undefined && short !== undefined ? `cs_personalize_${experience}_${short}` : undefined;
};
