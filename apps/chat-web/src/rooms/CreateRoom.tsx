import { useState, type FormEvent } from 'react';
import { createRoom } from '../store/room-actions';
import { Dialog } from '../ui/Dialog';
import { ErrorLine } from '../ui/ErrorLine';
import { focusComposerSoon } from '../ui/focus-composer';
import { useT } from '../ui/useT';

export function CreateRoom({ onClose, onOpened }: { onClose: () => void; onOpened: () => void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>('public');
  const [error, setError] = useState<unknown>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await createRoom({ name, description, visibility });
      onOpened();
      onClose();
      focusComposerSoon();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Dialog title={t('create.title')} onClose={onClose}>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <label>
          {t('create.name')}
          <input required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        <label>
          {t('create.description')}
          <input maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <fieldset>
          <legend>{t('create.visibility')}</legend>
          <label className="inline">
            <input
              type="radio"
              name="visibility"
              checked={visibility === 'public'}
              onChange={() => setVisibility('public')}
            />
            {t('create.public')}
          </label>
          <label className="inline">
            <input
              type="radio"
              name="visibility"
              checked={visibility === 'private'}
              onChange={() => setVisibility('private')}
            />
            {t('create.private')}
          </label>
        </fieldset>
        <ErrorLine error={error} />
        <div className="row end">
          <button type="button" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="primary">
            {t('create.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
