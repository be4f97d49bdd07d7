import { Option, type Command } from 'commander';
import { parseAgentId } from '../../host/agent/agent-id.ts';
import { AgentClient } from '../../client/agent-client.ts';
import { parseJsonArg, prettyJson } from '../json.ts';
import { DEFAULT_URL, tokenOption } from '../remote.ts';

interface AgentOptions {
  url: string;
  token?: string;
}

/** `golem-ts agent …`: Golem 1.5 agents over Golem 1.5's REST routes (served by golem-ts and by Golem). */
export function registerAgent(program: Command): void {
  const agent = program.command('agent').description('Golem 1.5 agents: invoke a method, complete a promise (Golem 1.5 REST shape)');
  const remote = (cmd: Command) => cmd.addOption(new Option('--url <url>', 'REST API base URL').env('GOLEM_TS_URL').default(DEFAULT_URL)).addOption(tokenOption('bearer token sent as Authorization'));

  remote(agent.command('invoke'))
    .description('call a method of an agent, e.g. agent invoke my-app \'CounterAgent("c1")\' increment')
    .argument('<app>', 'Golem app name (the component was uploaded as <app>:<component>)')
    .argument('<agentId>', 'agent id as Golem writes it, e.g. CounterAgent("c1")')
    .argument('<method>', 'method name')
    .argument('[args...]', 'one JSON value per method parameter')
    .option('--env <name>', 'Golem environment name', 'local')
    .option('--schedule', 'return once accepted instead of waiting for the result')
    .option('--key <idempotencyKey>', 'idempotency key (a retry returns the first outcome)')
    .action(async (app: string, agentId: string, method: string, args: string[], opts: AgentOptions & { env: string; schedule?: boolean; key?: string }) => {
      const { agentType, params } = parseAgentId(agentId);
      const client = new AgentClient(opts);
      const values = args.map((a, i) => parseJsonArg(a, `argument ${i + 1}`));
      const res = await client.invoke(agentType, params, method, values, { app, env: opts.env, schedule: opts.schedule, idempotencyKey: opts.key });
      if (opts.schedule) console.log(`scheduled ${method} on ${res.agentId} (component ${res.componentId})`);
      else console.log(prettyJson(res.result ?? null));
    });

  remote(agent.command('complete'))
    .description("complete one of an agent's promises")
    .argument('<componentId>', 'component id')
    .argument('<agentId>', 'agent id, e.g. ApprovalAgent("a-1")')
    .argument('<oplogIdx>', "the promise's oplog index (golem-ts promises <componentId> <agentId>)")
    .argument('<data>', 'the payload, sent as its UTF-8 bytes')
    .action(async (componentId: string, agentId: string, oplogIdx: string, data: string, opts: AgentOptions) => {
      if (!/^\d+$/.test(oplogIdx)) throw new Error(`oplogIdx must be a non-negative integer, got ${oplogIdx}`);
      const done = await new AgentClient(opts).complete(componentId, agentId, BigInt(oplogIdx), new TextEncoder().encode(data));
      console.log(done ? `completed promise ${oplogIdx} of ${agentId}` : `promise ${oplogIdx} of ${agentId} was already completed`);
    });
}
