import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP server on a free loopback port (the fakes' and receivers'): its base URL and a stop. */
export interface Loopback {
  server: Server;
  /** e.g. `http://127.0.0.1:54321`. */
  url: string;
  stop(): Promise<void>;
}

export async function listenOnLoopback(handler: RequestListener): Promise<Loopback> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A fake service on a loopback port: `start()` opens it at `url`, `stop()` closes it. */
export abstract class LoopbackFake {
  /** e.g. `http://127.0.0.1:54321`, once started. */
  url = '';
  private loopback?: Loopback;

  protected abstract handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;

  async start(): Promise<this> {
    this.loopback = await listenOnLoopback((req, res) => void this.handle(req, res));
    this.url = this.loopback.url;
    return this;
  }

  async stop(): Promise<void> {
    await this.loopback?.stop();
  }
}
