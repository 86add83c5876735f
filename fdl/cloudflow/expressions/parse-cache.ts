/**
 * Parsed StateMachine expressions by their text (fdl/memo-by-text.ts): a run evaluates a state's
 * constructors and conditions at every visit (a Map's processor once per item), and parsing cost
 * more than evaluating.
 */
import { memoByText } from '../../memo-by-text';
import { parseSmExpression } from './parse';

/** parseSmExpression(text), remembered: the same result object for the same text while it is held. */
export const parseSmExpressionCached = memoByText(parseSmExpression);
