/** The brand a brand member is working on: the switcher's choice, remembered, else their first. */
import { useCallback, useSyncExternalStore } from 'react';
import { useMe } from '../app/auth';

const KEY = 'perkrank.brand';
const listeners = new Set<() => void>();

function read(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function useBrand() {
  const me = useMe();
  const stored = useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, read);
  const brands = me.data?.brands ?? [];
  const brand = brands.find((b) => b.id === stored) ?? brands[0];
  const select = useCallback((id: string) => {
    try {
      localStorage.setItem(KEY, id);
    } catch {
      // not remembered
    }
    for (const listener of listeners) listener();
  }, []);
  return { brand, brands, select, canManage: brand !== undefined && brand.role !== 'staff' };
}
