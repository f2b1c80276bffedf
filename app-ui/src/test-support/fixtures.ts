/** A content type that exercises every field kind the editor knows, an entry of it, and variant groups. */
import type { ExperienceSummary } from '../bridge/bridge-port';
import type { VariantGroup } from '../cma/schemas';
import type { ContentTypeInfo } from '../sdk/app-sdk';
import type { JsonObject } from '@pb/shared/cms/entry-path';

export const promoType: ContentTypeInfo = {
  uid: 'promo',
  title: 'Promo',
  schema: [
    { uid: 'title', display_name: 'Title', data_type: 'text', mandatory: true },
    { uid: 'summary', display_name: 'Summary', data_type: 'text', field_metadata: { multiline: true } },
    { uid: 'priority', display_name: 'Priority', data_type: 'number' },
    { uid: 'featured', display_name: 'Featured', data_type: 'boolean' },
    {
      uid: 'tone',
      display_name: 'Tone',
      data_type: 'text',
      display_type: 'dropdown',
      enum: { advanced: false, choices: [{ value: 'calm' }, { value: 'bold' }] },
    },
    { uid: 'launch', display_name: 'Launch date', data_type: 'isodate' },
    { uid: 'cta', display_name: 'Call to action', data_type: 'link' },
    { uid: 'meta', display_name: 'Meta', data_type: 'json' },
    {
      uid: 'banner',
      display_name: 'Banner',
      data_type: 'group',
      multiple: false,
      schema: [
        { uid: 'heading', display_name: 'Heading', data_type: 'text' },
        { uid: 'subtitle', display_name: 'Subtitle', data_type: 'text' },
      ],
    },
    {
      uid: 'sections',
      display_name: 'Sections',
      data_type: 'blocks',
      multiple: true,
      blocks: [
        { uid: 'hero', title: 'Hero', schema: [{ uid: 'heading', display_name: 'Hero heading', data_type: 'text' }] },
        { uid: 'quote', title: 'Quote', schema: [{ uid: 'text', display_name: 'Quote text', data_type: 'text' }] },
      ],
    },
    { uid: 'tags', display_name: 'Tags', data_type: 'text', multiple: true },
    {
      uid: 'faqs',
      display_name: 'FAQs',
      data_type: 'group',
      multiple: true,
      schema: [{ uid: 'question', display_name: 'Question', data_type: 'text' }],
    },
  ],
};

export const baseEntry: JsonObject = {
  uid: 'blt_entry',
  locale: 'en-us',
  _version: 3,
  title: 'Spring sale',
  summary: 'All spring items',
  priority: 2,
  featured: false,
  tone: 'calm',
  launch: '2026-03-01',
  cta: { title: 'Shop', href: '/shop' },
  meta: { type: 'doc', children: [] },
  banner: { heading: 'Hello', subtitle: 'Spring' },
  sections: [{ hero: { heading: 'Big hero', _metadata: { uid: 'cs_sec1' } } }],
  tags: ['spring', 'sale'],
  faqs: [
    { question: 'Returns?', _metadata: { uid: 'cs_faq1' } },
    { question: 'Shipping?', _metadata: { uid: 'cs_faq2' } },
  ],
};

const linked = [{ uid: 'promo', status: 'linked' as const }];

const summerMeta = { project_uid: 'p1', experience_uid: 'exp_seg', experience_short_uid: '0' };
const checkoutMeta = { project_uid: 'p1', experience_uid: 'exp_ab', experience_short_uid: '1' };

export const groups: VariantGroup[] = [
  {
    uid: 'g_manual',
    name: 'Hand made',
    content_types: linked,
    variants: [{ uid: 'v_loyal', name: 'Loyal customers' }],
  },
  {
    uid: 'g_summer',
    name: 'Summer hero',
    content_types: linked,
    personalize_metadata: { project_uid: 'p1', experience_uid: 'exp_seg', experience_short_uid: '0', status: 'linked' },
    variants: [
      { uid: 'v_eu', name: 'EU visitors', personalize_metadata: { ...summerMeta, variant_short_uid: '1' } },
      { uid: 'v_us', name: 'US visitors', personalize_metadata: { ...summerMeta, variant_short_uid: '2' } },
    ],
  },
  {
    uid: 'g_checkout',
    name: 'Checkout test',
    content_types: linked,
    personalize_metadata: { project_uid: 'p1', experience_uid: 'exp_ab', experience_short_uid: '1', status: 'linked' },
    variants: [
      { uid: 'v_control', name: 'Control', personalize_metadata: { ...checkoutMeta, variant_short_uid: '0' } },
      { uid: 'v_b', name: 'Variant B', personalize_metadata: { ...checkoutMeta, variant_short_uid: '1' } },
    ],
  },
  {
    uid: 'g_winter',
    name: 'Winter sale',
    content_types: [],
    personalize_metadata: { project_uid: 'p1', experience_uid: 'exp_w', experience_short_uid: '2', status: 'linked' },
    variants: [{ uid: 'v_cold', name: 'Cold regions' }],
  },
];

export const experiences: ExperienceSummary[] = [
  {
    uid: 'exp_seg',
    shortUid: '0',
    name: 'Summer hero',
    type: 'SEGMENTED',
    status: 'ACTIVE',
    variantGroupUid: 'g_summer',
    mirror: { state: 'in-sync' },
    variants: [
      { shortUid: '1', name: 'EU visitors', cmsVariantUid: 'v_eu', audienceNames: ['Europe', 'Mobile'] },
      { shortUid: '2', name: 'US visitors', cmsVariantUid: 'v_us', audienceNames: ['United States'] },
    ],
  },
  {
    uid: 'exp_ab',
    shortUid: '1',
    name: 'Checkout test',
    type: 'AB_TEST',
    status: 'PAUSED',
    mirror: { state: 'not-personalized', reason: 'variant ‘Variant B’ targets Lytics audiences' },
    variants: [
      { shortUid: '0', name: 'Control', trafficDistribution: 50 },
      { shortUid: '1', name: 'Variant B', trafficDistribution: 50 },
    ],
  },
];
