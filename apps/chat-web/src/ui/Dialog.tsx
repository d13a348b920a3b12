import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useT } from './useT';

/** A modal on the native <dialog>: focus trap, Escape and the backdrop come from the browser. */
export function Dialog({
  title,
  onClose,
  children,
  wide = false,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const t = useT();
  useEffect(() => {
    const dialog = ref.current;
    // The browser gives focus back on close(), but React removes the dialog before this cleanup
    // runs, so focus fell to <body>: a keyboard user closing with Escape had to start over.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) {
      dialog.showModal();
      // showModal focuses the close button; the first field is where people want to type.
      const first = dialog.querySelector<HTMLInputElement>(
        '.dialog-body input, .dialog-body select, .dialog-body textarea',
      );
      // In a radio group the keyboard belongs on the chosen option, as Tab would put it.
      const chosen =
        first?.type === 'radio'
          ? dialog.querySelector<HTMLInputElement>(`input[type="radio"][name="${first.name}"]:checked`)
          : null;
      (chosen ?? first)?.focus();
    }
    return () => {
      dialog?.close();
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (lost && opener?.isConnected) opener.focus();
    };
  }, []);
  // In <body>, so a dialog opened from the dark sidebar does not inherit its colours.
  return createPortal(
    <dialog
      ref={ref}
      className={wide ? 'dialog wide' : 'dialog'}
      aria-labelledby="dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header className="dialog-header">
        <h2 id="dialog-title">{title}</h2>
        <button type="button" className="icon-button" aria-label={t('dialog.close')} onClick={onClose}>
          ×
        </button>
      </header>
      <div className="dialog-body">{children}</div>
    </dialog>,
    document.body,
  );
}
