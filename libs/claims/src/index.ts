/**
 * @perkrank/claims — claiming and redeeming perks: the one-statement claim with the per-member
 * limit, reservations and their expiry, revocation when a campaign is taken down, brand pool codes,
 * the front desk (lookup and redemption by code or QR token), and the pure parts: the claim-code
 * format, pool-code folding, the signed QR token, the claim life cycle, and the QR image (drawn
 * by the `qrcode` package).
 */
export * from './codes';
export * from './claims.module';
export * from './claims.exception';
export * from './claims/claim-state';
export * from './claims/claim-events';
export * from './claims/claim.entity';
export * from './claims/claim.service';
export * from './redemption/redemption.service';
export * from './pool/pool-code.entity';
export * from './lifecycle/claim-expiry.processor';
export * from './lifecycle/claim-reminder.processor';
export * from './lifecycle/campaign-removal.handler';
export * from './qr';
