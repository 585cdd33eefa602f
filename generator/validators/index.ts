export { generateValidators, validatorsDeclaration, type ValidatorsOptions } from "./generate.js";
