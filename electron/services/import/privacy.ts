// The checks live in shared/ because the API schemas use them too (a My Number typed into a note).
export { isMyNumberText, looksLikeMyNumberValue, scrubMyNumbers } from '../../../shared/myNumber';
