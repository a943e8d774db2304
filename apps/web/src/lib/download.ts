import { refreshTokens, tokens } from './client';
import { ApiError } from './errors';

/**
 * Downloads a file the API serves under the bearer token (GET /exports/…): fetched with the
 * session's token, then saved under the name the API gives. A refusal comes back as the API's
 * `{ code, message }` body and is thrown as an ApiError.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  let t = tokens.get();
  if (t && t.expiresAt - Date.now() < 60_000) {
    await refreshTokens();
    t = tokens.get();
  }
  let res: Response;
  try {
    res = await fetch(path, { headers: t ? { authorization: `Bearer ${t.accessToken}` } : {} });
  } catch {
    throw new ApiError('NETWORK', 'network');
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(body.code ?? 'INTERNAL_SERVER_ERROR', body.message ?? `HTTP ${res.status}`);
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
