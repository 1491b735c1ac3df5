import { ClaimReminderProcessor } from '@perkrank/claims';
import { OutboxDispatcher } from '@perkrank/notifications';
import {
  claimPerk,
  createTestApp,
  login,
  mailText,
  newAdmin,
  newBrand,
  newClaimablePerk,
  newInfluencer,
  PASSWORD,
  scoredInfluencer,
  startSmtpServer,
  type TestApp,
} from '@perkrank/testing';

/** The token a mail's link carries (`?token=…`). */
function tokenIn(raw: string, path: string): string {
  const match = new RegExp(`${path}\\?token=([A-Za-z0-9._%-]+)`).exec(mailText(raw));
  if (!match) throw new Error(`no ${path} link in the mail`);
  return decodeURIComponent(match[1]);
}

describe('mail through a real SMTP server', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let dispatcher: OutboxDispatcher;
  const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        PUBLIC_URL: 'https://app.perkrank.test',
        MAIL_FROM: 'PerkRank <hello@perkrank.test>',
      },
    });
    dispatcher = t.app.get(OutboxDispatcher);
  });

  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sign-up sends a verification mail whose link verifies the address, once', async () => {
    const member = await newInfluencer(t);
    expect((await member.get('/v1/me').expect(200)).body.emailVerified).toBe(false);
    await dispatcher.drain();
    const [mail] = mailsTo(member.email);
    expect(mail).toBeDefined();
    expect(mail.from).toBe('hello@perkrank.test');
    expect(mailText(mail.raw)).toContain('PerkRank');
    expect(mail.raw).toContain('text/html');
    expect(mail.raw).toContain('text/plain');
    const token = tokenIn(mail.raw, 'https://app.perkrank.test/verify-email');
    await t.http.post('/v1/auth/verify-email').send({ token }).expect(200, { emailVerified: true });
    expect((await member.get('/v1/me').expect(200)).body.emailVerified).toBe(true);
    const again = await t.http.post('/v1/auth/verify-email').send({ token }).expect(400);
    expect(again.body.error.code).toBe('invalid_token');
    const junk = await t.http.post('/v1/auth/verify-email').send({ token: 'nonsense' }).expect(400);
    expect(junk.body.error.code).toBe('invalid_token');
  });

  it('password reset: 202 either way, the mailed link sets the password once, ends every session, and expires after 30 minutes', async () => {
    const member = await newInfluencer(t);
    const other = await login(t, member.email); // a second session
    await dispatcher.drain();
    const before = smtp.mails.length;
    await t.http.post('/v1/auth/password-reset').send({ email: 'nobody-here@example.com' }).expect(202);
    await dispatcher.drain();
    expect(smtp.mails.length).toBe(before);

    await t.http.post('/v1/auth/password-reset').send({ email: member.email.toUpperCase() }).expect(202);
    await dispatcher.drain();
    const resetMail = mailsTo(member.email).find((m) => mailText(m.raw).includes('reset-password'));
    expect(resetMail).toBeDefined();
    const token = tokenIn(resetMail!.raw, 'https://app.perkrank.test/reset-password');

    const newPassword = 'a-brand-new-password-42';
    await t.http.post('/v1/auth/password-reset/confirm').send({ token, password: newPassword }).expect(200);
    // Old sessions: access tokens and refresh tokens stop working.
    await member.get('/v1/me').expect(401);
    await other.get('/v1/me').expect(401);
    await t.http.post('/v1/auth/refresh').send({ refreshToken: member.refreshToken }).expect(401);
    await t.http.post('/v1/auth/login').send({ email: member.email, password: PASSWORD }).expect(401);
    await login(t, member.email, newPassword);
    // Single use.
    const reused = await t.http
      .post('/v1/auth/password-reset/confirm')
      .send({ token, password: 'another-password-1' });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('invalid_token');

    // Expiry: a fresh token is refused 30 minutes later (the clock moves, nobody waits).
    await t.http.post('/v1/auth/password-reset').send({ email: member.email }).expect(202);
    await dispatcher.drain();
    const second = mailsTo(member.email)
      .filter((m) => mailText(m.raw).includes('reset-password'))
      .pop()!;
    const late = tokenIn(second.raw, 'https://app.perkrank.test/reset-password');
    expect(late).not.toBe(token);
    t.clock.advance(30 * 60_000 + 1000);
    try {
      const expired = await t.http
        .post('/v1/auth/password-reset/confirm')
        .send({ token: late, password: 'too-late-password-1' });
      expect(expired.status).toBe(400);
      expect(expired.body.error.code).toBe('invalid_token');
    } finally {
      t.clock.reset();
    }
    await login(t, member.email, newPassword);
  });

  it('a claim mails the member the code and the QR code, in their language', async () => {
    const admin = await newAdmin(t);
    const perk = await newClaimablePerk(t, admin);
    const member = await scoredInfluencer(t, 80);
    await member.patch('/v1/me/notifications', { language: 'de' }).expect(200);
    const claim = await claimPerk(member, perk.campaign.id);
    await dispatcher.drain();
    const mail = mailsTo(member.email).find((m) => mailText(m.raw).includes(claim.code));
    expect(mail).toBeDefined();
    const text = mailText(mail!.raw);
    expect(text).toContain('Dein Code');
    expect(text).toContain(`https://app.perkrank.test/claims/${claim.id}`);
    expect(text).toContain('image/png');
    expect(text).not.toMatch(/<img[^>]+src="https?:/); // no remote images, no tracking pixel
  });

  it('reminds the member once, 24 hours before a reservation expires', async () => {
    const admin = await newAdmin(t);
    const perk = await newClaimablePerk(t, admin, { claimTtlHours: 72 });
    const member = await scoredInfluencer(t, 80);
    const claim = await claimPerk(member, perk.campaign.id);
    const reminder = t.app.get(ClaimReminderProcessor);
    try {
      t.clock.advance(40 * 3600_000); // 32 h left: too early
      expect((await reminder.handle()).announced).toBe(0);
      t.clock.advance(8.5 * 3600_000); // 23.5 h left
      expect((await reminder.handle()).announced).toBeGreaterThanOrEqual(1);
      t.clock.advance(15 * 60_000); // the next run sees it again
      await reminder.handle();
      await dispatcher.drain();
    } finally {
      t.clock.reset();
    }
    const reminders = mailsTo(member.email).filter((m) => mailText(m.raw).includes('expires in 24 hours'));
    expect(reminders).toHaveLength(1);
    expect(mailText(reminders[0].raw)).toContain(`/claims/${claim.id}`);
  });

  it('turned-off kinds are skipped, essential ones cannot be turned off; admins read the outbox newest first', async () => {
    const admin = await newAdmin(t);
    const perk = await newClaimablePerk(t, admin);
    const member = await scoredInfluencer(t, 80);
    const settings = await member.patch('/v1/me/notifications', { claimConfirmation: false }).expect(200);
    expect(settings.body).toMatchObject({ language: 'en', claimConfirmation: false, claimRedeemed: true });
    expect(settings.body.essential).toEqual(expect.arrayContaining(['password_reset', 'email_verification']));
    const bad = await member.patch('/v1/me/notifications', { language: 'fr' }).expect(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const claim = await claimPerk(member, perk.campaign.id);
    await dispatcher.drain();
    expect(mailsTo(member.email).some((m) => mailText(m.raw).includes(claim.code))).toBe(false);

    const outbox = await admin.get('/v1/admin/outbox?kind=claim_confirmation&limit=50').expect(200);
    const skipped = outbox.body.data.find((m: { to: string }) => m.to === member.email);
    expect(skipped).toMatchObject({ status: 'skipped', kind: 'claim_confirmation' });
    const all = await admin.get('/v1/admin/outbox?limit=100').expect(200);
    const times = all.body.data.map((m: { createdAt: string }) => Date.parse(m.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    await member.get('/v1/admin/outbox').expect(403);
  });

  it('with REQUIRE_VERIFIED_EMAIL an unverified member can log in but not claim', async () => {
    const strict = await createTestApp({ env: { REQUIRE_VERIFIED_EMAIL: 'true' }, database: t.db });
    try {
      const admin = await newAdmin(strict);
      const brand = await newBrand(strict);
      // The brand's people verified their addresses; the member below has not.
      await strict.dataSource.query(`UPDATE users SET email_verified_at = now() WHERE id IN ($1, $2)`, [
        admin.id,
        brand.owner.id,
      ]);
      const perk = await newClaimablePerk(strict, admin, {}, brand);
      const member = await scoredInfluencer(strict, 80);
      const refused = await member.post(`/v1/perks/${perk.campaign.id}/claims`).expect(403);
      expect(refused.body.error.code).toBe('email_not_verified');
      await strict.dataSource.query(`UPDATE users SET email_verified_at = now() WHERE id = $1`, [member.id]);
      const again = await login(strict, member.email);
      await again.post(`/v1/perks/${perk.campaign.id}/claims`).expect(201);
    } finally {
      await strict.app.close();
    }
  });
});
