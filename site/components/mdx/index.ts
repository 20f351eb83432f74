/**
 * The components lesson authors use in MDX. The lesson page passes them to every
 * lesson's content, so a lesson uses them without importing anything:
 *
 *   <Callout kind="mistake">…</Callout>
 *   <CodeTabs><Tab label="TypeScript">…</Tab><Tab label="FastAPI">…</Tab></CodeTabs>
 *   <Figure caption="…">…</Figure>
 *   <KeyTerms />
 *   <HandshakeLab preset="version-8" />
 *   <LabRun scenario="02-frames/07-fragmentation/lab/ping-between-fragments" />
 *   <FrameBuilder hex="81 05 48 65 6c 6c 6f" direction="server" />
 *   <TransportCalculator />, <PayloadLengthExplorer />, <CloseCodeExplorer />, <CloseLab />, <BrowserApiLab />
 *
 * The quiz is not used in the prose: the lesson layout places it at the end, from
 * the `quiz` frontmatter.
 */
import BrowserApiLab from './BrowserApiLab.astro';
import Callout from './Callout.astro';
import CloseCodeExplorer from './CloseCodeExplorer.astro';
import CloseLab from './CloseLab.astro';
import CodeTabs from './CodeTabs.astro';
import Figure from './Figure.astro';
import FrameBuilder from './FrameBuilder.astro';
import HandshakeLab from './HandshakeLab.astro';
import KeyTerms from './KeyTerms.astro';
import LabRun from './LabRun.astro';
import PayloadLengthExplorer from './PayloadLengthExplorer.astro';
import Tab from './Tab.astro';
import TransportCalculator from './TransportCalculator.astro';

export { BrowserApiLab, Callout, CloseCodeExplorer, CloseLab, CodeTabs, Figure, FrameBuilder, HandshakeLab, KeyTerms, LabRun, PayloadLengthExplorer, Tab, TransportCalculator };

/** Pass to `<Content components={mdxComponents} />`. */
export const mdxComponents = {
  BrowserApiLab, Callout, CloseCodeExplorer, CloseLab, CodeTabs, Figure, FrameBuilder, HandshakeLab, KeyTerms, LabRun, PayloadLengthExplorer, Tab, TransportCalculator,
};
