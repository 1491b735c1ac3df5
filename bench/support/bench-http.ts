import { type Agent, request } from 'node:http';

/**
 * One request as the load generators send it: over a keep-alive `agent` to 127.0.0.1, with the
 * member's bearer token, a POST with an empty JSON object. The answer's body is read only when
 * asked for (a claim storm needs the status alone).
 */
export function benchRequest(
  agent: Agent,
  port: number,
  method: 'GET' | 'POST',
  path: string,
  token: string,
  readBody = false,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
    if (method === 'POST')
      Object.assign(headers, { 'content-type': 'application/json', 'content-length': 2 });
    const req = request({ host: '127.0.0.1', port, path, method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      if (readBody) res.on('data', (chunk: Buffer) => chunks.push(chunk));
      else res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}
