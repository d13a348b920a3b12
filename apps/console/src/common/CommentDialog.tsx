import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@mui/material';
import { useTranslate } from 'react-admin';

/** Asks for a short text (a comment, a reason, a typed confirmation) before an action runs. */
export function CommentDialog({
  open,
  title,
  body,
  label,
  required = false,
  mustEqual,
  confirmLabel,
  pending = false,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  body?: string;
  label: string;
  required?: boolean;
  /** The text must be typed exactly (a destructive action's confirmation). */
  mustEqual?: string;
  confirmLabel: string;
  pending?: boolean;
  onConfirm: (text: string) => void;
  onClose: () => void;
}) {
  const translate = useTranslate();
  const [text, setText] = useState('');
  const ready = mustEqual !== undefined ? text.trim() === mustEqual : !required || text.trim() !== '';
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="comment-dialog-title" fullWidth maxWidth="sm">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) onConfirm(text.trim());
        }}
      >
        <DialogTitle id="comment-dialog-title">{title}</DialogTitle>
        <DialogContent>
          {body && <DialogContentText sx={{ mb: 2 }}>{body}</DialogContentText>}
          <TextField
            autoFocus
            fullWidth
            multiline={mustEqual === undefined}
            minRows={mustEqual === undefined ? 2 : undefined}
            label={label}
            value={text}
            onChange={(event) => setText(event.target.value)}
            required={required || mustEqual !== undefined}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={!ready || pending}>
            {confirmLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
