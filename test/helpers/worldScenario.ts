// A small busy market for coordination tests: 80 agents scanning hourly, 20 tasks/h, 200 h.
import { builtinCatalog } from "../../src/policies/catalog.js";
import { loadScenarioText } from "../../src/scenario/index.js";

/** The market with the given coordination policy (a name or a `{ use, params }` flow mapping). */
export const worldScenario = (coordination: string) =>
  loadScenarioText(
    `name: c\nseed: 4\nduration: 200\nmodels: { count: 4, capacity: 8 }\nagents: { count: 80, scanInterval: 1 }\ntasks: { rate: 20 }\npolicies:\n  coordination: ${coordination}\n`,
    "c.yaml",
    { catalog: builtinCatalog },
  );
