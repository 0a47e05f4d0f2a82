// Astro components for placing Sharecraft by hand. Import them in .astro or .mdx files:
// import { ShareBar, ShareQuote, RemixPrompt, CreationForm, Creations } from 'astro-sharecraft/components';
export { default as CreationForm } from './CreationForm.astro';
export { default as Creations } from './Creations.astro';
export { default as RemixPrompt } from './RemixPrompt.astro';
export { default as ShareBar } from './ShareBar.astro';
export { default as ShareQuote } from './ShareQuote.astro';
