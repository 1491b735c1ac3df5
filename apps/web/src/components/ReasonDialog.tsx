import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { bindText } from './fields';

interface ReasonDialogProps {
  opened: boolean;
  title: string;
  label: string;
  confirmLabel: string;
  required: boolean;
  color?: string;
  busy?: boolean;
  error?: string;
  onClose(): void;
  onConfirm(text: string): void;
}

/** Asks for the reason (or note) an action needs before it runs; required ones cannot be blank. */
export function ReasonDialog(props: ReasonDialogProps) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = props.required && text.trim().length === 0;
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (!missing) props.onConfirm(text.trim());
        }}
      >
        <Stack>
          <Textarea
            label={props.label}
            {...bindText(text, setText)}
            required={props.required}
            autosize
            minRows={3}
            error={(touched && missing ? t('common.required') : undefined) ?? props.error}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={props.color} loading={props.busy}>
              {props.confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
