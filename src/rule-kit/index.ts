/**
 * The rule kit: everything a rule needs besides src/types.ts, in one import. Rules (those in
 * rules/ and third-party ones, through the library API) import only this, the types, and files
 * of their own folder, so every rule reads the repository through its RepoView the same way.
 */
export { z } from 'zod';

export {
  daysAgo,
  findingsFrom,
  noun,
  placeholdersOf,
  plural,
  renderMessage,
  type FindingMaker,
  type Location,
  type MessageData,
  type Messages,
  type Placeholders,
} from './findings.ts';
export {
  daysBetween,
  freshness,
  freshnessPoints,
  median,
  percentile,
  pointsScore,
  round,
  weightedScore,
  type Freshness,
} from './scoring.ts';
export {
  basename,
  BUNDLED,
  BUNDLED_FOLDERS,
  DEPENDENCY_FOLDERS,
  dirname,
  EXAMPLE_FOLDERS,
  EXAMPLES,
  extname,
  inFolderNamed,
  infrastructureTestData,
  isOutsideOwnCode,
  joinPath,
  normalizePath,
  NOT_THE_PROJECTS,
  TEST_DATA_FOLDERS,
  VENDORED,
} from './path-classes.ts';
export {
  firstParent,
  hasMerges,
  indexOf,
  indexOfPrefix,
  isMerge,
  mergeLifetimes,
  paintBroughtIn,
  parentCount,
  parents,
  pushParents,
  reachable,
  type MergeLifetime,
} from './graph.ts';
export { forgeData, forgeKnows } from './forge.ts';
export {
  absentOutcome,
  BRIEF_FOLDERS,
  countWithin,
  dateInFrontMatter,
  dateInName,
  findRecords,
  RECORD_MESSAGES,
  recordTimeline,
  whenAbsentOption,
  type RecordDocument,
} from './records.ts';
export { countWords } from './text.ts';
export { globBase, globMatcher } from './glob.ts';

// Parsers and classifiers rules share.
export { hasContent, itemsUnder, listItems, markdownHeadings, sectionNames, sectionUnder, type Heading } from '../util/markdown.ts';
export { asArray, isRecord, parseYaml, strings, type ParsedYaml, type YamlPosition } from '../util/yaml.ts';
export { linguistVerdicts, type LinguistReason, type LinguistVerdict } from '../util/linguist/index.ts';
export { accountMatcher, DEFAULT_BOTS, DEFAULT_NON_PEOPLE } from '../util/accounts.ts';
export { CODEOWNERS_LOCATIONS, CODEOWNERS_MAX_BYTES, parseCodeowners, type Codeowners } from '../util/codeowners.ts';

// Authorship over the mined history (degree of authorship, truck factor).
export {
  eventsPerDeveloper,
  fileAuthors,
  latestChanges,
  mergeDevelopers,
  truckFactor,
  type Developer,
  type Developers,
  type FileAuthorship,
  type TruckFactorMode,
} from '../history/authorship.ts';
export { authorshipFiles } from '../history/file-filter.ts';
