/** Longest Event message written; Kubernetes' own event recorders cut at 1 KiB too. */
export const EVENT_MESSAGE_LIMIT = 1024;

export interface BoundedListOptions {
  /** Between items; default ", ". */
  separator?: string;
  /** Longest result, `frame` included; default: what fits in an Event. */
  maxLength?: number;
  /** At most this many items, however short. */
  maxItems?: number;
  /** The sentence around the list; default: the list alone. */
  frame?: (list: string) => string;
}

/**
 * A message naming a list of things, cut at a whole item: `frame` of as many items as fit, and
 * "… and N more" for the rest, so every name shown is a real one and the reader knows what is
 * missing. Condition and Event messages built from lists go through here; the list itself stays
 * complete where it belongs (status.instances, the spec).
 */
export function boundedList(items: readonly string[], options: BoundedListOptions = {}): string {
  const { separator = ', ', maxLength = EVENT_MESSAGE_LIMIT, maxItems = Infinity } = options;
  const frame = options.frame ?? ((list: string) => list);
  const whole = frame(items.join(separator));
  if (items.length <= maxItems && whole.length <= maxLength) return whole;
  const room = maxLength - frame('').length;
  const more = (rest: number) => (rest > 0 ? ` … and ${rest} more` : '');
  let kept = 0;
  let length = 0;
  while (kept < Math.min(items.length, maxItems)) {
    const next = length + (kept > 0 ? separator.length : 0) + items[kept]!.length;
    if (next + more(items.length - kept - 1).length > room) break;
    length = next;
    kept++;
  }
  // Not even the first item fits: its text, cut, is still more use than a bare count.
  if (kept === 0) return shorten(whole, maxLength);
  return frame(items.slice(0, kept).join(separator) + more(items.length - kept));
}

/**
 * Any message cut to `maxLength`: at the last list or word boundary that fits in its second half
 * (a "; ", else a ", ", else a space), never inside a name, and said to be cut.
 */
export function shorten(message: string, maxLength: number): string {
  if (message.length <= maxLength) return message;
  const marker = (cut: number) => ` … (${message.length - cut} more characters)`;
  // The longest marker this message can need, so the cut is found once.
  const room = maxLength - marker(0).length;
  if (room <= 0) return message.slice(0, maxLength);
  let cut = room;
  for (const separator of ['; ', ', ', ' ']) {
    const at = message.lastIndexOf(separator, room);
    if (at >= room / 2) {
      cut = at;
      break;
    }
  }
  // Never half of a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(message.charAt(cut - 1))) cut--;
  return message.slice(0, cut) + marker(cut);
}
