/** A build failure the user can act on: `diagnostics` are `file:line:col: message` lines. */
export class BuildError extends Error {
  readonly code: string;
  readonly diagnostics: string[];

  constructor(code: string, message: string, diagnostics: string[] = [], options?: { cause?: unknown }) {
    super(diagnostics.length ? `${message}\n${diagnostics.map((d) => `  ${d}`).join('\n')}` : message, options);
    this.name = 'BuildError';
    this.code = code;
    this.diagnostics = diagnostics;
  }
}
