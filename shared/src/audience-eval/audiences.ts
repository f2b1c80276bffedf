// Audiences are referenced by uid from experience targeting and from segmented variants. Each is compiled once;
// references combine the compiled predicates.
import type { CombinationType } from '../personalize/common';
import type { Audience } from '../personalize/audience';
import type { AudiencePredicate, CompileOptions } from './compile';
import { compileRuleCombination } from './compile';

export type CompiledAudiences = ReadonlyMap<string, AudiencePredicate>;

export function compileAudiences(audiences: readonly Audience[], options: CompileOptions = {}): CompiledAudiences {
  return new Map(audiences.map((a) => [a.uid, compileRuleCombination(a.definition, options)]));
}

const everyone: AudiencePredicate = () => true;
const nobody: AudiencePredicate = () => false;

/**
 * A list of audience uids under AND/OR. No uids means everyone (Personalize's "empty targeting"). A uid with no
 * compiled audience (deleted, or not yet synced) never matches: a reference we cannot evaluate must not widen
 * targeting to visitors the author did not choose.
 */
export function combineAudiences(
  uids: readonly string[],
  combinationType: CombinationType,
  compiled: CompiledAudiences,
): AudiencePredicate {
  if (uids.length === 0) return everyone;
  const predicates = uids.map((uid) => compiled.get(uid) ?? nobody);
  const count = predicates.length;
  if (count === 1) return predicates[0] ?? nobody;
  if (combinationType === 'AND') {
    return (ctx) => {
      for (let i = 0; i < count; i++) if (!(predicates[i] as AudiencePredicate)(ctx)) return false;
      return true;
    };
  }
  return (ctx) => {
    for (let i = 0; i < count; i++) if ((predicates[i] as AudiencePredicate)(ctx)) return true;
    return false;
  };
}

/** Uids referenced but not compiled: callers report them (a stale audience list) rather than silently failing. */
export function unknownAudiences(uids: readonly string[], compiled: CompiledAudiences): string[] {
  return uids.filter((uid) => !compiled.has(uid));
}
