/** C0 controls but tab and newline, DEL and C1 controls: what a terminal would act on instead of showing. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text a guest wrote, made safe to show on a terminal: control characters other than tab and
 * newline appear as escapes (`\x1b`, `\r`, `\x9b`), so a guest cannot retitle the terminal,
 * move the cursor, clear the screen or overwrite the host's own lines.
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c === '\r') return '\\r';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** Guest stdout/stderr as `serve` prints it: each line prefixed with the worker's name, control characters escaped. */
export function guestOutputPrinter(write: (line: string) => void): (worker: string, stream: string, text: string) => void {
  return (worker, _stream, text) => {
    for (const line of text.split('\n')) if (line) write(`[${worker}] ${escapeControl(line)}\n`);
  };
}
