//! Tokens and sentences over the article text, with byte spans.

use crate::model::Span;

/// What a token looks like; rules match on this rather than on raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Letters (and digits, hyphens, periods, apostrophes inside a word).
    Word,
    /// A number such as `23` or `2023`.
    Number,
    /// The possessive `'s` / `’s` (or a bare `'` after a plural).
    Possessive,
    /// Any other single character: punctuation, quotes, brackets.
    Punct,
}

/// One token of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token's text.
    pub text: &'a str,
    /// Its byte span in the article text.
    pub span: Span,
    /// Its shape.
    pub shape: Shape,
}

impl Token<'_> {
    /// First character is an uppercase letter (or a digit-led code such as `L4` is not).
    pub fn is_capitalized(&self) -> bool {
        self.shape == Shape::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Every letter is uppercase and there are at least two letters (`NASA`, `U.S.`, `KISHIDA`).
    pub fn is_all_caps(&self) -> bool {
        is_all_caps(self.text)
    }

    /// Whether the token is a word in lowercase.
    pub fn is_lowercase(&self) -> bool {
        self.shape == Shape::Word && self.text.chars().next().is_some_and(char::is_lowercase)
    }
}

/// Every letter uppercase and at least two letters.
pub fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '\u{2010}' || c == '\u{2011}'
}

/// Splits `text[span]` into tokens.
///
/// Words keep inner hyphens (`Suk-yeol`, `U.S.-ROK`), inner apostrophes
/// (`Chang'e`) and the periods of dotted abbreviations (`U.S.`, `D.C.`); a
/// possessive `'s` is a token of its own so that `NASA’s` yields `NASA`.
pub fn tokenize(text: &str, span: Span) -> Vec<Token<'_>> {
    let s = &text[span.start..span.end];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let tok = |a: usize, b: usize, shape: Shape| Token {
        text: &text[span.start + a..span.start + b],
        span: Span { start: span.start + a, end: span.start + b },
        shape,
    };
    let end_of = |k: usize| chars.get(k).map_or(s.len(), |&(b, _)| b);
    while i < chars.len() {
        let (b, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if let Some(len) = possessive_at(&chars, i, !out.is_empty()) {
            out.push(tok(b, end_of(i + len), Shape::Possessive));
            i += len;
            continue;
        }
        if !is_word_char(c) {
            out.push(tok(b, end_of(i + 1), Shape::Punct));
            i += 1;
            continue;
        }
        let j = word_end(&chars, i);
        let text_piece = &s[b..end_of(j)];
        let shape = if text_piece.chars().all(|c| c.is_ascii_digit()) { Shape::Number } else { Shape::Word };
        out.push(tok(b, end_of(j), shape));
        i = j;
    }
    out
}

/// How many characters a possessive at `i` takes: "’s" after a word (when a
/// token came before), or a bare apostrophe after a plural ("partners'
/// plans", "the US’ NASA").
fn possessive_at(chars: &[(usize, char)], i: usize, after_token: bool) -> Option<usize> {
    if !is_apostrophe(chars[i].1) {
        return None;
    }
    let next = chars.get(i + 1).map(|&(_, c)| c);
    let after = chars.get(i + 2).map(|&(_, c)| c);
    if next == Some('s') && !after.is_some_and(is_word_char) && after_token {
        return Some(2);
    }
    let prev_s = i > 0 && matches!(chars[i - 1].1, 's' | 'S');
    (prev_s && !next.is_some_and(is_word_char)).then_some(1)
}

/// Where the word starting at character `start` ends: over inner hyphens,
/// ampersands and apostrophes, and the periods of dotted abbreviations.
fn word_end(chars: &[(usize, char)], start: usize) -> usize {
    let mut j = start;
    let mut dotted = false;
    loop {
        while j < chars.len() && is_word_char(chars[j].1) {
            j += 1;
        }
        let Some(&(_, c)) = chars.get(j) else { break };
        let next_is_word = chars.get(j + 1).is_some_and(|&(_, n)| is_word_char(n));
        if (is_hyphen(c) || c == '&') && next_is_word {
            j += 1;
            continue;
        }
        if is_apostrophe(c) && next_is_word {
            // Keep "Chang'e" whole but not the possessive "NASA's".
            let after = chars.get(j + 2).map(|&(_, c)| c);
            if chars[j + 1].1 == 's' && !after.is_some_and(is_word_char) {
                break;
            }
            j += 1;
            continue;
        }
        if c == '.' {
            // Dotted abbreviations: single letters followed by periods (U.S., D.C.).
            // The last piece is found by walking back over word characters only, and
            // whether a period came before is kept as the word grows: a word of
            // thousands of periods is read in linear time.
            let mut p = j;
            while p > start && !matches!(chars[p - 1].1, '.' | '-') {
                p -= 1;
            }
            let single = j - p == 1 && chars[p].1.is_uppercase();
            if single && (next_is_word || dotted) {
                dotted = true;
                j += 1;
                if next_is_word {
                    continue;
                }
                // "U.S." ends here; a hyphen may continue it ("U.S.-ROK").
                if chars.get(j).is_some_and(|&(_, c)| is_hyphen(c))
                    && chars.get(j + 1).is_some_and(|&(_, n)| is_word_char(n))
                {
                    j += 1;
                    continue;
                }
            }
        }
        break;
    }
    j
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Gen", "Lt", "Col", "Capt", "Cmdr", "Adm", "Sen", "Rep", "Gov",
    "Pres", "Amb", "Sec", "No", "vs", "etc", "e.g", "i.e", "Inc", "Ltd", "Co", "Corp", "Jan", "Feb", "Mar", "Apr",
    "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "Mt", "Ft", "approx", "Fig",
    // Titles before names in English, Arabic, Latin American and South-East
    // Asian usage: "H.E. Dr. Eng. Mohammed Al Ahbabi", "Prof. Acad. Chau Van Minh",
    // "Ing. Ana Ruiz", "Lic. Pedro Gomez", "Hon. Jane Doe".
    "Eng", "Acad", "Assoc", "Asst", "Hon", "Rev", "Maj", "Sgt", "Supt", "Ing", "Lic", "Arq", "Abg", "Mme", "Mlle",
    "Messrs", "Dipl",
];

/// The most tokens a sentence may have. A longer run (a scraped table, a list
/// of names without a full stop) is cut into pieces of at most this many
/// tokens, after a comma, semicolon, colon or bar where one falls in the
/// second half of the piece. The rules read within a sentence, so this bounds
/// their work per sentence and the size of the evidence a fact carries; the
/// longest sentence of the seeds and the dev set has 136 tokens.
pub const MAX_SENTENCE_TOKENS: usize = 256;

/// Splits a block of text into sentence spans.
///
/// A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets)
/// followed by whitespace and an uppercase letter, digit or opening quote —
/// except after abbreviations (`Dr.`), single initials (`John F. Kennedy`)
/// and dotted forms (`U.S.`, `D.C.`) that are followed by a capitalised word.
/// No sentence has more than [`MAX_SENTENCE_TOKENS`] tokens.
pub fn sentences(text: &str, block: Span) -> Vec<Span> {
    let mut out = Vec::new();
    for sp in punctuated_sentences(text, block) {
        out.extend(capped(text, sp));
    }
    out
}

/// A span cut into pieces of at most [`MAX_SENTENCE_TOKENS`] tokens (itself
/// when it is short enough, as nearly every sentence and headline is).
pub fn capped(text: &str, sentence: Span) -> Vec<Span> {
    let mut out = Vec::new();
    if token_bound(&text[sentence.start..sentence.end]) <= MAX_SENTENCE_TOKENS {
        out.push(sentence);
    } else {
        split_long(text, sentence, &mut out);
    }
    out
}

/// At least as many as the tokens of `s`, counted without tokenising: every
/// token begins a run of word characters or is a single other character.
fn token_bound(s: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in s.chars() {
        let word = is_word_char(c);
        if (word && !in_word) || (!word && !c.is_whitespace()) {
            n += 1;
        }
        in_word = word;
    }
    n
}

/// Cuts a sentence of more than [`MAX_SENTENCE_TOKENS`] tokens into pieces.
fn split_long(text: &str, sentence: Span, out: &mut Vec<Span>) {
    let tokens = tokenize(text, sentence);
    if tokens.len() <= MAX_SENTENCE_TOKENS {
        out.push(sentence);
        return;
    }
    let mut a = 0;
    while a < tokens.len() {
        let mut b = (a + MAX_SENTENCE_TOKENS).min(tokens.len());
        if b < tokens.len() {
            let soft =
                (a + MAX_SENTENCE_TOKENS / 2..b).rev().find(|&k| matches!(tokens[k].text, "," | ";" | ":" | "|"));
            if let Some(k) = soft {
                b = k + 1;
            }
        }
        out.push(Span { start: tokens[a].span.start, end: tokens[b - 1].span.end });
        a = b;
    }
}

/// Sentence spans as the punctuation marks them, of any length.
fn punctuated_sentences(text: &str, block: Span) -> Vec<Span> {
    let s = &text[block.start..block.end];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '”' | '’' | ')' | ']' | '.') {
                j += 1;
            }
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            let boundary = k > j
                && k < chars.len()
                && (chars[k].1.is_uppercase()
                    || chars[k].1.is_ascii_digit()
                    || matches!(chars[k].1, '"' | '“' | '‘' | '(' | '['));
            if boundary && c == '.' && !ends_sentence(s, &chars, i, k) {
                i += 1;
                continue;
            }
            if boundary {
                let end = chars.get(j).map_or(s.len(), |&(b, _)| b);
                push_trimmed(&mut out, block.start, s, start, end);
                start = chars[k].0;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(&mut out, block.start, s, start, s.len());
    out
}

/// Decides whether the period at `i` closes a sentence, given the next word starts at `k`.
fn ends_sentence(s: &str, chars: &[(usize, char)], i: usize, k: usize) -> bool {
    // The word before the period, also when a bracket is glued to it ("(ISRO)Dr. S. Nair").
    let mut w = i;
    while w > 0 && !chars[w - 1].1.is_whitespace() && !matches!(chars[w - 1].1, '(' | ')' | '[' | ']' | '"' | '“') {
        w -= 1;
    }
    let word = &s[chars[w].0..chars[i].0];
    let bare = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if ABBREVIATIONS.contains(&bare) {
        return false;
    }
    // A single capital initial: "John F. Kennedy".
    if bare.chars().count() == 1 && bare.chars().all(char::is_uppercase) {
        return false;
    }
    // Dotted abbreviations like "U.S." or "D.C." end a sentence only when the
    // next word could not continue a name ("U.S. Secretary" goes on).
    let last_part = bare.rsplit(['-', '\u{2013}']).next().unwrap_or(bare);
    if last_part.contains('.') && last_part.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
        let next_word: String = chars[k..].iter().map(|&(_, c)| c).take_while(|c| c.is_alphanumeric()).collect();
        return SENTENCE_STARTERS.contains(&next_word.as_str());
    }
    true
}

/// Words that, after "U.S." or "D.C.", show that a new sentence begins.
static SENTENCE_STARTERS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| crate::lexicon::word_list(include_str!("../data/sentence_starters.txt")));

fn push_trimmed(out: &mut Vec<Span>, base: usize, s: &str, a: usize, b: usize) {
    let piece = &s[a..b];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(Span { start: base + a + lead, end: base + b - trail });
    }
}

/// Converts a byte offset of `text` into a Unicode code point offset.
pub fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// Code point offsets of a set of byte offsets, found in one pass over the text.
#[derive(Debug)]
pub struct CharOffsets {
    bytes: Vec<usize>,
    chars: Vec<usize>,
}

impl CharOffsets {
    /// Counts the code points before each of `bytes` (char boundaries of `text`).
    pub fn new(text: &str, bytes: impl IntoIterator<Item = usize>) -> CharOffsets {
        let mut bytes: Vec<usize> = bytes.into_iter().collect();
        bytes.sort_unstable();
        bytes.dedup();
        let mut chars = Vec::with_capacity(bytes.len());
        let (mut at, mut count) = (0, 0);
        for &b in &bytes {
            count += text[at..b].chars().count();
            at = b;
            chars.push(count);
        }
        CharOffsets { bytes, chars }
    }

    /// The code point offset of a byte offset given to [`CharOffsets::new`].
    ///
    /// # Panics
    /// For a byte offset that was not given.
    pub fn get(&self, byte: usize) -> usize {
        match self.bytes.binary_search(&byte) {
            Ok(i) => self.chars[i],
            Err(_) => panic!("byte offset {byte} was not given to CharOffsets::new"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        sentences(s, Span { start: 0, end: s.len() }).into_iter().map(|sp| &s[sp.start..sp.end]).collect()
    }

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s, Span { start: 0, end: s.len() }).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn sentences_do_not_break_on_abbreviations() {
        let s = "U.S. Secretary of State Antony Blinken met Dr. Smith in Washington, D.C. on Monday. \
                 The talks went well. They met John F. Kennedy's heirs.";
        assert_eq!(
            split(s),
            vec![
                "U.S. Secretary of State Antony Blinken met Dr. Smith in Washington, D.C. on Monday.",
                "The talks went well.",
                "They met John F. Kennedy's heirs."
            ]
        );
        // A title glued to a closing bracket is still a title.
        let s = "The director of the centre (HSFC)Dr. S. Nair signed it.";
        assert_eq!(split(s), vec![s]);
    }

    #[test]
    fn sentence_may_end_with_dotted_abbreviation() {
        let s = "The stations are on U.S. territory. The ROK will host it.";
        assert_eq!(split(s), vec!["The stations are on U.S. territory.", "The ROK will host it."]);
        let s =
            "Article V of the Japan-U.S. Security Treaty applies. It was held in the U.S. The next one is in Seoul.";
        assert_eq!(
            split(s),
            vec![
                "Article V of the Japan-U.S. Security Treaty applies.",
                "It was held in the U.S.",
                "The next one is in Seoul."
            ]
        );
    }

    #[test]
    fn quotes_close_sentences() {
        let s = "He said “it works.” Then he left.";
        assert_eq!(split(s), vec!["He said “it works.”", "Then he left."]);
    }

    #[test]
    fn tokens_keep_abbreviations_and_split_possessives() {
        assert_eq!(
            toks("NASA’s U.S.-ROK talks in Washington, D.C., with Yoon Suk-yeol's team"),
            vec![
                "NASA",
                "’s",
                "U.S.-ROK",
                "talks",
                "in",
                "Washington",
                ",",
                "D.C.",
                ",",
                "with",
                "Yoon",
                "Suk-yeol",
                "'s",
                "team"
            ]
        );
        assert_eq!(toks("Chang'e (L4)."), vec!["Chang'e", "(", "L4", ")", "."]);
        assert_eq!(toks("the partners' plans"), vec!["the", "partners", "'", "plans"]);
        assert_eq!(toks("the US’ NASA"), vec!["the", "US", "’", "NASA"]);
    }

    #[test]
    fn long_runs_are_cut_into_sentences_of_bounded_length() {
        let run: String = (0..1000).map(|i| format!("Agency{i} (A{i}), ")).collect();
        let pieces = split(&run);
        assert!(pieces.len() > 1, "{}", pieces.len());
        for p in &pieces {
            let n = toks(p).len();
            assert!(n <= MAX_SENTENCE_TOKENS, "{n} tokens");
            // Cut after a comma, never inside an acronym definition.
            assert!(p.ends_with(',') || *p == *pieces.last().unwrap(), "{p}");
        }
        // Every token is in exactly one piece.
        assert_eq!(pieces.iter().map(|p| toks(p).len()).sum::<usize>(), toks(&run).len());
        // A run with nowhere soft to cut is cut at the cap.
        let words = "word ".repeat(3 * MAX_SENTENCE_TOKENS);
        assert_eq!(split(&words).iter().map(|p| toks(p).len()).collect::<Vec<_>>(), vec![MAX_SENTENCE_TOKENS; 3]);
    }

    #[test]
    fn token_bound_is_never_below_the_token_count() {
        for s in ["NASA’s U.S.-ROK talks, D.C.", "Chang'e (L4).", "the partners' plans", "a.b.c.d. ((x))", "“Ab” c"]
        {
            assert!(token_bound(s) >= toks(s).len(), "{s}");
        }
    }

    #[test]
    fn a_word_of_many_periods_tokenises_in_linear_time() {
        // Each period used to copy the word so far: quadratic in the word's length.
        let word = "A.".repeat(200_000);
        assert_eq!(toks(&word), vec![word.as_str()]);
    }

    #[test]
    fn char_offsets_count_code_points() {
        let s = "“Ab” c";
        assert_eq!(char_offset(s, s.find('c').unwrap()), 5);
        let c = s.find('c').unwrap();
        let offsets = CharOffsets::new(s, [c, 0, s.len(), c]);
        assert_eq!((offsets.get(0), offsets.get(c), offsets.get(s.len())), (0, 5, 6));
    }
}
