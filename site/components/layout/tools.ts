/** The lab's interactive tools, each a page of its own: listed in the header's Tools menu and on the home page. */
export const TOOLS = [
  { href: '/frame-builder/', label: 'Frame builder', summary: 'Build a frame bit by bit and read every byte of it.' },
  { href: '/handshake/', label: 'Handshake lab', summary: 'Break the opening handshake header by header and see each failure.' },
  { href: '/lab/', label: 'Lab runs', summary: 'Every lab run of the course with its wire inspector, faults, seeds and replay.' },
] as const;
