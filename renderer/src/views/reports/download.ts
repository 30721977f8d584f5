import type { ReportFile } from '../../../../shared/api/reports';
import type { DeskClient } from '../../transport';

const TIMEOUT_MS = 60_000;

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Fetches the rest of an export's chunks and hands the whole file to the
 * browser's own download, under the engine's file name. The same path serves
 * the Electron window and a browser on the bridge: both only have the contract.
 */
export async function downloadExport(client: DeskClient, file: ReportFile): Promise<void> {
  const parts = [bytesOf(file.base64)];
  for (let index = 1; index < file.chunks; index++) {
    const chunk = await client.request(
      'report.exportChunk',
      { exportId: file.exportId, index },
      { timeoutMs: TIMEOUT_MS },
    );
    parts.push(bytesOf(chunk.base64));
  }
  const url = URL.createObjectURL(new Blob(parts, { type: file.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download by the next task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
