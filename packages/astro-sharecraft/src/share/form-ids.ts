/** Id of the creation `<form>` element: remix links lead here (a link to it opens its closed `<details>`). */
export const FORM_ELEMENT_ID = 'sc-c';

/** Id of the thank-you box a submission without JavaScript returns to (`#sc-thanks`). */
export const THANKS_ID = 'sc-thanks';
