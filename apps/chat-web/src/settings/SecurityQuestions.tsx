import { store } from '../store/store';
import { useState, type FormEvent } from 'react';
import type { SecurityQuestion } from '@atrio/protocol';
import { SECURITY_ANSWER_MAX_LENGTH, SECURITY_QUESTIONS } from '@atrio/protocol/constants.js';
import { api } from '../api';
import { describeError } from '../ui/ErrorLine';
import { useT } from '../ui/useT';

const QUESTIONS: readonly SecurityQuestion[] = SECURITY_QUESTIONS;

export function SecurityQuestions() {
  const t = useT();
  const [rows, setRows] = useState(() => QUESTIONS.slice(0, 3).map((question) => ({ question, answer: '' })));
  const [password, setPassword] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await api.securityAnswers(password, rows);
      setPassword('');
      setStatus({ ok: true, text: t('settings.questionsSaved') });
    } catch (error) {
      setStatus({ ok: false, text: describeError(store.get().language, error) });
    }
  }
  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      <p className="muted small">{t('settings.questionsHint')}</p>
      {rows.map((row, index) => (
        <fieldset key={index} className="question-row">
          <legend className="visually-hidden">{index + 1}</legend>
          <select
            aria-label={`${t('settings.questions')} ${index + 1}`}
            value={row.question}
            onChange={(e) =>
              setRows((list) =>
                list.map((r, i) =>
                  i === index ? { ...r, question: e.target.value as SecurityQuestion } : r,
                ),
              )
            }
          >
            {QUESTIONS.map((q) => (
              <option key={q} value={q} disabled={rows.some((r, i) => i !== index && r.question === q)}>
                {t(`question.${q}`)}
              </option>
            ))}
          </select>
          <input
            aria-label={`${t('settings.answer')} ${index + 1}`}
            required
            minLength={2}
            maxLength={SECURITY_ANSWER_MAX_LENGTH}
            value={row.answer}
            onChange={(e) =>
              setRows((list) => list.map((r, i) => (i === index ? { ...r, answer: e.target.value } : r)))
            }
          />
        </fieldset>
      ))}
      <label>
        {t('settings.confirmPassword')}
        <input
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {status && (
        <p className={status.ok ? 'notice' : 'error'} role="status">
          {status.text}
        </p>
      )}
      <button type="submit" className="primary">
        {t('dialog.save')}
      </button>
    </form>
  );
}
