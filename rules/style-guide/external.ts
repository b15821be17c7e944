/**
 * Published style guides a project can adopt by linking them instead of writing its own. They
 * are real standards, maintained upstream; the audit cannot measure their length or topics.
 */
export interface KnownGuide {
  name: string;
  url: RegExp;
}

const GOOGLE: Record<string, string> = {
  pyguide: 'Google Python style guide',
  javaguide: 'Google Java style guide',
  jsguide: 'Google JavaScript style guide',
  tsguide: 'Google TypeScript style guide',
  cppguide: 'Google C++ style guide',
  shellguide: 'Google Shell style guide',
  go: 'Google Go style guide',
  objcguide: 'Google Objective-C style guide',
  htmlcssguide: 'Google HTML/CSS style guide',
};

export const KNOWN_GUIDES: readonly KnownGuide[] = [
  { name: 'Go Code Review Comments', url: /^https?:\/\/(go\.dev|golang\.org|github\.com\/golang\/go)\/wiki\/CodeReviewComments/i },
  { name: 'Effective Go', url: /^https?:\/\/(go\.dev|golang\.org)\/doc\/effective_go/i },
  { name: 'Uber Go style guide', url: /^https?:\/\/github\.com\/uber-go\/guide/i },
  { name: 'PEP 8', url: /^https?:\/\/(peps\.python\.org\/pep-0008|(www\.)?python\.org\/dev\/peps\/pep-0008|pep8\.org)/i },
  { name: 'PEP 257', url: /^https?:\/\/(peps\.python\.org\/pep-0257|(www\.)?python\.org\/dev\/peps\/pep-0257)/i },
  { name: 'Black code style', url: /^https?:\/\/black\.readthedocs\.io\/[^#]*the_black_code_style/i },
  { name: 'GitHub Ruby style guide', url: /^https?:\/\/github\.com\/(styleguide\/ruby|github\/rubocop-github)/i },
  { name: 'Ruby style guide', url: /^https?:\/\/(rubystyle\.guide|github\.com\/(rubocop|bbatsov|rubocop-hq)\/ruby-style-guide)/i },
  { name: 'Rails style guide', url: /^https?:\/\/(rails\.rubystyle\.guide|github\.com\/(rubocop|bbatsov|rubocop-hq)\/rails-style-guide)/i },
  { name: 'Airbnb JavaScript style guide', url: /^https?:\/\/(github\.com\/airbnb\/javascript|airbnb\.io\/javascript)/i },
  { name: 'Airbnb Ruby style guide', url: /^https?:\/\/github\.com\/airbnb\/ruby/i },
  { name: 'JavaScript Standard Style', url: /^https?:\/\/(www\.)?standardjs\.com/i },
  { name: 'Idiomatic JavaScript', url: /^https?:\/\/github\.com\/rwaldron\/idiomatic\.js/i },
  { name: 'Rust style guide', url: /^https?:\/\/(doc\.rust-lang\.org\/[^ ]*style-guide|github\.com\/rust-lang\/(style-team|fmt-rfcs))/i },
  { name: 'Rust API guidelines', url: /^https?:\/\/rust-lang\.github\.io\/api-guidelines/i },
  { name: 'Linux kernel coding style', url: /^https?:\/\/(www\.)?kernel\.org\/doc\/[^ ]*coding-style/i },
  { name: 'C++ Core Guidelines', url: /^https?:\/\/isocpp\.github\.io\/CppCoreGuidelines/i },
  { name: 'LLVM coding standards', url: /^https?:\/\/llvm\.org\/docs\/CodingStandards/i },
  { name: 'Kotlin coding conventions', url: /^https?:\/\/kotlinlang\.org\/docs\/(reference\/)?coding-conventions/i },
  { name: 'Android Kotlin style guide', url: /^https?:\/\/developer\.android\.com\/kotlin\/style-guide/i },
  { name: 'Swift API design guidelines', url: /^https?:\/\/(www\.)?swift\.org\/documentation\/api-design-guidelines/i },
  { name: 'PSR-12', url: /^https?:\/\/(www\.)?php-fig\.org\/psr\/psr-(1|2|12)\b/i },
  { name: 'C# coding conventions', url: /^https?:\/\/(learn|docs)\.microsoft\.com\/[^ ]*(coding-conventions|coding-style)/i },
  { name: 'Microsoft Writing Style Guide', url: /^https?:\/\/(learn|docs)\.microsoft\.com\/[^ ]*style-guide\/welcome/i },
  { name: 'Google developer documentation style guide', url: /^https?:\/\/developers\.google\.com\/style/i },
  { name: 'Helm chart best practices', url: /^https?:\/\/(v\d\.)?helm\.sh\/docs\/(topics\/)?chart_best_practices/i },
  {
    name: 'Terraform style conventions',
    url: /^https?:\/\/(developer\.hashicorp\.com\/terraform\/language\/(syntax\/)?style|(www\.)?terraform\.io\/docs\/language\/syntax\/style)/i,
  },
  { name: 'Elixir style guide', url: /^https?:\/\/github\.com\/christopheradams\/elixir_style_guide/i },
  { name: 'Scala style guide', url: /^https?:\/\/docs\.scala-lang\.org\/style/i },
  { name: 'Effective Dart', url: /^https?:\/\/dart\.dev\/(guides\/language\/)?effective-dart/i },
  { name: 'Angular style guide', url: /^https?:\/\/angular\.(io|dev)\/(guide\/)?style-guide/i },
  { name: 'Vue style guide', url: /^https?:\/\/(v2\.)?vuejs\.org\/(v2\/)?style-guide/i },
  { name: 'Oracle Java code conventions', url: /^https?:\/\/www\.oracle\.com\/[^ ]*codeconventions/i },
];

/** Link text that names a style guide, whatever it links to. */
export const STYLE_GUIDE_TEXT = /\bstyle ?guides?\b|\bstyleguides?\b|\bcod(e|ing) (style|standards?|conventions|guidelines)\b/i;

/** The guide a URL is, by the list above; null for any other URL. */
export function knownGuide(url: string): string | null {
  const google = /^https?:\/\/google\.github\.io\/styleguide\/([\w-]+)/i.exec(url);
  if (google) return GOOGLE[google[1]!.replace(/\.(html|xml)$/, '').toLowerCase()] ?? 'Google style guides';
  if (/^https?:\/\/google\.github\.io\/styleguide\/?$/i.test(url)) return 'Google style guides';
  return KNOWN_GUIDES.find((g) => g.url.test(url))?.name ?? null;
}
