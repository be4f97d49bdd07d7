export { decodeComponent, isComponent, type Scope } from './component.ts';
export { decodeComponentWorld, type ComponentImport, type DecodedComponent } from './world.ts';
