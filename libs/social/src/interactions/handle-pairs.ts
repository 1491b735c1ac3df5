/**
 * Distinct (network, handle) → id pairs that events reveal: how a member's account connected by
 * handle (an admin-verified X account, say) learns its native id.
 */
export interface HandlePair {
  network: string;
  handle: string;
  nativeId: string;
}

export class HandlePairs {
  private readonly pairs = new Map<string, HandlePair>();

  add(network: string, handle: string, nativeId: string): void {
    this.pairs.set(`${network}\0${handle}`, { network, handle, nativeId });
  }

  list(): HandlePair[] {
    return [...this.pairs.values()];
  }
}
