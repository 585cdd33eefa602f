export { generateValidators, type ValidatorsOptions } from "./generate.js";
