export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function invitationUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/invite/${token}`;
}
