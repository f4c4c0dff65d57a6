// In-page confirmation before destructive steps: Enter confirms, Esc cancels.
export const pending = $state<{ message: string; danger: boolean; resolve: ((ok: boolean) => void) | null }>({
  message: '',
  danger: true,
  resolve: null,
});

/** Asks the user; resolves true when they confirm. */
export function ask(message: string, danger = true): Promise<boolean> {
  pending.resolve?.(false);
  return new Promise((resolve) => {
    pending.message = message;
    pending.danger = danger;
    pending.resolve = resolve;
  });
}

export function answer(ok: boolean) {
  const r = pending.resolve;
  pending.resolve = null;
  r?.(ok);
}
