// Browser-safe: the form checks the shape as the customer types.

// Consumer keys Salesforce issues start with 3MVG and are long base62-ish strings.
const CONSUMER_KEY_SHAPE = /^3MVG[A-Za-z0-9._]{40,}$/;

// Shown beside the field, never blocking: some orgs use custom consumer keys set through metadata.
export function clientIdWarning(clientId: string | null | undefined): string | null {
  if (!clientId || CONSUMER_KEY_SHAPE.test(clientId)) return null;
  return "This does not look like a Salesforce consumer key (they usually start with 3MVG and are about 85 characters). Check you copied the Consumer Key, not the secret or the app name.";
}
