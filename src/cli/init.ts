import { createInterface } from 'node:readline/promises';
import { UsageError } from '../util/errors.ts';
import type { CliIo } from './io.ts';
import { CONFIG_TEMPLATE } from './template.ts';

/** What `init` asks for (or takes from --tenant, --dc, --app-id, --gateway). */
interface InitAnswers {
  tenant?: string;
  /** The on-premises domain controller, as `ldaps://host[:port]`. */
  dc?: string;
  appId?: string;
  gateway?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN = new RegExp(`^(?:${LABEL}\\.)+[a-z][a-z0-9-]*[a-z0-9]$`, 'i');
const HOST = new RegExp(`^(?:${LABEL})(?:\\.${LABEL})*$`, 'i');
const EMAIL = new RegExp(`^[A-Za-z0-9!#$%&*+/=?^_{|}~.-]+@(?:${LABEL}\\.)+[a-z][a-z0-9-]*$`, 'i');

type Check = (value: string) => { value: string } | { error: string };

/** Each answer's rule; the same for a prompt and for the flag, so scripts and people get one behaviour. */
const INIT_FIELDS: Record<keyof InitAnswers, { flag: string; question: string; check: Check }> = {
  tenant: {
    flag: '--tenant',
    question: 'Tenant (initial domain such as contoso.onmicrosoft.com, or the tenant id)',
    check: (v) =>
      GUID.test(v) || DOMAIN.test(v)
        ? { value: v.toLowerCase() }
        : { error: 'expected a domain such as contoso.onmicrosoft.com or a tenant id (GUID)' },
  },
  dc: {
    flag: '--dc',
    question: 'On-premises domain controller for LDAPS (host name, e.g. dc01.corp.contoso.com; empty: no AD)',
    check: (v) => {
      const m = /^(?:(ldaps?):\/\/)?([^:/\s]+)(?::(\d{1,5}))?\/?$/i.exec(v);
      if (!m || !HOST.test(m[2]!)) return { error: 'expected a host name such as dc01.corp.contoso.com' };
      if (m[1]?.toLowerCase() === 'ldap')
        return {
          error: 'use LDAPS (ldaps:// or just the host name); StartTLS can be set in the file afterwards',
        };
      const port = m[3] === undefined ? undefined : Number(m[3]);
      if (port !== undefined && (port < 1 || port > 65535)) return { error: 'the port must be 1-65535' };
      return { value: `ldaps://${m[2]!.toLowerCase()}${port !== undefined ? `:${port}` : ''}` };
    },
  },
  appId: {
    flag: '--app-id',
    question: 'MailStore app registration: its Application (client) ID (a GUID; empty: not yet)',
    check: (v) =>
      GUID.test(v) ? { value: v.toLowerCase() } : { error: 'expected a GUID such as 9b2e1c3d-…' },
  },
  gateway: {
    flag: '--gateway',
    question: 'MailStore Gateway external journal address (optional, e.g. journal@gateway.example.net)',
    check: (v) => (EMAIL.test(v) ? { value: v } : { error: 'expected an e-mail address' }),
  },
};

const ORDER: (keyof InitAnswers)[] = ['tenant', 'dc', 'appId', 'gateway'];
/** Questions that may be left empty (the tenant is what every scan needs). */
const OPTIONAL = new Set<keyof InitAnswers>(['dc', 'appId', 'gateway']);
const MAX_TRIES = 5;

/** Validates the answers given as flags; a bad one is a usage error naming the flag. */
export function answersFromFlags(flags: Partial<Record<keyof InitAnswers, string>>): InitAnswers {
  const out: InitAnswers = {};
  for (const key of ORDER) {
    const raw = flags[key];
    if (raw === undefined) continue;
    const r = INIT_FIELDS[key].check(raw.trim());
    if ('error' in r) throw new UsageError(`${INIT_FIELDS[key].flag} ${JSON.stringify(raw)}: ${r.error}`);
    out[key] = r.value;
  }
  return out;
}

/** Whether `init` may ask: both stdin and stdout are a terminal. */
export function canPrompt(io: CliIo): boolean {
  return Boolean(io.stdin?.isTTY && io.stdout.isTTY);
}

/** Asks for every answer not already given, re-asking (up to 5 times) when one is not valid. */
export async function promptAnswers(io: CliIo, given: InitAnswers): Promise<InitAnswers> {
  const rl = createInterface({ input: io.stdin!, output: io.stdout, terminal: false });
  let closed = false;
  rl.on('close', () => {
    closed = true;
  });
  const lines = rl[Symbol.asyncIterator]();
  const out: InitAnswers = { ...given };
  try {
    io.stdout.write('hybridscan init: four questions, then hybridscan.yaml is written (Ctrl-C to stop).\n');
    for (const key of ORDER) {
      if (out[key] !== undefined) continue;
      const field = INIT_FIELDS[key];
      for (let attempt = 1; ; attempt++) {
        io.stdout.write(`${field.question}: `);
        const next = closed ? { done: true as const, value: undefined } : await lines.next();
        if (next.done) throw new UsageError('init: input ended before every question was answered');
        const answer = String(next.value).trim();
        if (answer === '' && OPTIONAL.has(key)) break;
        const r = answer === '' ? { error: 'an answer is needed' } : field.check(answer);
        if ('value' in r) {
          out[key] = r.value;
          break;
        }
        io.stdout.write(`  ${r.error}\n`);
        if (attempt >= MAX_TRIES) throw new UsageError(`init: no valid answer for ${field.flag}: ${r.error}`);
      }
    }
    return out;
  } finally {
    rl.close();
  }
}

/** A YAML double-quoted scalar: the answers are validated, but a file is never built by concatenation alone. */
function yamlString(value: string): string {
  return JSON.stringify(value);
}

/**
 * The commented template with the answers filled in. Without an answer a line keeps the template's
 * example; the example mail domain is commented out once a real tenant is given (domains are
 * discovered), and so is the example Gateway address when none was given.
 */
export function fillTemplate(answers: InitAnswers): string {
  if (Object.values(answers).every((v) => v === undefined)) return CONFIG_TEMPLATE;
  let text = CONFIG_TEMPLATE;
  const replace = (from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`init template changed: "${from}" not found`);
    text = text.replace(from, to);
  };
  if (answers.tenant) {
    replace('tenant: contoso.onmicrosoft.com', `tenant: ${yamlString(answers.tenant)}`);
    replace('domains:\n  - contoso.com', '# domains:\n#   - contoso.com');
  }
  if (answers.dc) {
    const host = new URL(answers.dc).hostname;
    const domain = host.includes('.') ? host.slice(host.indexOf('.') + 1) : host;
    replace(
      '# ldap:\n#   url: ldaps://dc01.corp.contoso.com\n#   bindDn: scanner@corp.contoso.com\n#   password: ${HYBRIDSCAN_LDAP_PASSWORD}\n#   caFile: corp-ca.pem',
      `ldap:\n  url: ${yamlString(answers.dc)}\n  # a plain domain user, no admin rights (see \`hybridscan permissions\`):\n  bindDn: ${yamlString(`svc-hybridscan@${domain}`)}\n  password: \${HYBRIDSCAN_LDAP_PASSWORD}\n  # caFile: corp-ca.pem`,
    );
  }
  if (answers.appId)
    replace('  appId: 00000000-0000-0000-0000-000000000000', `  appId: ${yamlString(answers.appId)}`);
  replace(
    '  gatewayAddress: journal@gateway.example.net',
    answers.gateway
      ? `  gatewayAddress: ${yamlString(answers.gateway)}`
      : '  # gatewayAddress: journal@gateway.example.net',
  );
  return text;
}
