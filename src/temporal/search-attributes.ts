// The custom search attributes operators filter by in the Temporal UI. One list, registered on the
// dev server at start and on an existing cluster by `entry-exit setup`. No personal data goes here.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const NodeCountry = defineSearchAttributeKey('NodeCountry', SearchAttributeType.KEYWORD);
export const Direction = defineSearchAttributeKey('Direction', SearchAttributeType.KEYWORD);
export const CycleWindow = defineSearchAttributeKey('CycleWindow', SearchAttributeType.KEYWORD);
export const ExchangeStatus = defineSearchAttributeKey('ExchangeStatus', SearchAttributeType.KEYWORD);
export const RecordCount = defineSearchAttributeKey('RecordCount', SearchAttributeType.INT);
export const BatchId = defineSearchAttributeKey('BatchId', SearchAttributeType.KEYWORD);
export const StayStatus = defineSearchAttributeKey('StayStatus', SearchAttributeType.KEYWORD);
export const StayCategory = defineSearchAttributeKey('StayCategory', SearchAttributeType.KEYWORD);
export const AdmitUntil = defineSearchAttributeKey('AdmitUntil', SearchAttributeType.DATETIME);

export const ALL_SEARCH_ATTRIBUTES = [
  NodeCountry,
  Direction,
  CycleWindow,
  ExchangeStatus,
  RecordCount,
  BatchId,
  StayStatus,
  StayCategory,
  AdmitUntil,
];

/** `--search-attribute NAME=Type` arguments of `temporal server start-dev`. */
export function devServerSearchAttributeArgs(): string[] {
  const cliType: Record<string, string> = {
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.INT]: 'Int',
    [SearchAttributeType.DATETIME]: 'Datetime',
    [SearchAttributeType.TEXT]: 'Text',
    [SearchAttributeType.BOOL]: 'Bool',
    [SearchAttributeType.DOUBLE]: 'Double',
    [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
  };
  return ALL_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${cliType[key.type]}`]);
}
