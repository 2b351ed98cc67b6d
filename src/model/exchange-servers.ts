/** Exchange servers from AD with their builds decoded against the one build table. */
import type { ExchangeServer } from '../evidence/ldap.ts';
import {
  type ExchangeRelease,
  type ExchangeVersion,
  findRelease,
  parseExchangeVersion,
} from './exchange-builds.ts';
import { SERVER_ROLE } from './exchange-flags.ts';

/** Exchange SE RTM: 15.2.2562. Any later 15.2 build is a later SE update. */
export const SE_RTM_BUILD = 2562;

export interface DecodedServer {
  server: ExchangeServer;
  version?: ExchangeVersion;
  release?: ExchangeRelease;
  isEdge: boolean;
  isSe: boolean;
}

export function decodeServer(server: ExchangeServer): DecodedServer {
  const parsed = server.serialNumber ? parseExchangeVersion(server.serialNumber) : undefined;
  // AD's serialNumber carries the CU build; its last number is not the SU/HU revision.
  const version = parsed ? { major: parsed.major, minor: parsed.minor, build: parsed.build } : undefined;
  const release = version ? findRelease(version) : undefined;
  const isSe = Boolean(
    version && version.major === 15 && version.minor === 2 && version.build >= SE_RTM_BUILD,
  );
  return {
    server,
    ...(version ? { version } : {}),
    ...(release ? { release } : {}),
    isEdge: (server.roles & SERVER_ROLE.Edge) !== 0,
    isSe,
  };
}
