export { formatChange, type Change } from "./change.js";
export { diffModels } from "./diff-models.js";
