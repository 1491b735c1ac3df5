import {
  CLAIM_STATUSES,
  type ClaimAction,
  type ClaimStatus,
  checkClaimAction,
  effectiveStatus,
  holdsUnit,
} from './claim-state';

const now = new Date('2030-05-01T12:00:00Z');
const later = new Date(now.getTime() + 60_000);
const earlier = new Date(now.getTime() - 60_000);

describe('effectiveStatus', () => {
  it('reads a reservation past its deadline as expired, at the deadline included', () => {
    expect(effectiveStatus({ status: 'reserved', expiresAt: later }, now)).toBe('reserved');
    expect(effectiveStatus({ status: 'reserved', expiresAt: now }, now)).toBe('expired');
    expect(effectiveStatus({ status: 'reserved', expiresAt: earlier }, now)).toBe('expired');
    expect(effectiveStatus({ status: 'reserved', expiresAt: new Date(Number.NaN) }, now)).toBe('expired');
  });

  it('leaves every other status alone, whatever the deadline', () => {
    for (const status of CLAIM_STATUSES.filter((s) => s !== 'reserved')) {
      expect(effectiveStatus({ status, expiresAt: earlier }, now)).toBe(status);
      expect(effectiveStatus({ status, expiresAt: later }, now)).toBe(status);
    }
  });
});

describe('checkClaimAction', () => {
  const table: Array<[ClaimStatus, Date, ClaimAction, string]> = [
    ['reserved', later, 'redeem', 'ok'],
    ['reserved', later, 'cancel', 'ok'],
    ['reserved', later, 'submit_content', 'claim_not_redeemed'],
    ['reserved', earlier, 'redeem', 'claim_expired'],
    ['reserved', earlier, 'cancel', 'claim_expired'],
    ['redeemed', later, 'redeem', 'code_already_redeemed'],
    ['redeemed', later, 'cancel', 'code_already_redeemed'],
    ['redeemed', earlier, 'submit_content', 'ok'],
    ['expired', later, 'redeem', 'claim_expired'],
    ['cancelled', later, 'redeem', 'claim_cancelled'],
    ['cancelled', later, 'cancel', 'claim_cancelled'],
    ['revoked', later, 'redeem', 'claim_revoked'],
    ['revoked', later, 'submit_content', 'claim_not_redeemed'],
  ];
  it.each(table)('%s (deadline %s) → %s: %s', (status, expiresAt, action, expected) => {
    const result = checkClaimAction({ status, expiresAt }, action, now);
    expect(result.ok ? 'ok' : result.reason).toBe(expected);
  });
});

describe('holdsUnit', () => {
  it('counts reserved and redeemed claims only', () => {
    expect(CLAIM_STATUSES.filter(holdsUnit)).toEqual(['reserved', 'redeemed']);
  });
});
