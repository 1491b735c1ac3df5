/**
 * The one i18n layer: every string the app shows comes from a dictionary here. English is the
 * reference (its keys type every lookup); German is checked against it at compile time. The
 * language follows the browser until the person picks one, which is remembered.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { de } from './de';
import { en, type MessageKey } from './en';

export type Language = 'en' | 'de';
export const LANGUAGES: { value: Language; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'de', label: 'Deutsch' },
];
const dictionaries: Record<Language, Record<MessageKey, string>> = { en, de };
const STORAGE_KEY = 'perkrank.language';

/** Values for `{name}` placeholders; a missing value shows as a dash. */
export type Vars = Record<string, string | number | null | undefined>;

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'de') return stored;
  } catch {
    // no storage: follow the browser
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'de' || base === 'en') return base;
  }
  return 'en';
}

export function translate(language: Language, key: MessageKey, vars?: Vars): string {
  const text = dictionaries[language][key] ?? en[key] ?? key;
  return vars
    ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name] ?? '—') : m))
    : text;
}

export interface I18n {
  language: Language;
  locale: string;
  setLanguage(language: Language): void;
  t(key: MessageKey, vars?: Vars): string;
  number(value: number, digits?: number): string;
  date(value: string | Date): string;
  dateTime(value: string | Date): string;
  money(amountMinor: number, currency: string): string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered without storage
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const locale = language === 'de' ? 'de-DE' : 'en-GB';
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    return {
      language,
      locale,
      setLanguage,
      t: (key, vars) => translate(language, key, vars),
      number: (value, digits = 0) =>
        new Intl.NumberFormat(locale, {
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }).format(value),
      date: (value) => dateFormat.format(new Date(value)),
      dateTime: (value) => dateTimeFormat.format(new Date(value)),
      money: (amountMinor, currency) =>
        new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amountMinor / 100),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export type { MessageKey };
