import { z } from 'zod';
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

/** Thrown by `skip()`: the runner turns it into a `skipped` result, never a finding. */
export class CheckSkipped extends Error {
  constructor(
    readonly reason: string,
    /** The config key that would let the check run, e.g. `probes.onPremisesMailbox`. */
    readonly setting?: string,
  ) {
    super(reason);
    this.name = 'CheckSkipped';
  }
}

/**
 * Ends a check whose precondition is not met (no sample user, no host known): the result is
 * `skipped` with this reason and the setting to add, so an untested rule never reads as a warning.
 */
export function skip(reason: string, opts: { setting?: string } = {}): never {
  throw new CheckSkipped(reason, opts.setting);
}

/** A check option holding a day as YYYY-MM-DD: deadlines are compared with the snapshot's date as strings. */
export const isoDateOption = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
