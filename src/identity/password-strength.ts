import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/**
 * zxcvbn's score runs 0–4 (its estimate of guesses needed: 3 is "safely unguessable",
 * about 10^10 guesses). Below 3 a password is refused wherever one is set.
 */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | null = null;

/** Built on first use: loading the offline dictionaries takes a fifth of a second. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
    // Not `useLevenshteinDistance`: it costs about a second per check, and the l33t and
    // pattern matchers already catch edits such as "passw0rd1234".
  });
  return estimator;
}

/**
 * Why a password is too easy to guess, in words that help choose a better one, or null when
 * it is strong enough. `related` are things an attacker knows about the account (its email,
 * its name), which make a password weaker when it contains them.
 */
export function passwordWeakness(password: string, related: string[] = []): string | null {
  const words = related.flatMap((value) => value.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 3);
  const result = zxcvbn().check(password, words);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const advice = [result.feedback.warning, ...result.feedback.suggestions].filter((line): line is string => !!line);
  if (!advice.length) advice.push('Use a longer passphrase of several uncommon words.');
  return `too easy to guess. ${advice.join(' ')}`;
}
