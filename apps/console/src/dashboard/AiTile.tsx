import { Alert, Card, CardContent, CardHeader, Skeleton, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { useTranslate } from 'react-admin';
import type { AiStatus } from '@atrio/protocol';
import { useEvery } from '../common/useEvery';

/** The AI at a glance (`GET /api/admin/ai/status`); "Why?" opens the §9.1 page that names the cause. */
export function AiTile() {
  const translate = useTranslate();
  const { data, error } = useEvery<AiStatus>('/admin/ai/status', true);
  const failures = data ? Object.values(data.recentFailures).reduce((sum, n) => sum + n, 0) : 0;
  const headline = !data
    ? null
    : !data.reachable
      ? { text: 'atrio.ai.tile.down', color: 'error.main' }
      : !data.modelPresent
        ? { text: 'atrio.ai.tile.model_missing', color: 'error.main' }
        : { text: 'atrio.ai.tile.answering', color: failures > 0 ? 'warning.main' : undefined };
  return (
    <Card data-testid="ai-tile">
      <CardHeader
        slotProps={{ title: { component: 'h2', variant: 'h6' } }}
        title={translate('atrio.ai.tile.title')}
        action={<Link to="/diagnostics?tab=ai">{translate('atrio.ai.tile.why')}</Link>}
      />
      <CardContent>
        {error && <Alert severity="error">{error}</Alert>}
        {data && headline ? (
          <>
            <Typography variant="h6" component="p" color={headline.color}>
              {translate(headline.text)}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
              {data.model}
              {data.version ? ` · Ollama ${data.version}` : ''} ·{' '}
              {failures > 0
                ? translate('atrio.ai.tile.failures', { smart_count: failures })
                : translate('atrio.ai.tile.no_failures')}
            </Typography>
          </>
        ) : (
          !error && <Skeleton />
        )}
      </CardContent>
    </Card>
  );
}
