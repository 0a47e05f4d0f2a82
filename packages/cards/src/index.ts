export { sniffImage } from './assets/image.ts';
export { type CardPreview, type CardRenderer, createCardRenderer } from './card-renderer.ts';
export { sniffFont } from './fonts/font-format.ts';
export { type CardMessage, type CardMessageCode, CardsError } from './messages.ts';
export { parseColor } from './options/colors.ts';
export { BUNDLED_FONTS, DEFAULT_WEIGHTS } from './options/resolve-options.ts';
export type { LaidOutNode } from './render/draw.ts';
export { DEFAULT_CACHE_DIR, defaultCardFileName, renderCards } from './render-cards.ts';
export { defaultTemplate } from './template/default-template.ts';
export { estimateLines, type FitTextOptions, type FittedText, fitText } from './template/fit-text.ts';
export { type CardChild, type CardElement, type CardStyle, h, markupToHtml } from './template/markup.ts';
export {
  CARD_SIZES,
  type CardColors,
  type CardData,
  type CardImage,
  type CardOutcome,
  type CardPost,
  type CardProgress,
  type CardsOptions,
  type CardTemplate,
  type CardTemplateModule,
  type CardVariant,
  type FontInput,
  type FontWeight,
  type RenderCardsOptions,
  type RenderCardsResult,
  SAFE_INSET,
  type TemplateContext,
} from './types.ts';
