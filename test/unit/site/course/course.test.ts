import { describe, expect, it } from 'vitest';
import { buildCourse, interactiveOf, lessonHref, type LessonEntryInput, type PartEntryInput } from '../../../../site/course/course.ts';
import { parseLessonPath, parseNumberedSegment } from '../../../../site/course/numbered-path.ts';
import type { LessonFrontmatter } from '../../../../site/content/schema/lesson.ts';

const quiz: LessonFrontmatter['quiz'] = [
  { kind: 'bytes', id: 'q', prompt: 'Type 81.', answer: '81', explain: 'FIN and text.' },
];

function lesson(id: string, over: Partial<LessonFrontmatter> = {}): LessonEntryInput {
  return {
    id,
    filePath: `lessons/${id}/index.mdx`,
    data: { title: id, summary: 's', objectives: ['o'], minutes: 10, tags: [], interactive: [], terms: [], quiz, ...over },
  };
}
const part = (id: string, planned: { number: number; title: string }[] = []): PartEntryInput => ({
  id,
  filePath: `lessons/${id}/part.json`,
  data: { title: `Title of ${id}`, summary: 'p', planned },
});

describe('numbered folders', () => {
  it('splits the number from the slug', () => {
    expect(parseNumberedSegment('06-masking')).toEqual({ number: 6, slug: 'masking' });
    expect(parseNumberedSegment('10-closing-handshake')).toEqual({ number: 10, slug: 'closing-handshake' });
  });
  it.each(['masking', '06_masking', '06-Masking', '06-', 'x6-masking'])('rejects "%s"', (name) => {
    expect(() => parseNumberedSegment(name)).toThrow(/not a numbered folder name/);
  });
  it('reads part and lesson from an entry id or a file path', () => {
    const fromId = parseLessonPath('02-frames/06-masking');
    expect(fromId.part).toEqual({ folder: '02-frames', number: 2, slug: 'frames' });
    expect(fromId.lesson).toEqual({ folder: '06-masking', number: 6, slug: 'masking' });
    expect(parseLessonPath('02-frames/06-masking/index.mdx').lesson.slug).toBe('masking');
  });
  it('rejects a lesson that is not exactly two folders deep', () => {
    expect(() => parseLessonPath('02-frames/06-masking/exercise')).toThrow(/must be <NN-part>\/<NN-lesson>/);
  });
});

describe('the course model', () => {
  const parts = [part('02-frames', [{ number: 4, title: 'Frame anatomy' }, { number: 5, title: 'Payload length' }]), part('01-foundations')];
  const lessons = [
    lesson('02-frames/05-payload-length', { minutes: 8, exercise: { title: 'encodeHeader', summary: 's', hints: [] } }),
    lesson('01-foundations/02-opening-handshake', { interactive: ['lab', 'visualizer'] }),
    lesson('01-foundations/01-why-websocket', { minutes: 7 }),
  ];
  const course = buildCourse(parts, lessons);

  it('orders parts and lessons by their numbers', () => {
    expect(course.parts.map((p) => p.id)).toEqual(['01-foundations', '02-frames']);
    expect(course.lessons.map((l) => l.slug)).toEqual(['why-websocket', 'opening-handshake', 'payload-length']);
  });

  it('gives each lesson a URL without its number', () => {
    expect(course.lesson('payload-length')?.href).toBe('/lessons/payload-length/');
    expect(lessonHref('masking')).toBe('/lessons/masking/');
  });

  it('links each lesson to the previous and next across parts', () => {
    const [first, second, third] = course.lessons;
    expect(first!.prev).toBeUndefined();
    expect(first!.next?.slug).toBe('opening-handshake');
    expect(second!.prev?.slug).toBe('why-websocket');
    expect(second!.next?.slug).toBe('payload-length');
    expect(third!.next).toBeUndefined();
  });

  it('takes part titles from the part meta and sums minutes', () => {
    expect(course.parts[0]!.title).toBe('Title of 01-foundations');
    expect(course.parts[0]!.minutes).toBe(17);
    expect(course.totalMinutes).toBe(25);
  });

  it('shows planned lessons as coming, replaced by a written lesson with the same number', () => {
    expect(course.parts[1]!.outline.map((l) => [l.number, l.status])).toEqual([
      [4, 'coming'],
      [5, 'available'],
    ]);
  });

  it('lists the lessons still coming, across the parts', () => {
    expect(course.coming.map((l) => l.number)).toEqual(course.parts.flatMap((p) => p.outline).filter((l) => l.status === 'coming').map((l) => l.number));
    expect(course.coming.map((l) => l.number)).toContain(4);
  });

  it('derives exercise and quiz, in the course map order', () => {
    expect(course.lesson('opening-handshake')?.interactive).toEqual(['visualizer', 'lab', 'quiz']);
    expect(course.lesson('payload-length')?.interactive).toEqual(['exercise', 'quiz']);
    expect(interactiveOf({ interactive: [], quiz: [] })).toEqual([]);
  });
});

describe('course structure problems fail with the file and the reason', () => {
  it.each([
    [
      'a lesson without part meta',
      [part('01-foundations')],
      [lesson('02-frames/04-frame-anatomy')],
      'lessons/02-frames/04-frame-anatomy/index.mdx: its part folder "02-frames" has no part.json',
    ],
    [
      'two lessons with one number',
      [part('01-foundations')],
      [lesson('01-foundations/01-why-websocket'), lesson('01-foundations/01-polling')],
      'lesson number 1 is also used by 01-foundations/01-why-websocket',
    ],
    [
      'two lessons with one slug',
      [part('01-foundations'), part('02-frames')],
      [lesson('01-foundations/01-basics'), lesson('02-frames/04-basics')],
      'slug "basics" is also used by 01-foundations/01-basics',
    ],
    ['a misnamed folder', [part('01-foundations')], [lesson('01-foundations/why-websocket')], 'is not a numbered folder name'],
    ['two parts with one number', [part('01-foundations'), part('01-basics')], [], 'part number 1 is also used by 01-foundations'],
  ])('%s', (_name, parts, lessons, message) => {
    expect(() => buildCourse(parts, lessons)).toThrow(message);
  });
});
