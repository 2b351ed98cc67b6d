import type { Answer } from 'dns-packet';
import type { DnsRecord } from '../../evidence/dns.ts';

/** Lower-case, no trailing dot: the one spelling of a DNS name used in artifacts and keys. */
export function normName(name: string): string {
  return name.replace(/\.+$/, '').toLowerCase();
}

function text(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return value.map(text).join('');
  return String(value ?? '');
}

/**
 * One decoded resource record as stored in artifacts: TXT character-strings joined (RFC 7208
 * §3.3), binary fields as hex/base64, names normalised. Unknown types keep a hex dump.
 */
export function toRecord(answer: Answer): DnsRecord | undefined {
  if (answer.type === 'OPT') return undefined;
  const name = normName(answer.name);
  const ttl = answer.ttl ?? 0;
  const type = answer.type;
  switch (answer.type) {
    case 'A':
    case 'AAAA':
      return { name, type, ttl, data: answer.data };
    case 'CNAME':
    case 'NS':
    case 'PTR':
    case 'DNAME':
      return { name, type, ttl, data: normName(answer.data) };
    case 'TXT':
      return { name, type, ttl, data: text(answer.data) };
    case 'MX':
      return {
        name,
        type,
        ttl,
        data: { preference: answer.data.preference ?? 0, exchange: normName(answer.data.exchange) },
      };
    case 'SRV':
      return {
        name,
        type,
        ttl,
        data: {
          priority: answer.data.priority ?? 0,
          weight: answer.data.weight ?? 0,
          port: answer.data.port,
          target: normName(answer.data.target),
        },
      };
    case 'DS':
      return {
        name,
        type,
        ttl,
        data: {
          keyTag: answer.data.keyTag,
          algorithm: answer.data.algorithm,
          digestType: answer.data.digestType,
          digest: answer.data.digest.toString('hex'),
        },
      };
    case 'DNSKEY':
      return {
        name,
        type,
        ttl,
        data: {
          flags: answer.data.flags,
          algorithm: answer.data.algorithm,
          key: answer.data.key.toString('base64'),
        },
      };
    case 'TLSA':
      return {
        name,
        type,
        ttl,
        data: {
          usage: answer.data.usage,
          selector: answer.data.selector,
          matchingType: answer.data.matchingType,
          certificate: answer.data.certificate.toString('hex'),
        },
      };
    case 'SOA':
      return { name, type, ttl, data: { ...answer.data, mname: normName(answer.data.mname) } };
    case 'RRSIG':
      return {
        name,
        type,
        ttl,
        data: {
          typeCovered: answer.data.typeCovered,
          algorithm: answer.data.algorithm,
          keyTag: answer.data.keyTag,
          signersName: normName(answer.data.signersName),
          expiration: answer.data.expiration,
        },
      };
    case 'CAA':
      return {
        name,
        type,
        ttl,
        data: { flags: answer.data.flags ?? 0, tag: answer.data.tag, value: answer.data.value },
      };
    default: {
      const data = (answer as { data?: unknown }).data;
      return { name, type, ttl, data: Buffer.isBuffer(data) ? data.toString('hex') : data };
    }
  }
}
