import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { listenOnLoopback } from './fakes/loopback';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A real SMTP server in the test process: every mail it accepts, raw. While `hold()` is true a
 * message is counted in `held` and never answered: the sender is stuck mid-delivery.
 */
export async function startSmtpServer(options: { hold?: () => boolean } = {}): Promise<{
  url: string;
  mails: ReceivedMail[];
  readonly held: number;
  close(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  let held = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (options.hold?.()) {
          held++;
          return;
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    get held() {
      return held;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Decodes a raw mail's quoted-printable soft breaks and escapes enough to search its text. */
export function mailText(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP receiver; `answer` decides each status (200 by default), or `'hold'`: the request is
 * recorded and left unanswered until `dropHeld()` drops its connection.
 */
export async function startReceiver(
  answer: (hook: ReceivedHook, n: number) => number | 'hold' = () => 200,
): Promise<{
  url: string;
  received: ReceivedHook[];
  /** Drops the connections of the requests held so far. */
  dropHeld(): void;
  close(): Promise<void>;
}> {
  const received: ReceivedHook[] = [];
  const held: Array<() => void> = [];
  const loopback = await listenOnLoopback((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hook = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(hook);
      const status = answer(hook, received.length);
      if (status === 'hold') {
        held.push(() => res.destroy());
        return;
      }
      res.statusCode = status;
      res.end('ok');
    });
  });
  return {
    url: `${loopback.url}/hooks`,
    received,
    dropHeld: () => held.splice(0).forEach((drop) => drop()),
    close: () => {
      loopback.server.closeAllConnections();
      return loopback.stop();
    },
  };
}
