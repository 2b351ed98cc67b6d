import type { z } from 'zod';
import type { ArtifactKey } from '../evidence/index.ts';
import type { Check, CheckContext, CheckMeta, Finding } from './types.ts';

type CheckDefinition<
  Req extends readonly ArtifactKey[],
  Opt extends readonly ArtifactKey[],
  S extends z.ZodType,
> = Omit<CheckMeta<S>, 'requires' | 'optional' | 'options'> & {
  requires: Req;
  optional?: Opt;
  options?: S;
  run(ctx: CheckContext<Req[number], Opt[number], z.output<S>>): Finding[];
};

/**
 * Declares a check. The generic parameters make `ctx.artifacts` carry exactly the declared
 * artifacts, typed from the ArtifactMap, and `ctx.options` the parsed option schema.
 */
export function defineCheck<
  const Req extends readonly ArtifactKey[],
  const Opt extends readonly ArtifactKey[] = [],
  S extends z.ZodType = z.ZodType<Record<string, never>>,
>(definition: CheckDefinition<Req, Opt, S>): Check {
  return definition as unknown as Check;
}
