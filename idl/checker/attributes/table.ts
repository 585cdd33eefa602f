/** Every attribute of the language, by name; docs/language.md "Attributes" lists the same ones. */
import { hostAttribute, publicAttribute, roleAttribute, sessionAttribute } from "./access.js";
import { formatAttribute, lengthAttribute, patternAttribute, rangeAttribute } from "./constraints.js";
import { deprecatedAttribute } from "./deprecation.js";
import type { AttributeTable } from "./descriptor.js";
import {
  queueAttribute,
  rateAttribute,
  retryableAttribute,
  timeoutAttribute,
  unreliableAttribute,
} from "./flow.js";
import { joinInProgressAttribute, maxPlayersAttribute } from "./session.js";

export const attributeTable: AttributeTable = {
  range: rangeAttribute,
  length: lengthAttribute,
  pattern: patternAttribute,
  format: formatAttribute,
  deprecated: deprecatedAttribute,
  public: publicAttribute,
  session: sessionAttribute,
  host: hostAttribute,
  role: roleAttribute,
  rate: rateAttribute,
  timeout: timeoutAttribute,
  queue: queueAttribute,
  unreliable: unreliableAttribute,
  retryable: retryableAttribute,
  maxPlayers: maxPlayersAttribute,
  joinInProgress: joinInProgressAttribute,
};
