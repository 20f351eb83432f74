/**
 * Copies `text` to the clipboard; returns what to tell the learner: that `what` (a noun as
 * it reads mid-sentence: "hex", "JS bytes") was copied, or, where the page may not write
 * to the clipboard, how to copy it by hand.
 */
export async function copyText(text: string, what: string): Promise<string> {
  try {
    await navigator.clipboard.writeText(text);
    return `${what.charAt(0).toUpperCase()}${what.slice(1)} copied.`;
  } catch {
    return `Copying is blocked here; select the ${what} and copy it by hand.`;
  }
}
