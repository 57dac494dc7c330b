import { randomUUID } from "node:crypto";
import { addressOf } from "@/lib/mail/smtp";

type Message = { from: string; to: string; subject: string; lines: string[] };

// Headers are ASCII (RFC 2047 for the subject); the UTF-8 body is base64, so no line of it can be a lone ".".
export function composeMail(message: Message): string {
  const text = message.lines.join("\r\n");
  const domain = addressOf(message.from).split("@")[1];
  const headers = [
    `From: ${message.from.replace(/[\r\n]/g, "")}`,
    `To: <${addressOf(message.to)}>`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomUUID()}@${domain}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
  ];
  const body = Buffer.from(text, "utf8")
    .toString("base64")
    .replace(/.{1,76}/g, "$&\r\n");
  return `${headers.join("\r\n")}\r\n\r\n${body}`;
}

function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, "utf8").toString("base64")}?=`;
}
