import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from './target';

export interface PostOutcome {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** How long a receiver has to answer before the attempt counts as failed. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * A lookup that only ever hands the socket addresses a webhook may reach: with private targets
 * refused, a hostname that resolves (now, at this delivery) to loopback/private/link-local fails
 * before any byte is sent, which also defeats DNS rebinding after the URL was checked.
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err);
      const allowed = allowPrivate ? addresses : addresses.filter((a) => !isPrivateAddress(a.address));
      if (allowed.length === 0)
        return callback(
          Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' }),
        );
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  }) as unknown as LookupFunction;
}

/** Posts signed event bodies over keep-alive connections; never follows redirects. */
export class WebhookSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly allowPrivate: boolean) {
    const lookup = guardedLookup(allowPrivate);
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16, lookup });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16, lookup });
  }

  post(url: string, body: string, headers: Record<string, string>): Promise<PostOutcome> {
    const started = Date.now();
    return new Promise((resolve) => {
      let settled = false;
      const done = (statusCode: number | null, error: string | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ statusCode, error: error?.slice(0, 500) ?? null, durationMs: Date.now() - started });
      };
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return resolve({ statusCode: null, error: 'invalid URL', durationMs: 0 });
      }
      const host = target.hostname.replace(/^\[|\]$/g, '');
      if (!this.allowPrivate && (target.protocol !== 'https:' || (isIP(host) && isPrivateAddress(host))))
        return resolve({
          statusCode: null,
          error: 'target not allowed (https to public addresses only)',
          durationMs: 0,
        });
      const secure = target.protocol === 'https:';
      const request = (secure ? https : http).request(
        target,
        {
          method: 'POST',
          agent: secure ? this.httpsAgent : this.httpAgent,
          headers: { ...headers, 'Content-Length': Buffer.byteLength(body).toString() },
        },
        (res) => {
          // Drain (a little of) the answer so the connection can be reused; its content is not kept.
          res.on('data', () => undefined);
          res.on('end', () => done(res.statusCode ?? null, null));
          res.on('error', (e) => done(res.statusCode ?? null, e.message));
        },
      );
      const timer = setTimeout(() => {
        request.destroy(new Error(`no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`));
      }, WEBHOOK_TIMEOUT_MS);
      request.on('error', (e) => done(null, e.message));
      request.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
