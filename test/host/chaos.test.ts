/**
 * Chaos: underwriting workflows over REST while the host process is killed with SIGKILL at
 * seeded random moments and restarted on the same data, and while its disk fills up for a
 * while and empties again. Clients retry every call (with invocation keys where the call runs
 * guest code; a 503 from a full disk is retried like a lost connection). In the end every
 * workflow holds the decision its verdict implies, no completion answered true twice, every
 * call finished, and no oplog has a hole.
 * GOLEM_TS_CHAOS_SEED replays a run's kill schedule.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { GolemApiError, GolemConnectionError, type GolemClient } from '../../src/client/index.ts';
import { tempDir, utf8 } from './helpers.ts';
import { kill9, serve, type HostProcess } from './host-process.ts';

const WORKFLOWS = 20;
const KILLS = 5;
const DISK_FILLS = 3;
const SEED = Number(process.env.GOLEM_TS_CHAOS_SEED ?? 20261129);
const API = 'golem:underwriting/api';

/** mulberry32: a small seeded PRNG, so a run's schedule can be repeated. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The host under chaos: `call` retries on the next host generation when the current one died under it. */
class ChaosHost {
  generation = 0;
  kills = 0;
  diskFills = 0;
  /** Calls answered 503 (the disk was full: nothing recorded) and tried again. */
  refusedWhileFull = 0;
  private restarted: Promise<void> = Promise.resolve();

  private constructor(
    private host: HostProcess,
    private readonly dataDir: string,
  ) {}

  static async start(dataDir: string): Promise<ChaosHost> {
    return new ChaosHost(await serve(dataDir, { diskFaults: true }), dataDir);
  }

  /** The disk fills, stays full for `ms`, and empties (the host keeps running). */
  async fillDisk(ms: number): Promise<void> {
    this.host.child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, ms));
    this.host.child.kill('SIGUSR2');
    this.diskFills++;
  }

  async kill(): Promise<void> {
    let done!: () => void;
    this.restarted = new Promise((r) => (done = r));
    await kill9(this.host);
    this.kills++;
    this.host = await serve(this.dataDir, { diskFaults: true });
    this.generation++;
    done();
  }

  async call<T>(op: (client: GolemClient) => Promise<T>): Promise<T> {
    for (;;) {
      await this.restarted;
      const generation = this.generation;
      try {
        return await op(this.host.client);
      } catch (e) {
        if (e instanceof GolemApiError && e.status === 503) {
          this.refusedWhileFull++;
          await new Promise((r) => setTimeout(r, 50)); // the disk is full: nothing was recorded, try again
          continue;
        }
        if (!(e instanceof GolemConnectionError)) throw e;
        while (this.generation === generation) await this.restarted.then(() => new Promise((r) => setTimeout(r, 10)));
      }
    }
  }

  close(): Promise<unknown> {
    return kill9(this.host);
  }
}

interface Outcome {
  name: string;
  expected: unknown;
  decision: unknown;
  completeAnswers: boolean[];
}

async function workflow(chaos: ChaosHost, templateId: string, i: number, approve: boolean, thinkMs: number, afterFaults: number): Promise<Outcome> {
  const name = `wf-${i}`;
  const note = `verdict for ${name}`;
  const verdict = { verdict: approve ? 'approve' : 'decline', 'loading-percent': 10 * (i % 5), note };
  const coverage = 100_000 + 10_000 * i;
  const expected = approve ? { approved: true, reason: note } : { approved: false, 'annual-premium-cents': 0, reason: note };

  // A create whose answer was lost may have happened: 409 on a retry means it did.
  let attempts = 0;
  await chaos.call(async (c) => {
    try {
      await c.createWorker(templateId, name);
    } catch (e) {
      if (!(attempts++ > 0 && e instanceof GolemApiError && e.status === 409)) throw e;
    }
  });
  const keyed = async (fn: string) => {
    const key = await chaos.call((c) => c.createInvocationKey(templateId, name));
    return () => chaos.call((c) => c.invokeAndAwait(templateId, name, `${API}/${fn}`, fn === 'submit' ? [{ applicant: name, age: 40, coverage, smoker: false }] : [], { invocationKey: key }));
  };
  const submit = await keyed('submit');
  const [submitted] = (await submit()) as [{ ok: { promise: { 'oplog-idx': number } } }];
  const awaitDecision = await keyed('await-decision');
  const awaiting = awaitDecision();
  await chaos.call(async (c) => {
    while ((await c.getWorker(templateId, name)).status !== 'Suspended' && (await c.getOplog(templateId, name)).every((e) => e.kind !== 'suspend')) {
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  // The underwriter takes a while: workflows stay suspended across kills.
  await new Promise((r) => setTimeout(r, thinkMs));
  // …and answers only after so many faults: every fault of the schedule strikes while workflows wait.
  while (chaos.kills + chaos.diskFills < afterFaults) await new Promise((r) => setTimeout(r, 20));
  const completeAnswers: boolean[] = [];
  await chaos.call(async (c) => {
    completeAnswers.push(await c.completePromise(templateId, name, submitted.ok.promise['oplog-idx'], utf8(verdict)));
  });
  const [awaited] = (await awaiting) as [{ ok: unknown }];
  const decision = await (await keyed('decision'))();
  expect(decision).toEqual([awaited.ok]);
  return { name, expected, decision: awaited.ok, completeAnswers };
}

describe('chaos', () => {
  it(`${WORKFLOWS} workflows over REST survive ${KILLS} kill -9s and ${DISK_FILLS} full disks at seeded random moments`, { timeout: 300_000 }, async () => {
    const random = prng(SEED);
    const dataDir = tempDir('golem-ts-chaos-');
    const chaos = await ChaosHost.start(dataDir);
    try {
      const template = await chaos.call((c) => c.addTemplate('underwriting', readFileSync(inject('underwritingWasm'))));
      const templateId = template.versionedTemplateId.rawTemplateId;
      const faults = KILLS + DISK_FILLS;
      const plans = Array.from({ length: WORKFLOWS }, (_, i) => ({
        approve: random() < 0.7,
        thinkMs: random() * 6000,
        afterFaults: i === 0 ? faults : Math.floor(random() * (faults + 1)),
      }));
      let finished = 0;
      const runs = plans.map(({ approve, thinkMs, afterFaults }, i) =>
        workflow(chaos, templateId, i, approve, thinkMs, afterFaults).finally(() => {
          finished++;
        }),
      );
      // Kills and full disks at seeded moments while the workflows run; then the host is left alone.
      while ((chaos.kills < KILLS || chaos.diskFills < DISK_FILLS) && finished < WORKFLOWS) {
        await new Promise((r) => setTimeout(r, 300 + random() * 1200));
        if (chaos.diskFills < DISK_FILLS && (chaos.kills >= KILLS || random() < 0.4)) await chaos.fillDisk(200 + random() * 1500);
        else await chaos.kill();
      }
      const outcomes = await Promise.all(runs);

      let correct = 0;
      for (const o of outcomes) {
        expect(o.decision, o.name).toMatchObject(o.expected as object);
        correct++;
        // Answered true at most once; and if never true, a false after a lost answer: the completion committed.
        expect(o.completeAnswers.filter(Boolean).length, o.name).toBeLessThanOrEqual(1);
        expect(o.completeAnswers.length, o.name).toBeGreaterThan(0);
      }
      const client = (await chaos.call(async (c) => c)) as GolemClient;
      for (const o of outcomes) {
        const oplog = await client.getOplog(templateId, o.name);
        const invoked = (fn: string) => oplog.filter((e) => e.kind === 'exported-function-invoked' && e.functionName === `${API}/${fn}`);
        expect(invoked('submit'), o.name).toHaveLength(1);
        expect(invoked('await-decision'), o.name).toHaveLength(1);
        expect(oplog.filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'golem:api/host/create-promise'), o.name).toHaveLength(1);
        expect((await client.getWorker(templateId, o.name)).status, o.name).toBe('Idle');
        expect(oplog.map((e) => e.idx), `${o.name}: an oplog without holes`).toEqual(oplog.map((_, i) => i + 1));
      }
      expect(chaos.kills).toBe(KILLS);
      console.log(
        `[chaos] seed ${SEED}: ${WORKFLOWS} workflows, ${chaos.kills} kills, ${chaos.diskFills} full disks (${chaos.refusedWhileFull} calls refused meanwhile), ${correct} decisions correct, ` +
          `${outcomes.filter((o) => o.completeAnswers.includes(true)).length} completions answered true, completions lost 0`,
      );
    } finally {
      await chaos.close();
    }
  });
});
