// The scenario module: load and validate scenario files, and describe their format.
export type { PolicyCatalog } from "./catalog.js";
export { ScenarioError, formatScenarioIssue } from "./errors.js";
export type { ScenarioIssue } from "./errors.js";
export { scenarioJsonSchema, SCENARIO_SCHEMA_ID } from "./jsonSchema.js";
export type { JsonSchema } from "./jsonSchema.js";
export { loadScenario, loadScenarioText } from "./load.js";
export type { LoadScenarioOptions } from "./load.js";
export { applyOverride, parseOverride } from "./overrides.js";
export type { Override, OverrideResult } from "./overrides.js";
export { describePolicies, REFERENCE_END, REFERENCE_START, replaceBetweenMarkers, scenarioReferenceMarkdown } from "./reference.js";
export type { PolicyInfo, PolicyParamInfo } from "./reference.js";
export { isPluginPath, scenarioSchema } from "./schema.js";
export type { ResolvedPolicy, Scenario, ScenarioInput, ScenarioParsed } from "./schema.js";
