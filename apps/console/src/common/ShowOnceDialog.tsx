import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { useTranslate } from 'react-admin';

/** A secret the server hands out once (temporary password, reset code): shown here and nowhere else. */
export function ShowOnceDialog({
  title,
  value,
  onClose,
}: {
  title: string;
  value: string | null;
  onClose: () => void;
}) {
  const translate = useTranslate();
  return (
    <Dialog open={value !== null} onClose={onClose} aria-labelledby="show-once-title">
      <DialogTitle id="show-once-title">{title}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('atrio.common.shown_once')}
        </Alert>
        <Box
          component="output"
          data-testid="secret"
          sx={{
            display: 'block',
            fontFamily: 'monospace',
            fontSize: '1.3rem',
            p: 1.5,
            bgcolor: 'grey.100',
            userSelect: 'all',
          }}
        >
          {value}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => void navigator.clipboard?.writeText(value ?? '')}>
          {translate('atrio.common.copy')}
        </Button>
        <Button variant="contained" onClick={onClose}>
          {translate('atrio.common.done')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
