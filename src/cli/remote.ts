/**
 * Shared plumbing for the commands that talk to a Golem REST API (this host or Golem itself).
 */
import { Option, type Command } from 'commander';
import { API_SHAPES, GolemClient, type ApiShape } from '../client/index.ts';

export const DEFAULT_URL = 'http://127.0.0.1:9881';

export interface RemoteOptions {
  url: string;
  token?: string;
  api?: ApiShape;
}

/** Adds `--url` (env GOLEM_TS_URL) and `--token` (env GOLEM_TS_TOKEN) to a command. */
export function remoteCommand(cmd: Command): Command {
  return cmd
    .addOption(new Option('--url <url>', 'Golem REST API base URL').env('GOLEM_TS_URL').default(DEFAULT_URL))
    .addOption(tokenOption('bearer token sent as Authorization'))
    .addOption(new Option('--api <shape>', 'REST shape: seed (/v1/templates, this host), golem-1.0 (/v1/components, open-source Golem 1.0) or golem-1.5 (Golem 1.5 agents: invoke-agent, /v1/components/{id}/workers/{agent})').choices([...API_SHAPES]).env('GOLEM_TS_API').default('seed'));
}

export const tokenOption = (description: string) => new Option('--token <token>', description).env('GOLEM_TS_TOKEN');

export const clientFor = (opts: RemoteOptions) => new GolemClient({ url: opts.url, token: opts.token, api: opts.api });

/** Repeated options (`--arg a --arg b`) accumulate into an array. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];
