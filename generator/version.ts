/**
 * The gidl version named in every generated file's header. Kept as a constant (not read from
 * package.json at run time) so that generation stays pure; a test checks it matches package.json.
 */
export const GIDL_VERSION = "0.1.0";
