import { renderSafeText } from '../../platform/safe-text.ts';

/**
 * How a message's text is shown: never as HTML from its author. The platform's one renderer of text
 * people write for others (`renderSafeText`: escaped first, then paragraphs, **bold**, *italic*, links,
 * lists and quotes as markup it writes itself).
 */
export const messageHtml = (text: string): string => renderSafeText(text);
