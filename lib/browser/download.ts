// Browser-only: a form posted with fetch whose answer is a file. A refusal comes back as the route's JSON error
// ({ message, fieldErrors }) to show beside the form, instead of replacing the page.

export type DownloadResult =
  { ok: true; filename: string } | { ok: false; error: string; fieldErrors: Record<string, string> };

export async function postForDownload(url: string, body: FormData): Promise<DownloadResult> {
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", body });
  } catch {
    return {
      ok: false,
      error: "The portal could not be reached. Check your connection and try again.",
      fieldErrors: {},
    };
  }
  if (!response.ok) {
    const answer = (await response.json().catch(() => null)) as {
      message?: string;
      fieldErrors?: Record<string, string>;
    } | null;
    return {
      ok: false,
      error: answer?.message ?? `The download failed (HTTP ${response.status}). Reload the page and try again.`,
      fieldErrors: answer?.fieldErrors ?? {},
    };
  }
  const filename = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "download";
  saveBlob(await response.blob(), filename);
  return { ok: true, filename };
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
