import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackFake } from './loopback';

/**
 * A local Stripe that speaks the wire format of the calls PerkRank makes: form-encoded requests
 * with bracketed keys, JSON answers, `Idempotency-Key` honoured (same key + same body → the same
 * answer; same key + another body → 400 idempotency_error), Stripe-shaped errors, and injected
 * failures (402 card errors, 429 and 5xx with `Stripe-Should-Retry`) to exercise the client.
 */
export interface FakeSession {
  id: string;
  object: 'checkout.session';
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  mode: 'payment';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid' | 'no_payment_required';
  payment_intent: string | null;
  success_url: string;
  cancel_url: string;
  url: string | null;
  created: number;
  livemode: false;
}

export interface FakeRefund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  status: 'succeeded';
  metadata: Record<string, string>;
  created: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey?: string;
  body: Record<string, unknown>;
  authorization?: string;
}

const id = (prefix: string): string => `${prefix}_test_${randomBytes(12).toString('hex')}`;

/** Parses `a[b][0][c]=1&d=2` into nested objects/arrays, as Stripe's API does. */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const pair of body.split('&').filter(Boolean)) {
    const [rawKey, rawValue = ''] = pair.split('=');
    const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    const value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    const parts = key.split(/\[|\]\[|\]/).filter((p) => p !== '');
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return root;
}

export class StripeFake extends LoopbackFake {
  readonly sessions = new Map<string, FakeSession>();
  readonly refunds = new Map<string, FakeRefund>();
  readonly requests: RecordedRequest[] = [];
  private readonly idempotent = new Map<string, { body: string; status: number; response: unknown }>();
  private readonly failures: Array<{ status: number; error: Record<string, unknown> }> = [];
  private paymentIntentAmounts = new Map<string, { amount: number; refunded: number; currency: string }>();

  /** The next `times` requests fail with this status and Stripe error object. */
  failNext(status: number, error: Record<string, unknown>, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push({ status, error });
  }

  /** What Checkout does when the customer pays (or starts an async payment); an expired one cannot be. */
  completeSession(sessionId: string, paymentStatus: 'paid' | 'unpaid' = 'paid'): FakeSession {
    const session = this.mustSession(sessionId);
    if (session.status === 'expired')
      throw new Error(`fake session ${sessionId} is expired: it cannot be paid`);
    session.status = 'complete';
    session.payment_status = paymentStatus;
    session.payment_intent ??= id('pi');
    this.paymentIntentAmounts.set(session.payment_intent, {
      amount: session.amount_total,
      refunded: 0,
      currency: session.currency,
    });
    session.url = null;
    return { ...session };
  }

  /** An async payment (SEPA, …) settled later. */
  settleSession(sessionId: string, outcome: 'paid' | 'unpaid'): FakeSession {
    const session = this.mustSession(sessionId);
    session.payment_status = outcome;
    return { ...session };
  }

  expireSession(sessionId: string): FakeSession {
    const session = this.mustSession(sessionId);
    session.status = 'expired';
    session.url = null;
    return { ...session };
  }

  /** A Stripe event envelope around `object`, as webhooks deliver it. */
  event(
    type: string,
    object: object,
    eventId = id('evt'),
  ): {
    id: string;
    object: 'event';
    type: string;
    api_version: string;
    created: number;
    livemode: false;
    data: { object: object };
  } {
    return {
      id: eventId,
      object: 'event',
      type,
      api_version: '2025-01-27.acacia',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object },
    };
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  private mustSession(sessionId: string): FakeSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no fake session ${sessionId}`);
    return session;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://stripe.local');
    const body =
      url.search && req.method === 'GET' ? parseStripeForm(url.search.slice(1)) : parseStripeForm(raw);
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      idempotencyKey,
      body,
      authorization: req.headers.authorization,
    });

    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': id('req'), ...headers });
      res.end(JSON.stringify(payload));
    };

    const failure = this.failures.shift();
    if (failure) {
      const retry = failure.status === 429 || failure.status >= 500;
      send(
        failure.status,
        { error: failure.error },
        retry ? { 'Stripe-Should-Retry': 'true' } : { 'Stripe-Should-Retry': 'false' },
      );
      return;
    }
    if (!req.headers.authorization?.startsWith('Bearer sk_')) {
      send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } });
      return;
    }
    if (idempotencyKey && req.method === 'POST') {
      const seen = this.idempotent.get(idempotencyKey);
      if (seen) {
        if (seen.body !== raw) {
          send(400, {
            error: {
              type: 'idempotency_error',
              message:
                'Keys for idempotent requests can only be used with the same parameters they were first used with.',
            },
          });
          return;
        }
        send(seen.status, seen.response, { 'Idempotent-Replayed': 'true' });
        return;
      }
    }
    const [status, response] = this.route(req.method ?? 'GET', url.pathname, body);
    if (idempotencyKey && req.method === 'POST' && status < 500)
      this.idempotent.set(idempotencyKey, { body: raw, status, response });
    send(status, response);
  }

  private route(method: string, path: string, body: Record<string, unknown>): [number, unknown] {
    const notFound = (what: string): [number, unknown] => [
      404,
      { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}` } },
    ];
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const items = body.line_items as
        | Record<string, { quantity?: string; price_data?: { currency?: string; unit_amount?: string } }>
        | undefined;
      const first = items?.['0'];
      const quantity = Number(first?.quantity ?? 1);
      const unit = Number(first?.price_data?.unit_amount ?? NaN);
      if (!first?.price_data?.currency || !Number.isFinite(unit)) {
        return [
          400,
          {
            error: {
              type: 'invalid_request_error',
              code: 'parameter_missing',
              param: 'line_items',
              message: 'Missing required param: line_items.',
            },
          },
        ];
      }
      const session: FakeSession = {
        id: id('cs'),
        object: 'checkout.session',
        amount_total: unit * quantity,
        currency: first.price_data.currency,
        client_reference_id: (body.client_reference_id as string | undefined) ?? null,
        metadata: (body.metadata as Record<string, string> | undefined) ?? {},
        mode: 'payment',
        status: 'open',
        payment_status: 'unpaid',
        payment_intent: null,
        success_url: typeof body.success_url === 'string' ? body.success_url : '',
        cancel_url: typeof body.cancel_url === 'string' ? body.cancel_url : '',
        url: '',
        created: Math.floor(Date.now() / 1000),
        livemode: false,
      };
      session.url = `https://checkout.stripe.com/c/pay/${session.id}`;
      this.sessions.set(session.id, session);
      return [200, { ...session }];
    }
    const sessionMatch = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (method === 'GET' && sessionMatch) {
      const session = this.sessions.get(sessionMatch[1]);
      return session ? [200, { ...session }] : notFound(`checkout.session: '${sessionMatch[1]}'`);
    }
    const expireMatch = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(path);
    if (method === 'POST' && expireMatch) {
      const session = this.sessions.get(expireMatch[1]);
      if (!session) return notFound(`checkout.session: '${expireMatch[1]}'`);
      if (session.status !== 'open') {
        return [
          400,
          {
            error: {
              type: 'invalid_request_error',
              message: 'Only Checkout Sessions with a status in ["open"] can be expired.',
            },
          },
        ];
      }
      session.status = 'expired';
      session.url = null;
      return [200, { ...session }];
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const paymentIntent = typeof body.payment_intent === 'string' ? body.payment_intent : '';
      const charge = this.paymentIntentAmounts.get(paymentIntent);
      if (!charge) return notFound(`payment_intent: '${paymentIntent}'`);
      const amount = body.amount !== undefined ? Number(body.amount) : charge.amount - charge.refunded;
      if (amount <= 0 || charge.refunded + amount > charge.amount) {
        return [
          400,
          {
            error: {
              type: 'invalid_request_error',
              code: 'amount_too_large',
              message: 'Refund amount is greater than unrefunded amount on charge.',
            },
          },
        ];
      }
      charge.refunded += amount;
      const refund: FakeRefund = {
        id: id('re'),
        object: 'refund',
        amount,
        currency: charge.currency,
        payment_intent: paymentIntent,
        status: 'succeeded',
        metadata: (body.metadata as Record<string, string> | undefined) ?? {},
        created: Math.floor(Date.now() / 1000),
      };
      this.refunds.set(refund.id, refund);
      return [200, refund];
    }
    return [
      404,
      { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` } },
    ];
  }
}
