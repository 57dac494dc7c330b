import { APP_NOT_PROPAGATED } from "./app-propagation";
import { INTERNAL_ERROR, OUTBOUND_ADVICE } from "./errors";
import { NON_JSON, TOKEN_CATALOGUE, UNAVAILABLE } from "./errors-catalogue";
import { ACCESS_REFUSED, INVALID_TYPE_BY_OBJECT, REST_CATALOGUE, UNKNOWN_INVALID_TYPE } from "./rest-errors";

// A stored run's error code in words, for lists that show many runs (the staff dashboard). Browser-safe.
// Codes made on the spot (a check's own wording) are not here: callers fall back to the title the run stored.
const TITLES = new Map<string, string>(
  [
    INTERNAL_ERROR,
    NON_JSON,
    UNAVAILABLE,
    ...TOKEN_CATALOGUE.map((row) => row.advice),
    APP_NOT_PROPAGATED,
    ...Object.values(OUTBOUND_ADVICE),
    ...Object.values(REST_CATALOGUE),
    ...Object.values(INVALID_TYPE_BY_OBJECT),
    UNKNOWN_INVALID_TYPE,
    ACCESS_REFUSED,
  ].map((advice) => [advice.code, advice.title]),
);

export function diagnosisTitle(code: string): string | undefined {
  return TITLES.get(code);
}
