/**
 * `<ws-frame>`: one WebSocket frame, explained, for any page — no framework needed.
 *
 *   <script src="/embed/ws-frame.js"></script>
 *   <ws-frame hex="81 85 37 fa 21 3d 7f 9f 4d 51 58" direction="client" theme="auto" editable></ws-frame>
 *
 * Attributes: `hex` (the frame's bytes), `direction` (client | server: who sent it, which
 * decides the masking rule), `editable` (shows a hex field; fires `frame-change` with
 * `detail.hex`), `theme` (light | dark | auto). Everything shown comes from lib's
 * explainFrame, through the frame builder's model.
 */
import { toHex } from '../util/hex.ts';
import { parseFrameHex, viewFrame } from '../components/frame/frame-builder-model.ts';
import type { Sender } from '../components/ui/frame-fields.ts';

const STYLE = `
:host { display: block; font-family: system-ui, sans-serif; font-size: 15px; line-height: 1.45;
  --bg: #ffffff; --text: #1b1e2b; --muted: #555b70; --border: #d5d8e3; --head: #6d4bd8; --length: #0f7b6c; --key: #a86a00; --payload: #b3246b; --bad: #b3261e; --good: #1d7a3a; }
:host([theme='dark']) { --bg: #161923; --text: #e8eaf2; --muted: #a7adc2; --border: #343a4e; --head: #b29cff; --length: #4cc9b0; --key: #f0b54a; --payload: #ff7eb6; --bad: #ff8a80; --good: #6fdc8c; }
@media (prefers-color-scheme: dark) {
  :host(:not([theme='light'])) { --bg: #161923; --text: #e8eaf2; --muted: #a7adc2; --border: #343a4e; --head: #b29cff; --length: #4cc9b0; --key: #f0b54a; --payload: #ff7eb6; --bad: #ff8a80; --good: #6fdc8c; }
}
.frame { background: var(--bg); color: var(--text); border: 1px solid var(--border); border-radius: 10px; padding: 14px 16px; display: grid; gap: 10px; }
.mono, .bit, input { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.bytes { display: flex; flex-wrap: wrap; gap: 4px 12px; }
.byte { display: grid; grid-template-columns: repeat(8, 1.35em); gap: 2px; }
.bit { text-align: center; border-bottom: 3px solid var(--border); }
.head { border-color: var(--head); } .length { border-color: var(--length); } .key { border-color: var(--key); }
dl { margin: 0; display: grid; gap: 2px; font-size: 0.9em; }
dt { font-weight: 600; display: inline; } dd { display: inline; margin: 0; color: var(--muted); overflow-wrap: anywhere; }
.field { border-left: 3px solid var(--head); padding-left: 8px; }
.field.length { border-left-color: var(--length); } .field.key { border-left-color: var(--key); } .field.payload { border-left-color: var(--payload); }
.hex { overflow-wrap: anywhere; margin: 0; }
.ok { color: var(--good); font-weight: 600; margin: 0; } .bad { color: var(--bad); margin: 0; }
input { width: 100%; box-sizing: border-box; padding: 4px 6px; border: 1px solid var(--border); border-radius: 6px; background: var(--bg); color: var(--text); font-size: 0.95em; }
input[aria-invalid='true'] { border-color: var(--bad); }
label { font-weight: 600; font-size: 0.85em; display: grid; gap: 4px; }
`;

const kind = (name: string) => (name === 'maskingKey' ? 'key' : name === 'payload' ? 'payload' : name === 'mask' || name.endsWith('ayloadLength') ? 'length' : 'head');

function el(tag: string, props: Record<string, string | boolean> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

export class WsFrameElement extends HTMLElement {
  static observedAttributes = ['hex', 'direction', 'editable', 'theme'];
  private readonly root: ShadowRoot;
  private draftError: string | undefined;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
  }

  connectedCallback(): void {
    this.render();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.render();
  }

  private render(): void {
    const direction: Sender = this.getAttribute('direction') === 'server' ? 'server' : 'client';
    const parsed = parseFrameHex(this.getAttribute('hex') ?? '');
    const style = el('style', { textContent: STYLE });
    const box = el('div', { className: 'frame' });
    box.setAttribute('part', 'frame');
    if (!parsed.ok) {
      box.append(el('p', { className: 'bad', textContent: `This frame cannot be shown: ${parsed.message}` }));
    } else {
      const view = viewFrame(parsed.bytes, direction);
      const bytes = el('div', { className: 'bytes' });
      bytes.setAttribute('aria-hidden', 'true');
      for (const row of view.rows) {
        bytes.append(el('div', { className: 'byte' }, ...row.map((bit) => el('span', { className: `bit ${kind(bit.field)}`, title: `bit ${bit.offset}: ${bit.label}`, textContent: String(bit.value) }))));
      }
      const fields = el('dl');
      for (const field of view.explanation.fields) {
        fields.append(el('div', { className: `field ${kind(field.name)}` }, el('dt', { textContent: `${field.label}: ` }), el('dd', { textContent: `${String(field.value)} — ${field.meaning}` })));
      }
      box.append(
        el('p', { className: 'hex mono', textContent: toHex(parsed.bytes) }),
        bytes,
        fields,
        view.violations.length === 0
          ? el('p', { className: 'ok', textContent: `A valid frame from a ${direction}.` })
          : el('p', { className: 'bad', textContent: `A receiver fails the connection: ${view.violations.map((v) => `${v.message} (close ${v.closeCode}, RFC 6455 §${v.section})`).join('; ')}` }),
      );
    }
    if (this.hasAttribute('editable')) {
      const input = el('input', { type: 'text', spellcheck: false, value: this.getAttribute('hex') ?? '' }) as HTMLInputElement;
      input.setAttribute('aria-invalid', String(this.draftError !== undefined));
      const error = el('span', { className: 'bad', textContent: this.draftError ?? '' });
      error.setAttribute('role', 'status');
      input.addEventListener('change', () => {
        const next = parseFrameHex(input.value);
        if (!next.ok) {
          this.draftError = next.message;
          input.setAttribute('aria-invalid', 'true');
          error.textContent = next.message;
          return;
        }
        this.draftError = undefined;
        this.setAttribute('hex', toHex(next.bytes));
        this.dispatchEvent(new CustomEvent('frame-change', { detail: { hex: toHex(next.bytes) }, bubbles: true }));
      });
      box.append(el('label', {}, 'Frame bytes (hex)', input), error);
    }
    this.root.replaceChildren(style, box);
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('ws-frame')) customElements.define('ws-frame', WsFrameElement);
