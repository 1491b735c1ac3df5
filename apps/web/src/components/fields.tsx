/** Form fields: text inputs bound to state in one line, and the account email field. */
import { PasswordInput, TextInput, type PasswordInputProps, type TextInputProps } from '@mantine/core';
import type { ChangeEvent, ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/** The props that tie a text input to a piece of state, with the API's error for that field. */
export function bindText(value: string, set: (value: string) => void, error?: ReactNode) {
  return {
    value,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(e.currentTarget.value),
    error,
  };
}

/** A person's own email address: typed, autocompleted, required (the label says so, no asterisk). */
export function EmailInput(props: TextInputProps) {
  const { t } = useI18n();
  return (
    <TextInput
      label={t('field.email')}
      type="email"
      autoComplete="email"
      required
      withAsterisk={false}
      {...props}
    />
  );
}

/** A password being chosen (sign-up, reset): the browser may suggest one; required, no asterisk. */
export function NewPasswordInput(props: PasswordInputProps) {
  return <PasswordInput autoComplete="new-password" required withAsterisk={false} {...props} />;
}
