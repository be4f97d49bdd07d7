/**
 * wasi:http/types `error-code`, as jco passes variants (`{ tag, val }`; tags as the WIT spells
 * them). Only the cases the host produces are listed.
 */
export type ErrorCode =
  | { tag: 'DNS-timeout' }
  | { tag: 'DNS-error'; val: { rcode: string | undefined; infoCode: number | undefined } }
  | { tag: 'destination-not-found' }
  | { tag: 'destination-unavailable' }
  | { tag: 'destination-IP-unroutable' }
  | { tag: 'connection-refused' }
  | { tag: 'connection-terminated' }
  | { tag: 'connection-timeout' }
  | { tag: 'connection-read-timeout' }
  | { tag: 'TLS-protocol-error' }
  | { tag: 'TLS-certificate-error' }
  | { tag: 'TLS-alert-received'; val: { alertId: number | undefined; alertMessage: string | undefined } }
  | { tag: 'HTTP-request-method-invalid' }
  | { tag: 'HTTP-request-URI-invalid' }
  | { tag: 'HTTP-request-body-size'; val: bigint | undefined }
  | { tag: 'HTTP-protocol-error' }
  | { tag: 'HTTP-response-body-size'; val: bigint | undefined }
  | { tag: 'internal-error'; val: string | undefined };

const TLS_CERTIFICATE = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The wasi:http error code for a failure of Node's HTTP stack (errno or Node error code). */
export function errorCodeOf(e: unknown): ErrorCode {
  const err = e as NodeJS.ErrnoException & { reason?: string };
  const code = err?.code ?? '';
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
      return { tag: 'DNS-error', val: { rcode: 'NXDOMAIN', infoCode: undefined } };
    case 'EAI_AGAIN':
      return { tag: 'DNS-timeout' };
    case 'ECONNREFUSED':
      return { tag: 'connection-refused' };
    case 'ECONNRESET':
    case 'EPIPE':
      return { tag: 'connection-terminated' };
    case 'ETIMEDOUT':
      return { tag: 'connection-timeout' };
    case 'EHOSTUNREACH':
      return { tag: 'destination-unavailable' };
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return { tag: 'destination-IP-unroutable' };
  }
  if (TLS_CERTIFICATE.has(code)) return { tag: 'TLS-certificate-error' };
  if (code.startsWith('ERR_SSL_TLSV1_ALERT') || code.startsWith('ERR_SSL_SSLV3_ALERT')) {
    return { tag: 'TLS-alert-received', val: { alertId: undefined, alertMessage: err.reason ?? code } };
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) return { tag: 'TLS-protocol-error' };
  if (code.startsWith('HPE_')) return { tag: 'HTTP-protocol-error' };
  return { tag: 'internal-error', val: err?.message ?? String(e) };
}
