import { randomBytes } from 'node:crypto';
import { signClaimToken } from '@perkrank/claims';
import { claimPerk, clientFor, newAdmin, newClaimablePerk, setScore, useTestApp } from '@perkrank/testing';

/**
 * Item 19: a full run — register, login (right and wrong), claim, lookup by code and by QR token,
 * redeem, admin search by email, privacy token, export, and a forced database error — writes
 * none of the secrets or personal data it used to the log.
 */
describe('logs carry no secrets or personal data (API)', () => {
  const lines: string[] = [];
  const t = useTestApp({ logDestination: { write: (line: string) => void lines.push(line) } });

  it('greps a whole run for every secret and personal datum used', async () => {
    const tag = randomBytes(4).toString('hex');
    const person = {
      email: `zelda.logsworth.${tag}@example.com`,
      password: `Zelda-secret-${tag}-passw0rd`,
      displayName: `Zelda Logsworth ${tag}`,
      dateOfBirth: '1987-03-21',
    };
    const registered = await t.http
      .post('/v1/auth/register')
      .send({ ...person, accountType: 'influencer', acceptTerms: true, scoringConsent: true })
      .expect(201);
    const wrongPassword = `Wrong-${tag}-passw0rd`;
    await t.http.post('/v1/auth/login').send({ email: person.email, password: wrongPassword }).expect(401);
    const loggedIn = await t.http
      .post('/v1/auth/login')
      .send({ email: person.email, password: person.password })
      .expect(200);
    const member = clientFor(t, loggedIn.body.user, loggedIn.body);
    await setScore(t, member.id, 80);
    const privacy = await t.http
      .post('/v1/auth/privacy-token')
      .send({ email: person.email, password: person.password })
      .expect(200);
    await t.http.get('/v1/me/export').set('Authorization', `Bearer ${privacy.body.accessToken}`).expect(200);

    const admin = await newAdmin(t);
    await admin.get(`/v1/admin/users?email=${encodeURIComponent(person.email)}&limit=5`).expect(200);
    const perk = await newClaimablePerk(t, admin);
    const claim = await claimPerk(member, perk.campaign.id);
    const qrToken = signClaimToken(claim.id, t.config.claimTokenSecret);
    const apiKey = (
      await perk.brand.owner.post(`/v1/brands/${perk.brand.id}/api-keys`, { name: 'Desk' }).expect(201)
    ).body.key as string;
    const desk = (path: string) => t.http.get(path).set('X-Api-Key', apiKey);
    await desk(
      `/v1/brands/${perk.brand.id}/redemptions/lookup?code=${encodeURIComponent(claim.code)}`,
    ).expect(200);
    await desk(`/v1/brands/${perk.brand.id}/redemptions/lookup?code=${encodeURIComponent(qrToken)}`).expect(
      200,
    );
    await t.http
      .post(`/v1/brands/${perk.brand.id}/redemptions`)
      .set('X-Api-Key', apiKey)
      .send({ code: claim.code })
      .expect(200);

    // A real failing INSERT: the constraint makes the database refuse this one registration, and
    // Postgres answers with the whole row (email, password hash, date of birth) in its detail.
    const doomed = {
      email: `doomed.${tag}@example.com`,
      password: `Doomed-secret-${tag}-passw0rd`,
      displayName: `Doomed Person ${tag}`,
      dateOfBirth: '1979-11-05',
    };
    await t.dataSource.query(
      `ALTER TABLE users ADD CONSTRAINT ck_log_redaction_test CHECK (display_name <> '${doomed.displayName}') NOT VALID`,
    );
    const failed = await t.http
      .post('/v1/auth/register')
      .send({ ...doomed, accountType: 'influencer', acceptTerms: true })
      .expect(500);
    await t.dataSource.query('ALTER TABLE users DROP CONSTRAINT ck_log_redaction_test');

    const [stored]: Array<{ password_hash: string }> = await t.dataSource.query(
      'SELECT password_hash FROM users WHERE id = $1',
      [member.id],
    );
    const [key]: Array<{ key_hash: string }> = await t.dataSource.query(
      'SELECT key_hash FROM api_keys WHERE brand_id = $1',
      [perk.brand.id],
    );

    const log = lines.join('\n');
    // The failure itself is logged, with what an operator needs: the constraint and the SQL.
    const failure = lines.find((l) => l.includes(failed.body.error.requestId) && l.includes('"err"'));
    expect(failure).toContain('ck_log_redaction_test');
    expect(failure).toContain('INSERT INTO');
    // The access log keeps paths and harmless parameters, not the code or the email.
    expect(log).toContain('/redemptions/lookup?code=[redacted]');
    expect(log).toContain('email=[redacted]&limit=5');

    const secrets: Record<string, string> = {
      email: person.email,
      'email (local part)': person.email.split('@')[0],
      password: person.password,
      'wrong password': wrongPassword,
      'display name': person.displayName,
      'date of birth': person.dateOfBirth,
      'password hash': stored.password_hash,
      'argon2 hash marker': '$argon2',
      'access token': member.accessToken,
      'refresh token': member.refreshToken,
      'registration refresh token': registered.body.refreshToken,
      'privacy token': privacy.body.accessToken,
      'claim code': claim.code,
      'claim code (folded)': claim.code.replace(/-/g, ''),
      'QR token': qrToken,
      'API key': apiKey,
      'API key hash': key.key_hash,
      'rate-limit key': 'login:acct:',
      'doomed email': doomed.email,
      'doomed password': doomed.password,
      'doomed name': doomed.displayName,
      'doomed date of birth': doomed.dateOfBirth,
    };
    const leaks = Object.entries(secrets)
      .filter(([, value]) => log.includes(value))
      .map(([name]) => name);
    expect(leaks).toEqual([]);
  });
});
