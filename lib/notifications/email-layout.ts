import type { OutgoingMail } from "@/lib/mail/transport";

// One structure, two renderings: the text and HTML parts say the same thing, and the HTML escapes every value in one
// place (connection and tenant names are typed by customers).

export type Block =
  | { kind: "p"; text: string }
  | { kind: "field"; label: string; text: string }
  | { kind: "link"; label: string; url: string };

export type EmailContent = { subject: string; heading: string; blocks: Block[] };

export function renderEmail(to: string, content: EmailContent): OutgoingMail {
  return { to, subject: oneLine(content.subject), text: renderText(content), html: renderHtml(content) };
}

function renderText(content: EmailContent): string {
  const lines = content.blocks.map((b) => {
    if (b.kind === "p") return b.text;
    if (b.kind === "field") return `${b.label}: ${b.text}`;
    return `${b.label}:\n${b.url}`;
  });
  return [content.heading, "", ...lines.flatMap((l) => [l, ""])].join("\n").trimEnd() + "\n";
}

function renderHtml(content: EmailContent): string {
  const body = content.blocks.map((b) => {
    if (b.kind === "p") return `<p>${escapeHtml(b.text)}</p>`;
    if (b.kind === "field") return `<p><strong>${escapeHtml(b.label)}:</strong> ${escapeHtml(b.text)}</p>`;
    return `<p><a href="${escapeHtml(b.url)}">${escapeHtml(b.label)}</a></p>`;
  });
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5; color: #0f172a">',
    `<h1 style="font-size: 1.25rem">${escapeHtml(content.heading)}</h1>`,
    ...body,
    "</body></html>",
  ].join("\n");
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// A name with a line break would otherwise end the subject early in some clients.
function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, " ").trim();
}
