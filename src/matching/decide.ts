// The rules that send an assigned pair to an operator instead of matching it, whatever its score:
// patterns that twins, siblings and namesakes share (see docs/matching.md, _Decide_).
import type { MatchOptions } from './options';
import type { MatchEvidence } from './score';

/**
 * Surname and birth date are shared by twins: a match also needs the first name or the document to
 * have been compared (present on both sides). Otherwise an operator decides.
 */
function identifiedBeyondSurnameAndBirthDate(evidence: MatchEvidence): boolean {
  return evidence.fields.first_name.outcome !== 'missing' || evidence.fields.document.outcome !== 'missing';
}

/**
 * The same document number and date of birth on both records is the same traveller even when the
 * name was written differently (a married name, another romanisation, a name keyed into the wrong
 * field): a document number is issued to one person. A match, with the evidence showing it.
 */
function documentAndBirthDateAgree(evidence: MatchEvidence): boolean {
  return evidence.fields.document.outcome === 'exact' && evidence.fields.date_of_birth.outcome === 'exact';
}

/** How much surer than a match a pair must be when it has a sibling's pattern (see `siblingPattern`). */
const SIBLING_EXTRA_BITS = 8;

/**
 * Only names agree — not the document, even approximately, nor the date of birth beyond one digit
 * (a birth date one digit off weighs about a bit: among the namesakes of a large run, some are born
 * one digit apart; at 100,000 travellers such pairs were half the false matches). Names alone
 * never identify a traveller: namesakes (two people of one name crossing in the same days) look the
 * same, and the weights overrate them, because surname and given name are not independent (they go
 * together by culture), so the product of their u probabilities understates how often two different
 * people share both. At 100,000 travellers such pairs were most false matches, whatever the margin.
 * Always an operator's decision.
 */
function namesOnly(evidence: MatchEvidence): boolean {
  const dob = evidence.fields.date_of_birth.outcome;
  const doc = evidence.fields.document.outcome;
  return (
    (dob === 'different' || dob === 'missing') &&
    doc !== 'exact' &&
    doc !== 'one_edit_bad_check_digit' &&
    doc !== 'one_edit_both_valid'
  );
}

/**
 * The given names disagree and the document does not agree (exactly or by one keying error):
 * siblings and twins share surname, birth date or both, and a twin's passport is often the next
 * number of the same batch. A score just above the threshold is not enough.
 */
function siblingPattern(evidence: MatchEvidence): boolean {
  const doc = evidence.fields.document.outcome;
  return evidence.fields.first_name.outcome === 'different' && doc !== 'exact' && doc !== 'one_edit_bad_check_digit';
}

/**
 * The documents are both valid and one character apart: the next number of the same batch, as twins
 * and siblings applying together get. A sibling's pattern with it stays an operator's decision even
 * when no other candidate is in the run (the twin's own entry may be outside it).
 */
function twinsNumber(evidence: MatchEvidence): boolean {
  return evidence.fields.document.outcome === 'one_edit_both_valid';
}

/**
 * Whether an assigned pair with this score and evidence goes to review (`uncertain`) rather than
 * being matched. `alone`: neither record has another candidate at the review threshold in the run —
 * no twin, sibling or namesake of either is present (one present scores alike and is a competitor),
 * so the twins' and siblings' patterns (surname and birth date alone; given names different and no
 * document agreement, unless the documents are consecutive numbers) are enough at the match threshold. Names alone never are. Measured in
 * docs/matching.md (issue 19): on two seeds, 170 more true pairs per seed on the four-field models
 * for one or two false matches, none more on the generator levels' twins and siblings.
 */
export function reviewByRule(score: number, evidence: MatchEvidence, o: MatchOptions, alone: boolean): boolean {
  return (
    (score < o.matchThreshold && !documentAndBirthDateAgree(evidence)) ||
    namesOnly(evidence) ||
    (score < o.matchThreshold + SIBLING_EXTRA_BITS && siblingPattern(evidence) && (!alone || twinsNumber(evidence))) ||
    (!alone && !identifiedBeyondSurnameAndBirthDate(evidence))
  );
}
