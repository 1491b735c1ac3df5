/**
 * @perkrank/claims — claiming and redeeming perks. So far: the pure claim-code format (generation,
 * check symbol, normalisation), brand pool codes and the signed QR token.
 */
export * from './codes';
