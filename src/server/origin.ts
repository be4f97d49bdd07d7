/**
 * Which requests come from the host's own origins: the defence against DNS rebinding and against
 * cross-site requests from web pages (no HTTP here, so the CLI can use it without fastify).
 *
 * - **Host.** A page under any name that resolves to 127.0.0.1 is same-origin with itself, not
 *   with this host, yet its requests arrive here. So every request must name the host as it
 *   really is: a loopback name (`localhost`, `127.0.0.1`, `[::1]`, any port), the address the
 *   connection reached or what was given to `--host` (with the port listened on), or a name
 *   given with `--allowed-host` (`name` for any port, `name:port` for one). An IP literal never
 *   comes from rebinding (the page's origin would be the IP itself), so the address the client
 *   connected to is enough to accept `--host 0.0.0.0` reached as `http://192.168.1.5:9881`.
 * - **Origin.** A page on another origin can send simple requests (form bodies, no preflight);
 *   it cannot read the answers, but they still act. So requests that change something (every
 *   method but GET, HEAD and OPTIONS) with an `Origin` must come from this host's own origin;
 *   `Origin: null` (sandboxed pages, some redirects) is refused. Without an `Origin`, a browser's
 *   `Sec-Fetch-Site: cross-site` or `same-site` refuses too; clients that send neither (the CLI,
 *   curl, the golem-ts client) are not browsers and pass.
 */

/** A host name or address with its port, as `Host` and `--allowed-host` spell it. */
export interface Authority {
  /** Lowercase; IPv6 without brackets; IPv4 in dotted form (as WHATWG URLs normalize it). */
  name: string;
  /** 80 when none is given. */
  port: number;
  explicitPort: boolean;
}

export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** `name`, `name:port`, `[v6]` or `[v6]:port`; undefined when it is anything else (a path, userinfo, a scheme). */
export function parseAuthority(text: string): Authority | undefined {
  if (!/^[^\s/\\@?#]+$/.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(`http://${text}`);
  } catch {
    return undefined;
  }
  return {
    name: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 80 : Number(url.port),
    explicitPort: text.lastIndexOf(':') > text.lastIndexOf(']'),
  };
}

/** An `--allowed-host` value; throws a one-line message naming the option when it is not a host. */
export function parseAllowedHost(text: string): Authority {
  const authority = text.trim() === '' ? undefined : parseAuthority(text.trim());
  if (!authority) throw new Error(`--allowed-host expects a host name, optionally with a port (rebind.test, golem.example:8080), got ${JSON.stringify(text)}`);
  return authority;
}

/** Whether listening on `host` stays on this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const name = parseAuthority(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host)?.name;
  return name !== undefined && (name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name));
}

export interface HostPolicy {
  /** The `--host` the server listens on. */
  listenHost: string;
  allowedHosts: Authority[];
}

/** Where the connection arrived: the socket's local address and port. */
export interface LocalEnd {
  address?: string;
  port?: number;
}

/** Why `hostHeader` is not one of this host's names, or undefined when it is. */
export function hostProblem(hostHeader: string | undefined, policy: HostPolicy, local: LocalEnd): string | undefined {
  if (!hostHeader) return 'The request has no Host header; send the address the host listens on (e.g. Host: 127.0.0.1:9881)';
  const host = parseAuthority(hostHeader);
  if (host && isOwnHost(host, policy, local)) return undefined;
  const suggestion = host ? (host.name.includes(':') ? `[${host.name}]` : host.name) : hostHeader;
  const port = local.port ?? '?';
  const reached = local.address && unmapped(local.address) !== parseAuthority(bracket(policy.listenHost))?.name ? ` or the one reached (${bracket(unmapped(local.address))}:${port})` : '';
  return (
    `Host ${JSON.stringify(hostHeader)} is not a name of this host, so the request was refused (a guard against DNS rebinding). ` +
    `Accepted: localhost, 127.0.0.1 or [::1], the address it listens on (${bracket(policy.listenHost)}:${port})${reached}` +
    (policy.allowedHosts.length ? `, and ${policy.allowedHosts.map(describe).join(', ')}` : '') +
    `. If you reach the host under this name on purpose, start it with --allowed-host ${suggestion}`
  );
}

function isOwnHost(host: Authority, policy: HostPolicy, local: LocalEnd): boolean {
  if (LOOPBACK_NAMES.includes(host.name)) return true;
  if (policy.allowedHosts.some((a) => a.name === host.name && (!a.explicitPort || a.port === host.port))) return true;
  if (host.port !== local.port) return false;
  if (local.address !== undefined && host.name === unmapped(local.address)) return true;
  return host.name === parseAuthority(bracket(policy.listenHost))?.name;
}

/** Why a request that changes something must be refused for its `Origin`/`Sec-Fetch-Site`, or undefined. */
export function originProblem(method: string, headers: OriginHeaders): string | undefined {
  if (['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) return undefined;
  return crossOriginProblem(headers, 'Requests that change something are');
}

type OriginHeaders = { host?: string; origin?: string; 'sec-fetch-site'?: string };

/**
 * Why a request must be refused as coming from another origin's page, whatever its method, or
 * undefined; `what` names what is refused ("An event stream is").
 */
export function crossOriginProblem(headers: OriginHeaders, what: string): string | undefined {
  const { origin, host } = headers;
  const refused = (why: string) =>
    `Cross-origin request refused: ${why}. ${what} accepted only from this host's own pages (http://${host ?? '…'}) and from clients that send no Origin (the CLI, curl, the golem-ts client)`;
  if (origin === undefined) {
    const site = headers['sec-fetch-site'];
    return site === 'cross-site' || site === 'same-site' ? refused(`the browser says it comes from another origin (Sec-Fetch-Site: ${site})`) : undefined;
  }
  if (!isSameOrigin(origin, host)) return refused(`Origin ${origin} is not this host's origin`);
  return undefined;
}

function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined || origin === 'null') return false;
  try {
    const o = new URL(origin);
    if (o.protocol !== 'http:' && o.protocol !== 'https:') return false;
    return o.host === new URL(`${o.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

/** `::ffff:192.168.1.5` (an IPv4 client on a dual-stack socket) is 192.168.1.5. */
const unmapped = (address: string) => address.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
const bracket = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
const describe = (a: Authority) => `${bracket(a.name)}${a.explicitPort ? `:${a.port}` : ' (any port)'}`;
