import { BaseAgent, agent, description } from '@golemcloud/golem-ts-sdk';

@agent()
class CounterAgent extends BaseAgent {
  private readonly name: string;
  private value: number = 0;

  constructor(name: string) {
    super();
    this.name = name;
  }

  @description('Increases the count by one and returns the new value')
  async increment(): Promise<number> {
    this.value += 1;
    return this.value;
  }

  @description('Adds `by` to the count and returns the new value')
  async add(by: number): Promise<number> {
    this.value += by;
    return this.value;
  }

  @description("The counter's name and value")
  async get(): Promise<{ name: string; value: number }> {
    return { name: this.name, value: this.value };
  }
}
