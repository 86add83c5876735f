/** The locale engine messages are rendered in: FDL_LOCALE, else the process locale. */
import { toLocale, type Locale } from '../fdl/messages';

export function engineLocale(): Locale {
  return toLocale(process.env.FDL_LOCALE ?? Intl.DateTimeFormat().resolvedOptions().locale);
}
