export { build, type BuildEvent, type BuildOptions, type BuildResult, type BuildStep } from './build.ts';
export { BuildError } from './errors.ts';
export { loadProject, DEFAULT_DISABLED_FEATURES, type ProjectConfig, type WasiFeature } from './project.ts';
export { readEmbeddedWit, type EmbeddedWit } from './custom-section.ts';
export { ensureRootPreopen } from './preopens.ts';
export { GOLEM_PROFILES, releaseHostWit, type GolemProfile } from './golem-profile.ts';
export { buildAgentProject, agentGuestWasm, type AgentBuildResult } from './agent/build.ts';
export { readAgentApp, agentOutput, type AgentApp, type AgentComponent } from './agent/manifest.ts';
export { injectJs, InjectError } from './agent/inject.ts';
