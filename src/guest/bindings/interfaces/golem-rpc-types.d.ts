declare module 'golem:rpc/types@0.1.0' {
  export interface Uri {
    value: string,
  }
}
