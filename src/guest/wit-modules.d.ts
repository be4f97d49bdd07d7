/// <reference path="./bindings/world.d.ts" />
// Declares the WIT import modules (`golem:api/host@0.2.0`, `wasi:keyvalue/*@0.1.0`, …) for
// TypeScript. The bundler keeps these specifiers external; componentize-js binds them to the
// component's WIT imports.
export {};
