import { CampaignExpiryProcessor, CampaignRepository, CAMPAIGNS_EXPIRE } from '@perkrank/campaigns';
import { JobWorker } from '@perkrank/core';
import {
  createTestWorker,
  newCampaign,
  newLiveCampaign,
  until,
  useTestApp,
  useAdmin,
  useBrand,
} from '@perkrank/testing';

const HOUR = 3_600_000;

describe('campaign expiry job', () => {
  const t = useTestApp({ jobs: 'producer' });
  const admin = useAdmin(t);
  const brand = useBrand(t);

  const window = (startOffset: number, endOffset: number) => {
    const now = t.clock.now().getTime();
    return {
      schedule: {
        startsAt: new Date(now + startOffset).toISOString(),
        endsAt: new Date(now + endOffset).toISOString(),
      },
    };
  };
  const status = async (id: string): Promise<string> =>
    (await brand.owner.get(`/v1/campaigns/${id}`).expect(200)).body.status;

  it('is scheduled every minute', () => {
    const found = t.app
      .get(JobWorker)
      .processors()
      .find((p) => p.options.name === CAMPAIGNS_EXPIRE);
    expect(found?.options.cron).toBe('* * * * *');
  });

  it('ends live and paused campaigns whose window passed, and nothing else', async () => {
    const live = await newLiveCampaign(t, brand, admin, window(-HOUR, 2 * HOUR));
    const paused = await newLiveCampaign(t, brand, admin, window(-HOUR, 2 * HOUR));
    await brand.owner.post(`/v1/campaigns/${paused.id}/pause`).expect(200);
    const later = await newLiveCampaign(t, brand, admin, window(-HOUR, 5 * HOUR));
    const pending = await newCampaign(t, brand, window(-HOUR, 2 * HOUR));
    await brand.owner.post(`/v1/campaigns/${pending.id}/submit`).expect(200);
    const processor = t.app.get(CampaignExpiryProcessor);

    expect(await processor.handle()).toEqual({ ended: 0 });
    t.clock.advance(2 * HOUR);
    try {
      expect(await processor.handle()).toEqual({ ended: 2 });
      expect(await status(live.id)).toBe('ended');
      expect(await status(paused.id)).toBe('ended');
      expect(await status(later.id)).toBe('approved');
      expect(await status(pending.id)).toBe('pending_review');
      // Idempotent: a second run (or a second worker) finds nothing left to do.
      expect(await processor.handle()).toEqual({ ended: 0 });
      const resumed = await brand.owner.post(`/v1/campaigns/${paused.id}/resume`).expect(409);
      expect(resumed.body.error.code).toBe('invalid_transition');
    } finally {
      t.clock.reset();
    }
  });

  it('runs in a separate worker when the queue hands it the job', async () => {
    const now = Date.now();
    const soon = await newLiveCampaign(t, brand, admin, {
      schedule: { startsAt: new Date(now - HOUR).toISOString(), endsAt: new Date(now + 1500).toISOString() },
    });
    await new Promise((r) => setTimeout(r, 1600));
    const worker = await createTestWorker({
      database: t.db,
      providers: [CampaignExpiryProcessor, CampaignRepository],
    });
    try {
      const job = await admin.post('/v1/admin/jobs', { name: CAMPAIGNS_EXPIRE }).expect(202);
      const done = await until(async () => {
        const res = await admin.get(`/v1/admin/jobs/${CAMPAIGNS_EXPIRE}/${job.body.id}`).expect(200);
        return res.body.state === 'completed' ? res.body : undefined;
      }, 'the expiry job to complete');
      expect(done.output.ended).toBeGreaterThanOrEqual(1);
      expect(await status(soon.id)).toBe('ended');
    } finally {
      await worker.close();
    }
  });
});
