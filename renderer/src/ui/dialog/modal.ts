import { type RefObject, useLayoutEffect } from 'react';

/**
 * Keeps a <dialog> shown as a modal while `open`: the browser then traps
 * focus, makes the page behind it inert, turns Esc into a cancel event, and
 * on close gives focus back to where it was. A layout effect, so the dialog
 * is closed (and focus restored) before React removes it from the page.
 */
export function useModal(ref: RefObject<HTMLDialogElement | null>, open: boolean): void {
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
    return () => {
      if (dialog.open) dialog.close();
    };
  }, [ref, open]);
}

/** Keys typed inside a dialog belong to it, not to the shortcuts of the view behind. */
export function inDialog(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('dialog') !== null;
}

export function isTextEntry(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement)
  );
}
