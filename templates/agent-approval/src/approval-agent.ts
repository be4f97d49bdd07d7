import { BaseAgent, agent, awaitAbortablePromise, createPromise, description } from '@golemcloud/golem-ts-sdk';

/**
 * A human in the loop with a deadline: `request` creates a durable promise (Golem's own API)
 * and waits for it with the SDK's abortable await, aborted by a timer. While it waits the agent
 * is suspended; whoever completes the promise (Golem's REST `.../workers/{agent}/complete`, or
 * the test kit) resumes it with the decision, and if nobody does in time the timer does.
 */
@agent()
class ApprovalAgent extends BaseAgent {
  private readonly id: string;
  private decisions: string[] = [];

  constructor(id: string) {
    super();
    this.id = id;
  }

  @description('Asks for a decision on `subject` and waits for it at most `hours`; returns the decision')
  async request(subject: string, hours: number): Promise<string> {
    const promise = createPromise();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), hours * 3600_000);
    let decision: string;
    try {
      decision = new TextDecoder().decode(await awaitAbortablePromise(promise, deadline.signal));
    } catch {
      decision = 'expired';
    } finally {
      clearTimeout(timer);
    }
    this.decisions.push(`${subject}: ${decision}`);
    return `${this.id}: ${subject} ${decision}`;
  }

  @description('The decisions so far')
  async history(): Promise<string[]> {
    return this.decisions;
  }
}
