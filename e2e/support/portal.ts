import { expect, type Page } from "@playwright/test";
import type { TestUser } from "./db";

export async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function createConnection(page: Page, name: string): Promise<string> {
  await page.goto("/connections");
  await page.getByLabel("Connection name").fill(name);
  await page.getByRole("button", { name: "New connection" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return page.url().split("/connections/")[1]!;
}

export const ACME = {
  "Country Name": "us",
  "State or Province": "California",
  Locality: "San Francisco",
  "Organization Name": "Acme Inc",
} as const;

export async function fillCertificateForm(page: Page, values: Record<string, string> = ACME): Promise<void> {
  for (const [label, value] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(value);
}
