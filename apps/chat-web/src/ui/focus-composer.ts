/**
 * After a dialog that opened a room closes: its unmount leaves focus on <body> (and the room may
 * already have been open, so the composer's own focus-on-switch did not run). A keyboard user
 * lands where they will type.
 */
export function focusComposerSoon(): void {
  requestAnimationFrame(() =>
    document.querySelector<HTMLTextAreaElement>('textarea[data-composer]')?.focus(),
  );
}
