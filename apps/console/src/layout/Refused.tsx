import { Alert, Box, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { useGetIdentity, useLogout, useTranslate } from 'react-admin';

/** What a member (no console permission) sees instead of the console: why, and where to go. */
export function Refused() {
  const translate = useTranslate();
  const logout = useLogout();
  const { identity } = useGetIdentity();
  return (
    <Box
      component="main"
      sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', p: 2 }}
    >
      <Card sx={{ maxWidth: 520 }}>
        <CardContent>
          <Stack spacing={2}>
            <Typography variant="h5" component="h1">
              {translate('atrio.refused.title')}
            </Typography>
            <Alert severity="warning">
              {translate('atrio.refused.body', { name: identity?.fullName ?? '' })}
            </Alert>
            <Typography variant="body2">{translate('atrio.refused.help')}</Typography>
            <Stack direction="row" spacing={2}>
              <Button variant="contained" href="/">
                {translate('atrio.refused.chat')}
              </Button>
              <Button onClick={() => logout()}>{translate('ra.auth.logout')}</Button>
            </Stack>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}
