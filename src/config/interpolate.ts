import { LIMITS } from './limits.ts';
import { formatPath, type Problem } from './path.ts';

// `$${` escapes a literal `${`; `${NAME}` is a reference; any other `${` is a mistake to report.
export const ENV_REF = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{/g;

/**
 * Replaces `${NAME}` in every string of a parsed config with the environment variable. A missing
 * variable, a malformed reference (`${1BAD}`, an unclosed `${NAME`) or nesting past the depth
 * limit is a problem at its key path; the offending value itself is never repeated (it may be a secret).
 */
export function interpolate(
  value: unknown,
  path: (string | number)[],
  env: NodeJS.ProcessEnv,
  problems: Problem[],
): unknown {
  if (path.length > LIMITS.depth) {
    problems.push({ path: formatPath(path), message: `nested deeper than ${LIMITS.depth} levels` });
    return undefined;
  }
  if (typeof value === 'string') return interpolateString(value, path, env, problems);
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, [...path, i], env, problems));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, [...path, k], env, problems)]),
    );
  }
  return value;
}

function interpolateString(
  value: string,
  path: (string | number)[],
  env: NodeJS.ProcessEnv,
  problems: Problem[],
): string {
  let malformed = false;
  const out = value.replace(ENV_REF, (match, name: string | undefined) => {
    if (match === '$${') return '${';
    if (name === undefined) {
      malformed = true;
      return match;
    }
    const found = env[name];
    if (found === undefined) {
      problems.push({ path: formatPath(path), message: `environment variable ${name} is not set` });
      return match;
    }
    return found;
  });
  if (malformed)
    problems.push({
      path: formatPath(path),
      message:
        'malformed ${...} reference: write ${NAME} with NAME made of letters, digits and _ (not starting with a digit), closed by }; write $${ for a literal ${',
    });
  return out;
}
