/** Where in which WIT file a problem was found (1-based line and column). */
export interface WitLocation {
  file: string;
  line: number;
  col: number;
}

/** The WIT sources are malformed or refer to something that does not exist. */
export class WitParseError extends Error {
  readonly code = 'WIT_PARSE';
  readonly location: WitLocation | undefined;

  constructor(message: string, location?: WitLocation) {
    super(location ? `${location.file}:${location.line}:${location.col}: ${message}` : message);
    this.name = 'WitParseError';
    this.location = location;
  }
}

/** A lookup in an already parsed model failed (unknown or ambiguous world name). */
export class WitResolveError extends Error {
  readonly code = 'WIT_RESOLVE';

  constructor(message: string) {
    super(message);
    this.name = 'WitResolveError';
  }
}

/**
 * A value does not match its WIT type. `errors` holds one message per problem found; the message
 * joins them with ", " as Golem's type checker does.
 */
export class TypedJsonError extends Error {
  readonly code = 'TYPED_JSON';
  readonly errors: string[];

  constructor(errors: string[]) {
    super(errors.join(', '));
    this.name = 'TypedJsonError';
    this.errors = errors;
  }
}

/** A component binary could not be decoded (truncated, or an encoding golem-ts does not know). */
export class WitBinaryError extends Error {
  readonly code = 'WIT_BINARY';
  readonly offset: number;

  constructor(message: string, offset: number, options?: { cause?: unknown }) {
    super(`${message} (at byte ${offset})`, options);
    this.name = 'WitBinaryError';
    this.offset = offset;
  }
}
