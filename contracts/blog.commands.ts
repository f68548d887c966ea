/** Command arbitraries of the blog domain. */
import fc from 'fast-check';
import { call, record, ref } from '../fixtures/calls.ts';
import { edgeString, unsafeString } from '../fixtures/strings.ts';
import { createUser } from './user.commands.ts';
import type { Call } from './domain.ts';

/** Slugs from a small pool (so duplicates happen), and some that are not kebab case. */
const slug = () =>
  fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom('hello-world', 'a', 'release-2-8', 'hello', 'a-b', 'ab', 'b', 'z-9', 'news') },
    { weight: 1, arbitrary: fc.constantFrom('Hello-World', 'a--b', '-a', 'a-', 'a_b', 'ç', '', 'a b') },
  );
const text = () => fc.oneof({ weight: 10, arbitrary: fc.constantFrom('Hello', 'Release notes', 'Merhaba dünya') }, { weight: 2, arbitrary: edgeString() }, { weight: 1, arbitrary: unsafeString() });
const tags = () =>
  fc.oneof(
    { weight: 8, arbitrary: fc.uniqueArray(fc.constantFrom('news', 'release', 'çay', 'a,b', '"q"', 'NULL', '{x}'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.constantFrom(['x', 'x'], [''], ['a\u0000']) },
  );

/** Every blog command, plus `user.create` so posts have authors. */
export const blogCommands = (): fc.Arbitrary<Call>[] => [
  createUser(),
  call('blog', 'create', record({ slug: slug(), title: text(), body: text(), authorId: ref('user') }, { tags: tags() })),
  call('blog', 'create', record({ slug: slug(), title: text(), body: text(), authorId: ref('user') }, { tags: tags() })),
  call('blog', 'get', ref('blogPost')),
  call('blog', 'getBySlug', slug()),
  call('blog', 'update', ref('blogPost'), record({}, { slug: slug(), title: text(), body: text(), tags: tags() })),
  call('blog', 'publish', ref('blogPost')),
  call('blog', 'publish', ref('blogPost')),
  call('blog', 'publish', ref('blogPost')),
  call('blog', 'unpublish', ref('blogPost')),
  call('blog', 'archive', ref('blogPost')),
  call('blog', 'listPublished', record({ limit: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 101, 1.5) }) }, { offset: fc.integer({ min: -1, max: 3 }) })),
];
