/** The results API's reasons in an author's words; an unknown reason is shown as the server phrased it. */
const REASONS: Record<string, string> = {
  'experience-not-served':
    'No results yet: results are counted once a version of this A/B test is active and served to visitors.',
  'no-variants': 'This version has no variants, so there is nothing to compare.',
  'event-unknown': 'The event this metric counts no longer exists in Personalize.',
  'control-not-found': 'The control variant has no counts.',
  'invalid-counts': 'The counts are inconsistent (more conversions than visitors).',
  'insufficient-data': 'Not enough data yet',
  'control-has-no-conversions': 'Control has no conversions yet',
};
export const explain = (reason: string) => REASONS[reason] ?? reason;
