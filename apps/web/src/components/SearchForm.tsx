import { Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { bindText } from './fields';

interface SearchFormProps {
  label: string;
  placeholder?: string;
  type?: 'search' | 'text';
  /** Called with the trimmed text when the form is submitted (typing alone searches nothing). */
  onSearch: (text: string) => void;
}

/** The one-field filter above an admin list. */
export function SearchForm({ label, placeholder, type, onSearch }: SearchFormProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(draft.trim());
      }}
    >
      <Group align="flex-end" mb="md">
        <TextInput label={label} type={type} placeholder={placeholder} {...bindText(draft, setDraft)} />
        <Button type="submit" variant="default">
          {t('users.searchButton')}
        </Button>
      </Group>
    </form>
  );
}
