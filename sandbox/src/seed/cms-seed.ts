/**
 * The demo stack's story: Northwind Outfitters, an outdoor-clothing shop. The home page has a hero, the
 * site runs promo banners, and the catalogue has products with a details group and modular-block
 * sections, in English and (partly) French. A hand-made variant group gives loyalty members their own
 * banner wording, already published to production; the two seeded experiences have the groups Personalize's CMS
 * sync made for them (Personalize-made, no content types linked yet).
 */
import type { StackRecord } from '../core/contracts';
import type { CmsState, ContentTypeRecord, EntryRecord, Fields, SchemaField } from '../cma/model';
import { emptyStackContent, entryVariantKey, publishKey } from '../cma/model';
import { PERSONALIZE_ACTOR_UID } from '../cma/personalize-port';
import { SEED } from './cms-ids';
import { SEED_PERSONALIZE_CMS, SEED_PERSONALIZE_PROJECT_UID } from './personalize-seed';

const AT = '2026-10-01T09:00:00.000Z';
const BY = SEED.userUid;
const audit = { created_at: AT, updated_at: AT, created_by: BY, updated_by: BY };

export const seedStacks = (): StackRecord[] => [
  {
    apiKey: SEED.demo.apiKey,
    orgUid: SEED.orgUid,
    name: SEED.demo.name,
    uid: SEED.demo.uid,
    masterLocale: SEED.demo.masterLocale,
    locales: [...SEED.demo.locales],
    environments: [...SEED.demo.environments],
  },
  {
    apiKey: SEED.other.apiKey,
    orgUid: SEED.other.orgUid,
    name: SEED.other.name,
    uid: SEED.other.uid,
    masterLocale: SEED.other.masterLocale,
    locales: [...SEED.other.locales],
    environments: [...SEED.other.environments],
  },
];

const text = (uid: string, display_name: string, mandatory = false): SchemaField => ({
  uid,
  data_type: 'text',
  display_name,
  mandatory,
});

const contentType = (uid: string, title: string, description: string, schema: SchemaField[]): ContentTypeRecord => ({
  uid,
  title,
  description,
  schema: [text('title', 'Title', true), ...schema],
  options: { is_page: false, singleton: false, title: 'title' },
  _version: 1,
  ...audit,
});

const CONTENT_TYPES: ContentTypeRecord[] = [
  contentType('home_hero', 'Home hero', 'The large banner at the top of the home page.', [
    text('headline', 'Headline', true),
    text('subheadline', 'Subheadline'),
    { uid: 'image_url', data_type: 'text', display_name: 'Image URL' },
    {
      uid: 'cta',
      data_type: 'group',
      display_name: 'Call to action',
      schema: [text('label', 'Label'), text('url', 'URL')],
    },
  ]),
  contentType('promo_banner', 'Promo banner', 'A strip above the navigation announcing an offer.', [
    text('message', 'Message', true),
    text('discount_code', 'Discount code'),
    { uid: 'ends_at', data_type: 'isodate', display_name: 'Ends at' },
    { uid: 'dismissible', data_type: 'boolean', display_name: 'Dismissible' },
  ]),
  contentType('product', 'Product', 'A catalogue item.', [
    text('sku', 'SKU', true),
    { uid: 'price', data_type: 'number', display_name: 'Price (EUR)', mandatory: true },
    text('summary', 'Summary'),
    { uid: 'tags_list', data_type: 'text', display_name: 'Keywords', multiple: true },
    {
      uid: 'details',
      data_type: 'group',
      display_name: 'Details',
      schema: [
        text('material', 'Material'),
        text('care', 'Care'),
        { uid: 'weight_g', data_type: 'number', display_name: 'Weight (g)' },
      ],
    },
    {
      uid: 'sections',
      data_type: 'blocks',
      display_name: 'Sections',
      blocks: [
        { uid: 'feature', title: 'Feature', schema: [text('heading', 'Heading'), text('body', 'Body')] },
        { uid: 'spec', title: 'Specification', schema: [text('label', 'Label'), text('value', 'Value')] },
      ],
    },
  ]),
];

interface EntrySeed {
  uid: string;
  ct: string;
  en: Fields;
  fr?: Fields;
  /** Environments the en-us (and fr-fr, when present) version is published to. */
  published?: string[];
}

const block = (name: string, uid: string, fields: Fields): Fields => ({ [name]: { ...fields, _metadata: { uid } } });

const product = (
  uid: string,
  title: string,
  sku: string,
  price: number,
  summary: string,
  material: string,
  sections: Fields[],
): EntrySeed => ({
  uid,
  ct: 'product',
  en: {
    title,
    sku,
    price,
    summary,
    tags_list: ['outdoor'],
    details: { material, care: 'Machine wash 30°C', weight_g: 420 },
    sections,
  },
  published: ['development', 'production'],
});

const ENTRIES: EntrySeed[] = [
  {
    uid: 'blt4a1c9e2f7d3b8061',
    ct: 'home_hero',
    en: {
      title: 'Autumn hero',
      headline: 'Made for the long way round',
      subheadline: 'New autumn layers, tested in the Highlands.',
      image_url: 'https://images.example.test/hero-autumn.jpg',
      cta: { label: 'Shop autumn', url: '/collections/autumn' },
    },
    fr: {
      title: 'Autumn hero',
      headline: 'Fait pour les chemins de traverse',
      subheadline: 'Nouvelles couches d’automne, testées dans les Highlands.',
      image_url: 'https://images.example.test/hero-autumn.jpg',
      cta: { label: 'Voir la collection', url: '/fr/collections/automne' },
    },
    published: ['development', 'production'],
  },
  {
    uid: 'blt8d2e5f1a3c9b7046',
    ct: 'home_hero',
    en: {
      title: 'Winter hero (draft)',
      headline: 'Cold-proof, by design',
      subheadline: 'Insulated jackets rated to -20°C.',
      image_url: 'https://images.example.test/hero-winter.jpg',
      cta: { label: 'Discover winter', url: '/collections/winter' },
    },
  },
  {
    uid: 'blt2f7a4c8e1d6b9053',
    ct: 'promo_banner',
    en: { title: 'Free shipping', message: 'Free shipping on orders over €50', discount_code: '', dismissible: true },
    fr: { title: 'Free shipping', message: 'Livraison offerte dès 50 €', discount_code: '', dismissible: true },
    published: ['development', 'production'],
  },
  {
    uid: 'blt6c3e9a1f5d2b8047',
    ct: 'promo_banner',
    en: {
      title: 'Black Friday',
      message: '30% off everything this weekend',
      discount_code: 'BF30',
      ends_at: '2026-11-30T23:59:59.000Z',
      dismissible: false,
    },
    published: ['development'],
  },
  {
    uid: 'blt9e1b4d7a2c6f3058',
    ct: 'promo_banner',
    en: { title: 'Repair service', message: 'Free repairs for life on every jacket', dismissible: true },
  },
  product(
    'blt1a9c5e3f7b2d4068',
    'Ridge Shell Jacket',
    'NW-JKT-001',
    229,
    'A three-layer waterproof shell.',
    'Recycled nylon',
    [
      block('feature', 'cs4e1a7c9d2f5b3068', { heading: 'Fully taped seams', body: 'Stays dry in sideways rain.' }),
      block('spec', 'cs7b2d9f4a1e6c3085', { label: 'Waterproofing', value: '20,000 mm' }),
    ],
  ),
  product(
    'blt3d7f1b9e5a2c6084',
    'Glen Merino Base Layer',
    'NW-BL-014',
    79,
    'Soft merino that does not itch.',
    'Merino wool',
    [block('feature', 'cs1c6e3a8f2d9b4057', { heading: 'Odour resistant', body: 'Wear it for days.' })],
  ),
  product(
    'blt5b2e8d4a1f7c9063',
    'Tarn Trail Trousers',
    'NW-TR-007',
    119,
    'Stretchy, quick-drying trousers.',
    'Nylon-elastane',
    [block('spec', 'cs8d3f1b6e9a2c7045', { label: 'Inseam', value: '81 cm' })],
  ),
  product(
    'blt7e4a1c9f3b6d2085',
    'Cairn 30 Backpack',
    'NW-BP-030',
    149,
    'A 30-litre pack for long day hikes.',
    'Ripstop polyester',
    [
      block('feature', 'cs2f9b5d1a7e3c6084', {
        heading: 'Ventilated back',
        body: 'Air flows between you and the load.',
      }),
      block('spec', 'cs6a1e8c4f2d9b7053', { label: 'Volume', value: '30 l' }),
    ],
  ),
  product(
    'blt0c8f2a6e4d1b9037',
    'Loch Down Parka',
    'NW-PK-002',
    349,
    'Responsibly sourced down, rated to -20°C.',
    'Down and recycled polyester',
    [block('feature', 'cs9c4a2e7d1f5b8036', { heading: 'Hood with wire peak', body: 'Keeps snow out of your eyes.' })],
  ),
  product(
    'blt2e6b9d3f8a1c5074',
    'Moss Fleece',
    'NW-FL-021',
    89,
    'A light fleece for cool evenings.',
    'Recycled polyester fleece',
    [],
  ),
  product(
    'blt4f1d7b2a9e6c3058',
    'Bothy Wool Socks',
    'NW-SK-003',
    19,
    'Cushioned hiking socks, two pairs.',
    'Merino blend',
    [block('spec', 'cs3b7e1d9a4f2c6085', { label: 'Pack', value: '2 pairs' })],
  ),
];

const LOYALTY_GROUP = 'cs1f4b7e2a9d6c3058';
const LOYALTY_VARIANT = 'cs8a2d5f1c7e4b9036';
const LOYALTY_BANNER = 'blt2f7a4c8e1d6b9053';

export const seedCms = (withContent = true): CmsState => {
  const demo = emptyStackContent();
  const state: CmsState = { stacks: { [SEED.demo.apiKey]: demo, [SEED.other.apiKey]: emptyStackContent() } };
  if (!withContent) return state;
  for (const ct of CONTENT_TYPES) demo.contentTypes[ct.uid] = structuredClone(ct);
  for (const seed of ENTRIES) {
    const entry: EntryRecord = {
      uid: seed.uid,
      content_type_uid: seed.ct,
      locales: { 'en-us': { fields: structuredClone(seed.en), _version: 1, ...audit } },
    };
    if (seed.fr !== undefined) entry.locales['fr-fr'] = { fields: structuredClone(seed.fr), _version: 1, ...audit };
    demo.entries[entry.uid] = entry;
    for (const environment of seed.published ?? []) {
      for (const [locale, version] of Object.entries(entry.locales)) {
        demo.publishes[publishKey(entry.uid, environment, locale)] = {
          entry_uid: entry.uid,
          content_type_uid: seed.ct,
          environment,
          locale,
          base: { version: version._version, fields: structuredClone(version.fields), published_at: AT, user: BY },
          variants: {},
        };
      }
    }
  }
  demo.variantGroups[LOYALTY_GROUP] = {
    uid: LOYALTY_GROUP,
    name: 'Loyalty members',
    description: 'Wording for signed-in loyalty members.',
    branches: ['main'],
    content_types: [{ uid: 'promo_banner', status: 'linked' }],
    ...audit,
  };
  demo.variants[LOYALTY_VARIANT] = {
    uid: LOYALTY_VARIANT,
    name: 'Members',
    variant_group_uid: LOYALTY_GROUP,
    alias: LOYALTY_VARIANT,
    ...audit,
  };
  // The groups Personalize's CMS sync made for the seeded project's two experiences (see SEED_PERSONALIZE_CMS).
  const sync = { created_at: AT, updated_at: AT, created_by: PERSONALIZE_ACTOR_UID, updated_by: PERSONALIZE_ACTOR_UID };
  for (const made of SEED_PERSONALIZE_CMS) {
    const metadata = {
      project_uid: SEED_PERSONALIZE_PROJECT_UID,
      experience_uid: made.experienceUid,
      experience_short_uid: made.experienceShortUid,
      status: 'linked',
    };
    demo.variantGroups[made.groupUid] = {
      uid: made.groupUid,
      name: made.name,
      description: made.description,
      branches: ['main'],
      content_types: [],
      personalize_metadata: metadata,
      origin: 'personalize',
      ...sync,
    };
    for (const variant of made.variants) {
      demo.variants[variant.uid] = {
        uid: variant.uid,
        name: variant.name,
        variant_group_uid: made.groupUid,
        alias: `cs_personalize_${made.experienceShortUid}_${variant.shortUid}`,
        personalize_metadata: { ...metadata, variant_short_uid: variant.shortUid },
        origin: 'personalize',
        ...sync,
      };
    }
  }
  const memberFields = { message: 'Members: free express shipping on every order' };
  demo.entryVariants[entryVariantKey(LOYALTY_BANNER, LOYALTY_VARIANT, 'en-us')] = {
    content_type_uid: 'promo_banner',
    entry_uid: LOYALTY_BANNER,
    variant_uid: LOYALTY_VARIANT,
    locale: 'en-us',
    fields: memberFields,
    change_set: ['message'],
    _version: 1,
    versions: [1],
    instance_uid: 'blt5c9e2a7f1d4b8063',
    base_entry_version: 1,
    ...audit,
  };
  const production = demo.publishes[publishKey(LOYALTY_BANNER, 'production', 'en-us')];
  if (production !== undefined) {
    production.variants[LOYALTY_VARIANT] = {
      version: 1,
      fields: memberFields,
      change_set: ['message'],
      published_at: AT,
      user: BY,
    };
  }
  return state;
};
