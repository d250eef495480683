//! Instruments that an article describes instead of naming: "signed a
//! memorandum of understanding on ...", "inked an implementing arrangement",
//! "the joint statement". Each becomes an agreement of its own with a
//! descriptive label (parties, kind, topic), and later references ("the MoU",
//! "this agreement") find the instrument they mean.
//!
//! The kinds are data (`data/instruments.tsv`). A described instrument never
//! merges into a named one: it has no name to share, and across articles it
//! joins only an instrument with the same descriptive label.

use crate::doc::{Described, LocalEntity};
use crate::gazetteer::Gazetteer;
use crate::lexicon::NOT_NAME_WORDS;
use crate::model::Class;
use crate::ner::{Kind, Mention, Tagged, named_entity};
use crate::text::Shape;
use crate::words::{WordClass, is_word};
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// A word sequence that describes an instrument.
#[derive(Debug)]
struct KindWords {
    words: Vec<String>,
    kind: &'static str,
    family: &'static str,
}

static KINDS: LazyLock<Vec<KindWords>> = LazyLock::new(|| {
    let mut v: Vec<KindWords> = include_str!("../data/instruments.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cells: Vec<&'static str> = l.split('\t').map(str::trim).collect();
            assert_eq!(cells.len(), 3, "instruments.tsv: three columns expected in {l:?}");
            KindWords {
                words: cells[0].split_whitespace().map(String::from).collect(),
                kind: cells[1],
                family: cells[2],
            }
        })
        .collect();
    v.sort_by_key(|k| std::cmp::Reverse(k.words.len()));
    v
});

/// Words that end the words before a kind (they belong to the clause, not the phrase).
const NOT_MODIFIERS: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
    "such",
    "and",
    "or",
    "of",
    "on",
    "for",
    "with",
    "to",
    "in",
    "at",
    "by",
    "from",
    "as",
    "signed",
    "sign",
    "signs",
    "signing",
    "inked",
    "ink",
    "concluded",
    "conclude",
    "adopted",
    "adopt",
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "be",
    "will",
    "would",
    "which",
    "who",
    "under",
    "into",
    "between",
    "after",
    "before",
    "said",
    "also",
    "updated",
];

/// The kinds by their first word, longest first.
static KINDS_BY_FIRST: LazyLock<crate::words::WordMap<Vec<&'static KindWords>>> = LazyLock::new(|| {
    let mut m: crate::words::WordMap<Vec<&'static KindWords>> = Default::default();
    for kw in KINDS.iter() {
        m.entry(kw.words[0].as_str()).or_default().push(kw);
    }
    m
});

fn kind_at(words: &[String], k: usize) -> Option<(usize, &'static KindWords)> {
    KINDS_BY_FIRST.get(words.get(k)?.as_str())?.iter().find_map(|kw| {
        let end = k + kw.words.len();
        (end <= words.len() && words[k..end] == kw.words[..]).then_some((end, *kw))
    })
}

fn signing_cue(words: &[String]) -> bool {
    const CUES: &[WordClass] = &[WordClass::Sign, WordClass::SignNoun];
    words.iter().any(|w| crate::words::is_word_of(CUES, w))
}

/// How many of the instruments named last a reference ("the MoU", "this
/// agreement") may mean. Searching all of them for every reference was
/// quadratic in an article of thousands of signings; news articles name a
/// handful.
pub const MAX_INSTRUMENT_LOOKBACK: usize = 64;

/// Moves `e` to the end of the instruments named last, keeping at most
/// [`MAX_INSTRUMENT_LOOKBACK`] of them.
fn remember(seen: &mut Vec<usize>, e: usize) {
    seen.retain(|&x| x != e);
    seen.push(e);
    if seen.len() > MAX_INSTRUMENT_LOOKBACK {
        seen.remove(0);
    }
}

/// Finds described instruments and references to instruments, in reading
/// order, after every name of the article is known.
pub(crate) fn tag(tagged: &mut Tagged<'_>, gaz: &Gazetteer) {
    let mut reader = InstrumentReader { tagged, gaz, seen: Vec::new(), named_last: None };
    reader.seed_from_headlines();
    let sentences = &reader.tagged.sentences;
    let body: Vec<usize> = (0..sentences.len()).filter(|&i| !sentences[i].is_title).collect();
    let titles: Vec<usize> = (0..sentences.len()).filter(|&i| sentences[i].is_title).collect();
    for (i, in_title) in body.into_iter().map(|i| (i, false)).chain(titles.into_iter().map(|i| (i, true))) {
        reader.sentence(i, in_title);
    }
}

/// Reads one article's instruments in reading order.
struct InstrumentReader<'t, 'a> {
    tagged: &'t mut Tagged<'a>,
    gaz: &'t Gazetteer,
    /// The instruments named so far, the one named last at the end.
    seen: Vec<usize>,
    /// The instrument the text named last, and in which sentence.
    named_last: Option<(usize, usize)>,
}

/// A kind's words found in a sentence: "memorandum of understanding" at `k..end`.
struct KindFound<'w> {
    /// The sentence.
    i: usize,
    in_title: bool,
    k: usize,
    end: usize,
    kw: &'static KindWords,
    /// The sentence's words in lowercase.
    words: &'w [String],
    /// Whether the sentence tells of a signing.
    cue: bool,
}

impl InstrumentReader<'_, '_> {
    /// What the headline names is known before the body refers to it.
    fn seed_from_headlines(&mut self) {
        for s in self.tagged.sentences.iter().filter(|s| s.is_title) {
            for m in s.mentions.iter().filter(|m| self.tagged.table.get(m.entity).class == Class::Agreement) {
                let e = self.tagged.table.find(m.entity);
                if !self.seen.contains(&e) {
                    self.seen.push(e);
                }
            }
        }
    }

    fn sentence(&mut self, i: usize, in_title: bool) {
        let words: Vec<String> = self.tagged.sentences[i].tokens.iter().map(|t| t.text.to_lowercase()).collect();
        let cue = signing_cue(&words);
        let n = words.len();
        let mut k = 0;
        while k < n {
            let s = &self.tagged.sentences[i];
            let table = &self.tagged.table;
            if let Some(m) = s.mentions.iter().find(|m| m.start == k && table.get(m.entity).class == Class::Agreement) {
                let e = table.find(m.entity);
                k = m.end.max(k + 1);
                remember(&mut self.seen, e);
                self.named_last = Some((e, i));
                continue;
            }
            if s.mention_at(k).is_some() {
                k += 1;
                continue;
            }
            let Some((end, kw)) = kind_at(&words, k) else {
                k += 1;
                continue;
            };
            let found = KindFound { i, in_title, k, end, kw, words: &words, cue };
            if kw.family == "reference" {
                self.reference(&found);
            } else if !(k >= 1 && words[k - 1] == "in") {
                // "memoranda", "MoUs" do not match; neither does "agreement" followed by
                // "that"/"to" as a verb complement ("in agreement with").
                self.kind_words(&found);
            }
            k = end;
        }
    }

    /// "Dr. Peter Crabtree signed the document": a word that only refers
    /// to an instrument is the one named last, and never a new one.
    fn reference(&mut self, f: &KindFound<'_>) {
        let definite = f.k >= 1 && is_word(WordClass::Definite, &f.words[f.k - 1]);
        if let Some(&e) = self.seen.last().filter(|_| definite && !f.in_title) {
            self.tagged.sentences[f.i].insert(Mention { start: f.k, end: f.end, entity: e, kind: Kind::Generic });
        }
    }

    /// A kind's words with the modifiers before them: a named, described,
    /// referred-to or new instrument.
    fn kind_words(&mut self, f: &KindFound<'_>) {
        let s = &self.tagged.sentences[f.i];
        let table = &self.tagged.table;
        let j = modifiers_start(s, f.words, f.k);
        let det = j.checked_sub(1).map(|d| f.words[d].as_str());
        let indefinite = det.is_some_and(|d| is_word(WordClass::Indefinite, d));
        let modifiers = j..f.k;
        // Capitalised words that name nothing known: the instrument's own name
        // ("a Space Bridge agreement").
        let name_words: Vec<usize> = modifiers
            .clone()
            .filter(|&x| {
                let t = &s.tokens[x];
                s.mention_at(x).is_none()
                    && t.is_capitalized()
                    && !NOT_NAME_WORDS.contains(&t.text)
                    && !crate::lexicon::is_ordinal(t.text)
            })
            .collect();
        let actors: BTreeSet<usize> = modifiers
            .clone()
            .filter_map(|x| s.mention_at(x))
            .filter(|m| table.get(m.entity).class.is_actor())
            .map(|m| table.find(m.entity))
            .collect();
        let programs: Vec<usize> = modifiers
            .clone()
            .filter_map(|x| s.mention_at(x))
            .filter(|m| table.get(m.entity).class == Class::Program)
            .map(|m| m.entity)
            .collect();
        // "The Artemis Accords is an international agreement among …": an
        // instrument said to be one is described, not a new one.
        let copula = j >= 2 && is_word(WordClass::Copula, &f.words[j - 2]);
        let described_one = copula
            .then(|| s.mentions.iter().find(|m| m.end == j - 2 && table.get(m.entity).class == Class::Agreement))
            .flatten()
            .map(|m| table.find(m.entity));
        if let Some(e) = described_one.filter(|_| indefinite) {
            self.tagged.sentences[f.i].insert(Mention { start: f.k, end: f.end, entity: e, kind: Kind::Generic });
            remember(&mut self.seen, e);
            return;
        }
        let fresh = indefinite || modifiers.clone().any(|x| f.words[x] == "new");
        if let Some(e) = self.instrument(f, &name_words, fresh) {
            self.attach(f, e, programs, actors);
        }
    }

    /// The instrument a kind's words name, refer to or describe anew.
    fn instrument(&mut self, f: &KindFound<'_>, name_words: &[usize], fresh: bool) -> Option<usize> {
        let surface = crate::ner::span_text(&self.tagged.sentences[f.i], f.k, f.end);
        if !name_words.is_empty() && !f.in_title {
            return self.named_instrument(f, name_words, &surface);
        }
        if !fresh || f.in_title {
            return self.referred_instrument(f, &surface);
        }
        // "are signing a joint statement" after the article named its "Joint
        // Statement on ...": the article's own named instrument, not a listed treaty.
        let table = &self.tagged.table;
        let own = self.seen.iter().rev().copied().find(|&e| {
            let ent = table.get(e);
            ent.gaz.is_none() && ent.described.is_none() && named_with(ent, f.kw)
        });
        if let Some(e) = own {
            self.tagged.sentences[f.i].insert(Mention { start: f.k, end: f.end, entity: e, kind: Kind::Generic });
            return Some(e);
        }
        (f.cue || between_follows(f.words, f.end))
            .then(|| new_instrument(self.tagged, f.i, f.k, f.end, f.kw, &surface, f.words))
    }

    /// Named by its capitalised words: one name, like any other.
    fn named_instrument(&mut self, f: &KindFound<'_>, name_words: &[usize], surface: &str) -> Option<usize> {
        let first = *name_words.first()?;
        let last = *name_words.last()?;
        if name_words.len() != last - first + 1 {
            return None;
        }
        let name = format!("{} {}", crate::ner::span_text(&self.tagged.sentences[f.i], first, last + 1), surface);
        let e = named_entity(&mut self.tagged.table, self.gaz, Class::Agreement, &name, false);
        self.tagged.sentences[f.i].insert(Mention { start: first, end: f.end, entity: e, kind: Kind::Name });
        Some(e)
    }

    /// A reference: the latest instrument the words fit, or for a plain
    /// "agreement"/"deal", the latest instrument; a headline only when the
    /// article has one. A new instrument when none fits and a signing is told.
    fn referred_instrument(&mut self, f: &KindFound<'_>, surface: &str) -> Option<usize> {
        let table = &self.tagged.table;
        let fits = |e: usize| {
            let ent = table.get(e);
            let same_family = ent
                .described
                .as_ref()
                .is_some_and(|d| KINDS.iter().any(|k2| k2.kind == d.kind && k2.family == f.kw.family));
            named_with(ent, f.kw) || same_family
        };
        let found = if f.in_title {
            (self.seen.len() == 1).then(|| self.seen[0])
        } else {
            // "signed an agreement ... signed the Memorandum of Understanding": a
            // definite reference right after a described instrument is that
            // instrument; otherwise the latest one its words fit.
            let last = self.seen.last().copied();
            let generic = f.kw.family == "agreement" && f.kw.words.len() == 1;
            // "The Artemis Accords is an international agreement … Eight
            // nations signed the agreement": a bare "the agreement" right
            // after an instrument was named is that one.
            let just_named = self.named_last.filter(|&(e, at)| generic && at + 1 >= f.i && Some(e) == last);
            just_named
                .map(|(e, _)| e)
                .or_else(|| last.filter(|&l| table.get(l).described.is_some() || fits(l)))
                .or_else(|| self.seen.iter().rev().copied().find(|&e| fits(e)))
                .or(if generic { last } else { None })
        };
        match found {
            Some(e) => {
                self.tagged.sentences[f.i].insert(Mention { start: f.k, end: f.end, entity: e, kind: Kind::Generic });
                Some(e)
            }
            None if !f.in_title && (f.cue || between_follows(f.words, f.end)) => {
                Some(new_instrument(self.tagged, f.i, f.k, f.end, f.kw, surface, f.words))
            }
            None => None,
        }
    }

    /// Records what the words around an instrument say of it: the programs
    /// and parties in its modifiers, a bracketed short form.
    fn attach(&mut self, f: &KindFound<'_>, e: usize, programs: Vec<usize>, actors: BTreeSet<usize>) {
        let (i, end, words) = (f.i, f.end, f.words);
        let n = words.len();
        let e = self.tagged.table.find(e);
        for p in programs {
            self.tagged.inner.push((e, p, i));
        }
        if actors.len() >= 2 {
            self.tagged.parties.extend(actors.iter().map(|&a| (a, e, i)));
        }
        // "a Memorandum of Understanding (MOU)": the bracketed short form is the same.
        let s = &self.tagged.sentences[i];
        if end + 2 < n && words[end] == "(" && words[end + 2] == ")" && kind_at(words, end + 1).is_some() {
            self.tagged.sentences[i].insert(Mention { start: end + 1, end: end + 2, entity: e, kind: Kind::Generic });
        } else if end + 2 < n && words[end] == "(" && s.mention_at(end + 1).is_none() && !f.in_title {
            // Any other bracketed acronym is a name of it: "(TTC agreement)" stays out.
            let t = &s.tokens[end + 1];
            if words[end + 2] == ")" && t.is_all_caps() && t.text.len() <= 6 {
                let short = t.text.to_string();
                self.tagged.table.get_mut(e).names.insert(short);
                let m = Mention { start: end + 1, end: end + 2, entity: e, kind: Kind::Generic };
                self.tagged.sentences[i].insert(m);
            }
        }
        remember(&mut self.seen, e);
    }
}

/// Where the modifiers before a kind's words at `k` start: up to four words
/// back to a determiner.
fn modifiers_start(s: &crate::ner::Sentence<'_>, words: &[String], k: usize) -> usize {
    let mut j = k;
    while j > 0 && k - j < 4 {
        let t = &s.tokens[j - 1];
        let w = &words[j - 1];
        let ok = (t.shape == Shape::Word || t.shape == Shape::Number)
            && !NOT_MODIFIERS.contains(&w.as_str())
            && !(t.is_capitalized() && j - 1 == 0 && s.mention_at(j - 1).is_none());
        if !ok {
            break;
        }
        j -= 1;
    }
    j
}

/// Whether one of an entity's names holds every word of a kind ("Joint Statement on ...").
fn named_with(ent: &LocalEntity, kw: &KindWords) -> bool {
    ent.names.iter().any(|nm| {
        let nm = nm.to_lowercase();
        kw.words.iter().all(|w| nm.split(|c: char| !c.is_alphanumeric()).any(|x| x == w))
    })
}

fn between_follows(words: &[String], end: usize) -> bool {
    words.get(end).is_some_and(|w| w == "between")
}

fn new_instrument(
    tagged: &mut Tagged<'_>,
    si: usize,
    k: usize,
    end: usize,
    kw: &'static KindWords,
    surface: &str,
    words: &[String],
) -> usize {
    let topic = topic_phrase(tagged, si, end, words);
    let e = tagged.table.intern(format!("Agreement:described:{si}:{k}"), surface, || LocalEntity {
        class: Class::Agreement,
        names: BTreeSet::new(),
        gaz: None,
        person: None,
        weak_class: false,
        described: Some(Described { kind: kw.kind, topic }),
    });
    tagged.sentences[si].insert(Mention { start: k, end, entity: e, kind: Kind::Name });
    e
}

/// "on space cooperation", "concerning the museum": a few words after the kind,
/// up to the next clause word.
fn topic_phrase(tagged: &Tagged<'_>, si: usize, end: usize, words: &[String]) -> Option<String> {
    let s = &tagged.sentences[si];
    let mut k = end;
    if k + 2 < words.len() && words[k] == "(" {
        k = (k..words.len()).find(|&j| words[j] == ")")? + 1;
    }
    // "an agreement with JAXA concerning ...": past the other side.
    if words.get(k).is_some_and(|w| w == "with") {
        k = (k + 1..words.len().min(k + 10))
            .find(|&j| is_word(WordClass::TopicPreposition, &words[j]))
            .filter(|&j| (k + 1..j).all(|x| s.tokens[x].shape == Shape::Word || words[x] == "(" || words[x] == ")"))?;
    }
    let prep = words.get(k)?;
    if !is_word(WordClass::TopicPreposition, prep) {
        return None;
    }
    // "signed the MoU on behalf of SSC", "on the sidelines of": who or where, not what about.
    let (next, after) = (words.get(k + 1).map(String::as_str), words.get(k + 2).map(String::as_str));
    if prep == "on"
        && (next.is_some_and(|w| is_word(WordClass::NotTopic, w))
            || (next == Some("the") && after.is_some_and(|w| is_word(WordClass::NotTopic, w))))
    {
        return None;
    }
    let start = k + 1;
    let mut j = start;
    while j < words.len() && j - start < 7 {
        let w = words[j].as_str();
        let stop = is_word(WordClass::TopicEnd, w) && j > start;
        if stop || s.tokens[j].shape != Shape::Word && s.tokens[j].shape != Shape::Number {
            break;
        }
        // A date ends it: "on 16 May", "on Saturday".
        if j == start && (w.chars().all(|c| c.is_ascii_digit()) || crate::dates::is_weekday_or_month(w)) {
            return None;
        }
        if crate::dates::is_weekday_or_month(w) {
            break;
        }
        j += 1;
    }
    let mut from = start;
    if words.get(from).is_some_and(|w| w == "the") {
        from += 1;
    }
    (j > from).then(|| crate::ner::span_text(s, from, j))
}

/// The family of a kind ("mou", "statement", "agreement"): two descriptions of
/// one family between the same parties in one article are one instrument.
pub fn family(kind: &str) -> &'static str {
    KINDS.iter().find(|k| k.kind == kind).map_or("agreement", |k| k.family)
}

/// The descriptive label of a described instrument: its parties, its kind and
/// its topic ("CNES–ISRO memorandum of understanding on TRISHNA"). `None` when
/// the article names no party (such an instrument is not kept).
pub fn label(parties: &[String], described: &Described, topics: &[String]) -> Option<String> {
    if parties.is_empty() {
        return None;
    }
    let mut parties: Vec<&str> = parties.iter().map(String::as_str).collect();
    parties.sort_unstable();
    parties.dedup();
    let who = parties.join("\u{2013}");
    Some(match (topics.first(), &described.topic) {
        (Some(p), _) => format!("{who} {} on {p}", described.kind),
        (None, Some(t)) => format!("{who} {} on {t}", described.kind),
        (None, None) => format!("{who} {}", described.kind),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_parties_kind_and_topic() {
        let d = Described { kind: "memorandum of understanding", topic: None };
        let parties = vec!["NASA".to_string(), "ESA".to_string()];
        assert_eq!(
            label(&parties, &d, &["Gateway".to_string()]).as_deref(),
            Some("ESA\u{2013}NASA memorandum of understanding on Gateway")
        );
        assert_eq!(label(&parties, &d, &[]).as_deref(), Some("ESA\u{2013}NASA memorandum of understanding"));
        assert_eq!(label(&[], &d, &[]), None);
    }

    #[test]
    fn kinds_are_matched_longest_first() {
        let w: Vec<String> = "a memorandum of understanding on".split(' ').map(String::from).collect();
        let (end, kw) = kind_at(&w, 1).unwrap();
        assert_eq!((end, kw.kind), (4, "memorandum of understanding"));
    }
}
