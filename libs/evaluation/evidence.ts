/** The largest evidence file: it travels base64-encoded inside one GraphQL request (the API takes at most 1 MiB a request). */
export const MAX_EVIDENCE_BYTES = 700 * 1024;

/** The file kinds accepted as evidence, told by their first bytes (magic numbers), not by their name. */
const KINDS: { type: string; extensions: string[]; magic: number[] }[] = [
  { type: 'application/pdf', extensions: ['pdf'], magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/png', extensions: ['png'], magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', extensions: ['jpg', 'jpeg'], magic: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', extensions: ['gif'], magic: [0x47, 0x49, 0x46, 0x38] },
  // Office Open XML files are zip archives; the extension says which application.
  { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], magic: [0x50, 0x4b, 0x03, 0x04] },
  { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], magic: [0x50, 0x4b, 0x03, 0x04] },
  { type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extensions: ['pptx'], magic: [0x50, 0x4b, 0x03, 0x04] },
  // Office 97–2003 files are OLE compound documents.
  { type: 'application/msword', extensions: ['doc'], magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { type: 'application/vnd.ms-excel', extensions: ['xls'], magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { type: 'application/vnd.ms-powerpoint', extensions: ['ppt'], magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
];

export const EVIDENCE_EXTENSIONS = KINDS.flatMap((k) => k.extensions);

/**
 * The content type of an evidence file, or what is wrong with it: the content must begin as a
 * file of the kind its name's extension says (a renamed program is refused), within the size limit.
 */
export function evidenceType(filename: string, content: Buffer): { type: string } | { problem: string; field: 'filename' | 'contentBase64' } {
  const extension = filename.toLowerCase().split('.').pop() ?? '';
  const kinds = KINDS.filter((k) => k.extensions.includes(extension));
  if (!filename.includes('.') || !kinds.length) return { field: 'filename', problem: `must end in one of .${EVIDENCE_EXTENSIONS.join(', .')}` };
  if (!content.length) return { field: 'contentBase64', problem: 'is empty' };
  if (content.length > MAX_EVIDENCE_BYTES) return { field: 'contentBase64', problem: `is ${content.length} bytes, over the limit of ${MAX_EVIDENCE_BYTES}` };
  const kind = kinds.find((k) => k.magic.every((b, i) => content[i] === b));
  if (!kind) return { field: 'contentBase64', problem: `is not a ${extension.toUpperCase()} file (its first bytes say otherwise)` };
  return { type: kind.type };
}
