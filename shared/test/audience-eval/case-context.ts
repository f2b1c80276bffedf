import type { EvaluationContext } from './subject';
import { parseQueryParameters } from './subject';

/** Case files write DATE_AND_TIME as ISO-8601 and QUERY_PARAMETERS as a URL or query; the engine wants them parsed. */
export function caseContext(raw: {
  preset: Record<string, unknown>;
  custom: Record<string, unknown>;
}): EvaluationContext {
  const preset: Record<string, unknown> = { ...raw.preset };
  if (typeof preset.DATE_AND_TIME === 'string') preset.DATE_AND_TIME = Date.parse(preset.DATE_AND_TIME);
  if (typeof preset.QUERY_PARAMETERS === 'string') {
    preset.QUERY_PARAMETERS = parseQueryParameters(preset.QUERY_PARAMETERS);
  }
  return { preset, custom: raw.custom };
}
