// Deterministic, distinct posts for the benchmark: every card differs in title, description, author and date.

const SUBJECTS = ['coffee', 'tea', 'bread', 'ceramics', 'denim', 'bicycles', 'typography', 'gardens', 'radio', 'maps'];
const ACTIONS = [
  'How we rebuilt our',
  'What nobody tells you about',
  'A field guide to',
  'Ten years of',
  'The quiet economics of',
  'Notes on sourcing',
  'Why we stopped outsourcing',
  'Inside the workshop:',
];
const PLACES = [
  'in Lisbon',
  'from the ground up',
  'for small teams',
  'on a budget',
  'after the flood',
  'with our readers',
];
const AUTHORS = ['Ada Lovelace', 'Grace Hopper', 'Katherine Johnson', 'Alan Turing', 'Hedy Lamarr', 'Claude Shannon'];

/**
 * `count` distinct posts.
 * @param {number} count
 */
export function benchPosts(count) {
  return Array.from({ length: count }, (_, i) => {
    const subject = SUBJECTS[i % SUBJECTS.length];
    const title = `${ACTIONS[i % ACTIONS.length]} ${subject} ${PLACES[i % PLACES.length]} (part ${i + 1})`;
    return {
      id: `blog/post-${i + 1}`,
      title,
      description: `Issue ${i + 1}: what we learned about ${subject}, the people who make it, and the numbers behind a small brand that sells it.`,
      author: AUTHORS[i % AUTHORS.length],
      date: new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString(),
      readingTime: 3 + (i % 11),
      url: `https://northwind.example/blog/post-${i + 1}/`,
    };
  });
}
