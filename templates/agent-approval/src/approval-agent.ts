import { BaseAgent, agent, awaitPromise, createPromise, description } from '@golemcloud/golem-ts-sdk';

/**
 * A human in the loop: `request` creates a durable promise (Golem's own API) and waits for it.
 * While it waits the agent is suspended; whoever completes the promise (Golem's REST
 * `.../workers/{agent}/complete`, or the test kit) resumes it with the decision.
 */
@agent()
class ApprovalAgent extends BaseAgent {
  private readonly id: string;
  private decisions: string[] = [];

  constructor(id: string) {
    super();
    this.id = id;
  }

  @description('Asks for a decision on `subject` and waits for it; returns the decision')
  async request(subject: string): Promise<string> {
    const promise = createPromise();
    const decision = new TextDecoder().decode(await awaitPromise(promise));
    this.decisions.push(`${subject}: ${decision}`);
    return `${this.id}: ${subject} ${decision}`;
  }

  @description('The decisions so far')
  async history(): Promise<string[]> {
    return this.decisions;
  }
}
