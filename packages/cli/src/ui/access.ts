import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';

/**
 * Who may read through the inspector: a request must name the Host the
 * server was started for (so a page of another site, reaching 127.0.0.1
 * through a DNS name it controls, is refused) and carry the token printed
 * at start, in the address (`?token=`), the cookie set when that address
 * was opened, or an `Authorization: Bearer` header.
 */
export class Access {
  readonly token = randomBytes(24).toString('base64url');
  readonly #hosts: Set<string>;
  readonly cookieName: string;

  constructor(bindHost: string, port: number) {
    this.cookieName = `sessions_ui_${port}`;
    this.#hosts = new Set(allowedHosts(bindHost).map((host) => `${host}:${port}`.toLowerCase()));
  }

  hostAllowed(request: IncomingMessage): boolean {
    const host = request.headers.host;
    return typeof host === 'string' && this.#hosts.has(host.toLowerCase());
  }

  /** The token the request carries, and whether it came in the address. */
  presented(request: IncomingMessage, url: URL): { token: string; fromAddress: boolean } | undefined {
    const fromAddress = url.searchParams.get('token');
    if (fromAddress !== null) return { token: fromAddress, fromAddress: true };
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) return { token: bearer, fromAddress: false };
    for (const part of (request.headers.cookie ?? '').split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === this.cookieName) return { token: value.join('='), fromAddress: false };
    }
    return undefined;
  }

  tokenValid(token: string): boolean {
    const given = Buffer.from(token);
    const expected = Buffer.from(this.token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  cookie(): string {
    return `${this.cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

const bracketed = (address: string) => (address.includes(':') && !address.startsWith('[') ? `[${address}]` : address);

/** The host names a browser may use to reach a server bound to `bindHost`. */
export function allowedHosts(bindHost: string): string[] {
  const hosts = new Set(LOOPBACK);
  if (WILDCARD.has(bindHost)) {
    hosts.add(hostname());
    for (const addresses of Object.values(networkInterfaces())) for (const a of addresses ?? []) hosts.add(bracketed(a.address));
  } else {
    hosts.add(bracketed(bindHost));
  }
  return [...hosts];
}

export function isLoopback(bindHost: string): boolean {
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(bindHost) || /^127\./.test(bindHost);
}
