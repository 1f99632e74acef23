// Shared pieces of the HTTP contract: the error body, text rules for what people type, health.
import { z } from 'zod';
import { isCleanText } from '../text/integrity';

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * Free text a person typed (docs/rules.md "Text integrity"): no control characters but tab and
 * line breaks, no lone surrogates. A failure is answered 400 INVALID_TEXT (server/routes/http.ts
 * looks for this marker), so nothing is stored that would be read back differently.
 */
export const TEXT_ISSUE = 'INVALID_TEXT';
export const CleanText = (max: number) => z.string().max(max).refine(isCleanText, { message: '含有不能保存的字符', params: { code: TEXT_ISSUE } });
/** A name people read (unit, period, person): clean, trimmed, not empty. */
export const Name = (max: number) => CleanText(max).refine((s) => s.trim() !== '' && s.trim() === s, { message: '不能为空，首尾不能有空格' });
/**
 * A unit id: it names files (templates, archives) and URL segments, so no path separators,
 * characters Windows forbids in file names, or dots alone; at most 64 characters.
 */
export const UnitId = Name(64).refine((s) => !/[\\/:*?"<>|%#&]/.test(s) && s !== '.' && s !== '..', { message: '不能包含 / \\ : * ? " < > | % # & 等字符' });

// Longest text one field may hold: defined zod-free for the task pane (shared/model/fields.ts).
export { MAX_FIELD_LENGTH } from '../model/fields';

export const Health = z.object({ ok: z.literal(true), version: z.string() });
