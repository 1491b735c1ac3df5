import { createServer, type Server } from 'node:net';
import { ReadReplica } from '@perkrank/core';
import {
  createTestApp,
  createTestDatabase,
  newInfluencer,
  type TestApp,
  type TestDatabase,
} from '@perkrank/testing';

/** A port nothing listens on: a replica that is down. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('read replica (DATABASE_REPLICA_URL)', () => {
  describe('answering', () => {
    let replicaDb: TestDatabase;
    let t: TestApp;
    beforeAll(async () => {
      // A second copy of the schema stands in for the replica: reads that reach it can be told apart.
      replicaDb = await createTestDatabase();
      t = await createTestApp({ env: { DATABASE_REPLICA_URL: replicaDb.url } });
    });
    afterAll(async () => {
      await t?.close();
      await replicaDb?.drop();
    });

    it('sends lag-tolerant reads to the replica and leaves the primary for the rest', async () => {
      const replica = t.app.get(ReadReplica);
      const [{ db }] = await replica.query<Array<{ db: string }>>('SELECT current_database() AS db');
      expect(db).toBe(replicaDb.name);
      expect(replica.state()).toBe('up');
      // The primary keeps its own reads and every write.
      const [{ db: primary }] = await t.dataSource.query('SELECT current_database() AS db');
      expect(primary).toBe(t.db.name);
      // A member registered on the primary is not on the stand-in replica: the profile read went there.
      const member = await newInfluencer(t);
      await member.patch('/v1/me/privacy').send({ publicProfile: true }).expect(200);
      await t.http.get(`/v1/profiles/${member.id}`).expect(404);
    });

    it('does not hide errors in the SQL itself behind the fallback', async () => {
      await expect(t.app.get(ReadReplica).query('SELECT 1 / 0')).rejects.toThrow(/division by zero/);
      expect(t.app.get(ReadReplica).state()).toBe('up');
    });
  });

  describe('down', () => {
    let t: TestApp;
    beforeAll(async () => {
      const port = await closedPort();
      t = await createTestApp({
        env: { DATABASE_REPLICA_URL: `postgres://perkrank:x@127.0.0.1:${port}/perkrank` },
      });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('falls back to the primary, and the requests that read there answer', async () => {
      const replica = t.app.get(ReadReplica);
      const [{ db }] = await replica.query<Array<{ db: string }>>('SELECT current_database() AS db');
      expect(db).toBe(t.db.name);
      expect(replica.state()).toBe('down');
      const member = await newInfluencer(t);
      await member.patch('/v1/me/privacy').send({ publicProfile: true }).expect(200);
      await t.http.get(`/v1/profiles/${member.id}`).expect(200);
      await t.http.get('/v1/scoring/model').expect(200);
      await member.get('/v1/perks').expect(200);
    });
  });
});
