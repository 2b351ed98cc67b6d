/**
 * A scripted LDAP server for what the simulator does not do: a search that fails part-way
 * through a page (a result code after some entries, or a dropped connection), a page held open.
 * Plain ldap:// and anonymous; every search request gets the next page of the script.
 */
import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { BerReader, BerWriter, PagedResultsControl } from 'ldapts';
import {
  messageLength,
  OP,
  referenceMessage,
  result,
  writeSearchEntry,
} from '../../src/simulator/ldap/protocol.ts';

export interface ScriptedPage {
  entries: number;
  /** Result code of the page's SearchResultDone (default 0). */
  code?: number;
  diagnostic?: string;
  /** Continuation references sent after the entries. */
  references?: number;
  /** Drop the connection after the entries instead of answering the page. */
  hangUp?: boolean;
  /** Sent only once this resolves (after the entries). */
  hold?: Promise<void>;
  /** The entries and the result written at once (one read for the client), not one write each. */
  oneWrite?: boolean;
  /** The page's entry at this index is sent with its first attribute's type tagged INTEGER. */
  malformed?: number;
}

export const SCRIPTED_BASE = 'DC=example,DC=com';

/** 16 bytes that are valid UTF-8 (ASCII): a GUID ldapts would decode to text unless told not to. */
export function scriptedGuid(i: number): Buffer {
  return Buffer.from(`guid-${String(i).padStart(11, '0')}`, 'latin1');
}

function entryMessage(messageId: number, i: number, malformed = false): Buffer {
  const attributes: [string, (string | Buffer)[]][] = [
    ['cn', [`User ${i}`]],
    ['objectGUID', [scriptedGuid(i)]],
    ['proxyAddresses', [`SMTP:user${i}@example.com`, `smtp:user${i}@example.mail.onmicrosoft.com`]],
    ['member;range=0-1', [`CN=A${i},${SCRIPTED_BASE}`, `CN=B${i},${SCRIPTED_BASE}`]],
  ];
  const w = new BerWriter();
  writeSearchEntry(w, messageId, `CN=User ${i},${SCRIPTED_BASE}`, attributes);
  const message = w.buffer;
  if (malformed) {
    // the type `cn`: OCTET STRING (0x04), length 2 -> INTEGER (0x02)
    const at = message.indexOf(Buffer.from([0x04, 0x02, 0x63, 0x6e]));
    message[at] = 0x02;
  }
  return message;
}

export async function startScripted(pages: ScriptedPage[]) {
  const sockets = new Set<Socket>();
  let request = 0;
  let next = 0;
  const answer = async (socket: Socket, messageId: number) => {
    const index = request++;
    const page = pages[Math.min(index, pages.length - 1)]!;
    const held: Buffer[] = [];
    const send = (message: Buffer) => (page.oneWrite ? held.push(message) : socket.write(message));
    for (let i = 0; i < page.entries; i++) send(entryMessage(messageId, next++, i === page.malformed));
    for (let r = 0; r < (page.references ?? 0); r++)
      send(referenceMessage(messageId, `ldap://example.com/CN=Part${r},${SCRIPTED_BASE}`));
    await page.hold;
    if (page.hangUp) {
      socket.destroy();
      return;
    }
    const cookie = index + 1 < pages.length ? Buffer.from(`page-${index + 1}`) : Buffer.alloc(0);
    send(
      result(messageId, OP.searchDone, page.code ?? 0, '', page.diagnostic ?? '', undefined, [
        new PagedResultsControl({ value: { size: 0, cookie } }),
      ]),
    );
    if (held.length) socket.write(Buffer.concat(held));
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const total = messageLength(buffer);
        if (total === undefined || buffer.length < total) return;
        const reader = new BerReader(buffer.subarray(0, total));
        buffer = buffer.subarray(total);
        reader.readSequence();
        const messageId = reader.readInt() ?? 0;
        const op = reader.peek();
        if (op === OP.unbindRequest) socket.end();
        else if (op === OP.searchRequest) void answer(socket, messageId);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `ldap://127.0.0.1:${port}`,
    /** Search requests received (one per page asked for). */
    get requests() {
      return request;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
