/** Implements `interface api` of wit/minimal.wit: WIT `hello` is `api.hello` here. */
export const api = {
  hello(name: string): string {
    return `Hello, ${name}!`;
  },
};
