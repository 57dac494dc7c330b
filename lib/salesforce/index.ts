// Public surface of the Salesforce library; pure of database and UI.
export { signAssertion, loadSigningKey, AssertionKeyError, ASSERTION_LIFETIME_SECONDS, type AssertionInput } from "./assertion";
export { diagnoseTokenError, diagnoseOutboundError, diagnoseHttpStatus, type Diagnosis, type ChecklistStep } from "./errors";
export { parseInstanceUrl, parseExtraOrigins, isAllowedSalesforceHost, detectEnvironment, isLoginHost, isExtraOrigin, type ParsedInstanceUrl, type SalesforceEnvironment } from "./hosts";
export { salesforceRequest, checkOutboundUrl, OutboundError, type OutboundErrorKind, type OutboundRequest, type OutboundResponse, type Resolver } from "./outbound";
export { audiencePairs, LOGIN_ORIGIN, TEST_ORIGIN, type AudiencePair, type LoginHosts } from "./pairs";
export { checkApiVersion, checkCollectorData, checkIdentity, checkLimits, normalizeApiVersion, parseIdentityUrl, type CheckResult, type CollectorDataCheck, type CollectorReadiness, type Identity, type IdentityOptions, type LimitsInfo } from "./preflight";
export { diagnoseRestError, parseRestErrors, type QueriedObject } from "./rest-errors";
export { requestToken, type TokenGrant, type TokenRequest, type TokenResult } from "./token";
export { runConnectionTest, type ConnectionTestInput, type ConnectionTestOptions, type StepName, type StepStatus, type TestResult, type TestStep, type TokenAttempt } from "./test-connection";
