//! Article text in, typed entities and facts out.
//!
//! `orbitkg-extract` reads news articles about space cooperation: it drops
//! page boilerplate, splits sentences, finds entities (from a gazetteer of
//! known names, and from head words, acronym definitions, titles and name
//! rules for the names no list holds), resolves them to one entity per real
//! thing, and reads the relations between them, each with the sentence it
//! came from.
//!
//! It deliberately knows nothing of RDF, stores or files: per-article
//! extraction ([`extract_article`]) is a pure function, so it runs in
//! parallel, and cross-article resolution ([`resolve`]) is a separate,
//! deterministic stage over the per-article results.
//!
//! ```
//! use orbitkg_extract::{extract_article, input::from_text, resolve, Gazetteer};
//! let article = from_text("a.txt", b"NASA and ESA sign Gateway deal\n\n\
//!     NASA Administrator Bill Nelson met ESA Director General Josef Aschbacher in Paris.")?;
//! let corpus = resolve(vec![extract_article(article, Gazetteer::builtin())], Gazetteer::builtin());
//! assert!(corpus.entities.iter().any(|e| e.label == "Bill Nelson"));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

pub mod clause;
pub mod clean;
pub mod dates;
pub mod doc;
pub mod facts;
pub mod gazetteer;
pub mod input;
pub mod instruments;
pub mod lexicon;
pub mod model;
pub mod names;
pub mod ner;
pub mod record;
pub mod relations;
mod resolve;
pub(crate) mod rules;
pub mod text;
pub mod words;

pub use gazetteer::Gazetteer;
pub use model::{Attribute, Class, Evidence, Property, Status};
pub use record::{Record, RecordError, RecordHead};
pub use resolve::{
    Corpus, DocEntities, DocumentFacts, Entity, Fact, Resolution, document_facts, resolve, resolve_entities,
};

use input::Article;
use model::Span;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An entity as one article names it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleEntity {
    /// Its class.
    pub class: Class,
    /// The names it goes by in this article.
    pub names: BTreeSet<String>,
    /// Its gazetteer entry, when known.
    pub gazetteer: Option<usize>,
    /// For people: an order-free key of the full name.
    pub person_key: Option<String>,
    /// For people: the family name.
    pub surname: Option<String>,
    /// Whether this is an instrument the article describes but does not name
    /// (its one name is a descriptive label, see [`instruments::label`]).
    pub described: bool,
    /// For a government body not in the gazetteer: the label of the one
    /// country the article says it belongs to. Every country has its
    /// "Ministry of Foreign Affairs"; across articles, bodies of the same
    /// name join only when their countries agree.
    pub country: Option<String>,
}

/// A fact between two of an article's entities.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleFact {
    /// Subject (index into [`Extraction::entities`]).
    pub subject: usize,
    /// Property.
    pub property: Property,
    /// Object (index into [`Extraction::entities`]).
    pub object: usize,
    /// Evidence.
    pub evidence: Evidence,
}

/// A literal statement about one of an article's entities.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleAttribute {
    /// Subject (index into [`Extraction::entities`]).
    pub subject: usize,
    /// The value.
    pub attribute: Attribute,
    /// Evidence.
    pub evidence: Evidence,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    /// The article.
    pub article: Article,
    /// Its headline.
    pub title: Option<String>,
    /// Its publication date (ISO).
    pub date: Option<String>,
    /// Number of words read (after cleaning).
    pub words: usize,
    /// Its entities.
    pub entities: Vec<ArticleEntity>,
    /// Its facts.
    pub facts: Vec<ArticleFact>,
    /// Its literal statements.
    pub attributes: Vec<ArticleAttribute>,
    /// The length in bytes of the article's text when it was longer than
    /// [`MAX_ARTICLE_BYTES`] and was cut (the text kept is in `article`).
    pub cut_from: Option<usize>,
}

/// The most text of one article that is read: 2 MiB (some 350,000 words, a
/// long book; the longest news articles are a twentieth of it). A longer
/// article is cut at the last sentence or line end before it, and
/// [`Extraction::cut_from`] says so, so that a scraped dump of a whole site in
/// one file costs seconds and a warning rather than minutes and gigabytes.
pub const MAX_ARTICLE_BYTES: usize = 2 << 20;

/// Where to cut a text longer than `max` bytes: after the last line end or
/// sentence end (`.`, `!`, `?` before whitespace) in its last 64 KiB before
/// `max`, else at the last whitespace there, else at a character boundary.
pub fn cut_point(text: &str, max: usize) -> usize {
    if text.len() <= max {
        return text.len();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut from = end.saturating_sub(64 << 10);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text.as_bytes()[from..end];
    let sentence_end = window
        .windows(2)
        .rposition(|w| w[0] == b'\n' || matches!(w[0], b'.' | b'!' | b'?') && w[1].is_ascii_whitespace());
    if let Some(i) = sentence_end {
        return from + i + 1;
    }
    match window.iter().rposition(u8::is_ascii_whitespace) {
        Some(i) => from + i,
        None => end,
    }
}

/// Extracts entities and facts from one article. Pure and deterministic.
///
/// Only its first [`MAX_ARTICLE_BYTES`] are read (see [`cut_point`]).
pub fn extract_article(mut article: Article, gaz: &Gazetteer) -> Extraction {
    let cut_from = (article.text.len() > MAX_ARTICLE_BYTES).then_some(article.text.len());
    if cut_from.is_some() {
        let at = cut_point(&article.text, MAX_ARTICLE_BYTES);
        article.text.truncate(at);
        article.text.shrink_to_fit();
    }
    extract_whole(article, gaz, cut_from)
}

/// Tags an article's sentences: the names in them (`ner::names`), the
/// instruments it describes or refers to (`instruments::tag`), then the
/// generic references to what it named (`ner::refer_back`).
pub fn tag<'a>(text: &'a str, sentence_spans: &[(Span, bool)], gaz: &Gazetteer) -> ner::Tagged<'a> {
    let mut tagged = ner::names(text, sentence_spans, gaz);
    instruments::tag(&mut tagged, gaz);
    ner::refer_back(&mut tagged);
    tagged
}

/// Extracts entities and facts from the whole of one article.
fn extract_whole(article: Article, gaz: &Gazetteer, cut_from: Option<usize>) -> Extraction {
    let text = article.text.as_str();
    let cleaned = clean::clean(text);
    let spans = sentence_spans(text, &cleaned);
    let title = article.title.clone().or_else(|| cleaned.title.map(|t| text[t.start..t.end].to_string()));
    let date = article
        .date
        .clone()
        .or_else(|| cleaned.blocks.iter().take(6).find_map(|b| dates::dateline(&text::tokenize(text, *b))));
    let year = date.as_deref().and_then(|d| d.get(..4)).and_then(|y| y.parse().ok());
    let words = spans.iter().map(|(s, _)| text[s.start..s.end].split_whitespace().count()).sum();
    let mut tagged = tag(text, &spans, gaz);
    let (mut facts, mut attrs) = relations::extract(&mut tagged, gaz, year);
    let dropped = label_instruments(&mut tagged.table, &mut facts, &mut attrs, gaz);
    let (index, mut entities) = compact_entities(&tagged, &facts, &attrs, &dropped);
    let (facts, attributes) = with_evidence(text, &tagged, &index, &facts, &attrs);
    set_body_countries(&mut entities, &facts, gaz);
    Extraction { article, title, date, words, entities, facts, attributes, cut_from }
}

/// The sentences of the cleaned text's blocks, each marked when it is the
/// headline's (a headline is cut at its capitalised runs, not at full stops).
fn sentence_spans(text: &str, cleaned: &clean::Cleaned) -> Vec<(Span, bool)> {
    let mut spans: Vec<(Span, bool)> = Vec::new();
    for b in &cleaned.blocks {
        let is_title = cleaned.title == Some(*b);
        if is_title {
            spans.extend(text::capped(text, *b).into_iter().map(|s| (s, true)));
        } else {
            spans.extend(text::sentences(text, *b).into_iter().map(|s| (s, false)));
        }
    }
    spans
}

/// The article's entities, one slot per representative that is used (and
/// not dropped), with the index from representative to slot.
fn compact_entities(
    tagged: &ner::Tagged<'_>,
    facts: &[facts::LocalFact],
    attrs: &[facts::LocalAttr],
    dropped: &BTreeSet<usize>,
) -> (BTreeMap<usize, usize>, Vec<ArticleEntity>) {
    let table = &tagged.table;
    let mut used: BTreeSet<usize> = BTreeSet::new();
    for s in &tagged.sentences {
        for m in &s.mentions {
            if !dropped.contains(&table.find(m.entity)) {
                used.insert(table.find(m.entity));
            }
        }
    }
    for f in facts {
        used.insert(table.find(f.subject));
        used.insert(table.find(f.object));
    }
    for a in attrs {
        used.insert(table.find(a.subject));
    }
    let index: BTreeMap<usize, usize> = used.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let entities: Vec<ArticleEntity> = used
        .iter()
        .map(|&r| {
            let e = table.get(r);
            ArticleEntity {
                class: e.class,
                names: e.names.iter().map(|n| tidy_name(n)).filter(|n| !n.is_empty()).collect(),
                gazetteer: e.gaz,
                person_key: e.person.as_ref().map(doc::PersonName::key),
                surname: e.person.as_ref().map(|p| p.surname.clone()),
                described: e.described.is_some(),
                country: None,
            }
        })
        .collect();
    (index, entities)
}

/// The article's facts and attributes between its compacted entities, each
/// with the sentence that states it; one per sentence.
fn with_evidence(
    text: &str,
    tagged: &ner::Tagged<'_>,
    index: &BTreeMap<usize, usize>,
    facts: &[facts::LocalFact],
    attrs: &[facts::LocalAttr],
) -> (Vec<ArticleFact>, Vec<ArticleAttribute>) {
    let table = &tagged.table;
    // Code point offsets of every sentence's ends, counted in one pass over
    // the text (counting from the start for each fact was quadratic).
    let offsets = text::CharOffsets::new(text, tagged.sentences.iter().flat_map(|s| [s.span.start, s.span.end]));
    let evidence = |si: usize, rule: &'static str, confidence: f32, status: Option<model::Status>| {
        let sp = tagged.sentences[si].span;
        Evidence {
            sentence: text[sp.start..sp.end].to_string(),
            start: offsets.get(sp.start),
            end: offsets.get(sp.end),
            rule: rule.into(),
            confidence,
            status,
        }
    };
    let mut out_facts: Vec<ArticleFact> = facts
        .iter()
        .map(|f| ArticleFact {
            subject: index[&table.find(f.subject)],
            property: f.property,
            object: index[&table.find(f.object)],
            evidence: evidence(f.sentence, f.rule, f.confidence, f.status),
        })
        .collect();
    model::one_per_sentence(&mut out_facts, |f| (f.subject, f.property, f.object, &f.evidence));
    let mut out_attrs: Vec<ArticleAttribute> = attrs
        .iter()
        .map(|a| ArticleAttribute {
            subject: index[&table.find(a.subject)],
            attribute: a.attr.clone(),
            evidence: evidence(a.sentence, a.rule, a.confidence, None),
        })
        .collect();
    out_attrs
        .sort_by(|a, b| (a.subject, &a.attribute, a.evidence.start).cmp(&(b.subject, &b.attribute, b.evidence.start)));
    out_attrs
        .dedup_by(|a, b| (a.subject, &a.attribute, a.evidence.start) == (b.subject, &b.attribute, b.evidence.start));
    (out_facts, out_attrs)
}

/// Sets [`ArticleEntity::country`] from the article's `country` facts.
fn set_body_countries(entities: &mut [ArticleEntity], facts: &[ArticleFact], gaz: &Gazetteer) {
    let mut countries: Vec<BTreeSet<String>> = vec![BTreeSet::new(); entities.len()];
    for f in facts.iter().filter(|f| f.property == Property::Country) {
        let o = &entities[f.object];
        if let Some(g) = o.gazetteer.filter(|&g| gaz.entry(g).class == Class::Country) {
            countries[f.subject].insert(gaz.entry(g).label.clone());
        }
    }
    for (e, c) in entities.iter_mut().zip(countries) {
        if e.class == Class::GovernmentBody && e.gazetteer.is_none() && c.len() == 1 {
            let country = c.into_iter().next();
            // "the Ministry of Foreign Affairs, … for Japan": the body the
            // gazetteer lists as "Ministry of Foreign Affairs of Japan".
            let listed = country.as_deref().and_then(|c| {
                e.names.iter().find_map(|n| {
                    gaz.lookup(&format!("{n} of {c}")).filter(|&g| {
                        let entry = gaz.entry(g);
                        entry.class == Class::GovernmentBody && entry.country.as_deref() == Some(c)
                    })
                })
            });
            match listed {
                Some(g) => e.gazetteer = Some(g),
                None => e.country = country,
            }
        }
    }
}

/// Gives each described instrument its descriptive label; returns the ones
/// with no party, which are dropped with their facts.
fn label_instruments(
    table: &mut doc::EntityTable,
    facts: &mut Vec<facts::LocalFact>,
    attrs: &mut Vec<facts::LocalAttr>,
    gaz: &Gazetteer,
) -> BTreeSet<usize> {
    merge_repeated_signings(table, facts);
    let signed = facts_by_instrument(table, facts, Property::Signed);
    let concerns = facts_by_instrument(table, facts, Property::Concerns);
    let mut dropped = BTreeSet::new();
    for r in table.roots() {
        let Some(d) = table.get(r).described.clone() else { continue };
        let parties: Vec<String> = signed
            .get(&r)
            .into_iter()
            .flatten()
            .map(|&i| &facts[i])
            .filter(|f| table.get(f.subject).class.is_actor())
            .map(|f| display_name(table, gaz, table.find(f.subject)))
            .collect();
        let mut topics: Vec<String> = concerns
            .get(&r)
            .into_iter()
            .flatten()
            .map(|&i| display_name(table, gaz, table.find(facts[i].object)))
            .collect();
        topics.sort();
        match instruments::label(&parties, &d, &topics) {
            Some(label) => {
                // The words the article called it by ("joint declaration", "Letter
                // of Intent") stay as other names; an all-caps "MOU" names nothing.
                let e = table.get_mut(r);
                let mut names: BTreeSet<String> = e.names.iter().filter(|n| !text::is_all_caps(n)).cloned().collect();
                names.insert(label);
                e.names = names;
            }
            None => {
                dropped.insert(r);
            }
        }
    }
    facts.retain(|f| !dropped.contains(&table.find(f.subject)) && !dropped.contains(&table.find(f.object)));
    attrs.retain(|a| !dropped.contains(&table.find(a.subject)));
    dropped
}

/// How an entity is called in an instrument's label: an organisation by its
/// acronym, a listed entity by its label, others by their longest name.
fn display_name(table: &doc::EntityTable, gaz: &Gazetteer, e: usize) -> String {
    let ent = table.get(e);
    let short = ent
        .names
        .iter()
        .filter(|n| text::is_all_caps(n) && !n.contains(' ') && n.len() >= 2)
        .min_by_key(|n| (n.len(), (*n).clone()));
    match (ent.class.is_organization(), short, ent.gaz) {
        (true, Some(s), _) => s.clone(),
        (_, _, Some(g)) => gaz.entry(g).label.clone(),
        _ => ent.names.iter().max_by_key(|n| (n.len(), (*n).clone())).cloned().unwrap_or_default(),
    }
}

/// Facts of `property` indexed by the instrument they name (searching every
/// fact for every instrument was quadratic).
fn facts_by_instrument(
    table: &doc::EntityTable,
    facts: &[facts::LocalFact],
    property: Property,
) -> HashMap<usize, Vec<usize>> {
    let mut index: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, f) in facts.iter().enumerate().filter(|(_, f)| f.property == property) {
        let r = if property == Property::Signed { f.object } else { f.subject };
        index.entry(table.find(r)).or_default().push(i);
    }
    index
}

/// An article that tells of one signing twice ("have signed an agreement ...
/// signed this agreement") describes one instrument: described instruments
/// of one family signed by the same parties are merged.
fn merge_repeated_signings(table: &mut doc::EntityTable, facts: &[facts::LocalFact]) {
    let signed = facts_by_instrument(table, facts, Property::Signed);
    let party_set = |table: &doc::EntityTable, r: usize| -> BTreeSet<usize> {
        signed
            .get(&r)
            .into_iter()
            .flatten()
            .map(|&i| table.find(facts[i].subject))
            .filter(|&p| table.get(p).class.is_actor())
            .collect()
    };
    let mut groups: BTreeMap<(BTreeSet<usize>, &str), Vec<usize>> = BTreeMap::new();
    for r in table.roots() {
        let Some(d) = &table.get(r).described else { continue };
        let parties = party_set(table, r);
        if !parties.is_empty() {
            groups.entry((parties, instruments::family(d.kind))).or_default().push(r);
        }
    }
    for members in groups.values() {
        for &m in &members[1..] {
            let topic = table.get(m).described.as_ref().and_then(|d| d.topic.clone());
            let keep = table.union(members[0], m);
            if let Some(d) = table.get_mut(keep).described.as_mut() {
                d.topic = d.topic.take().or(topic);
            }
        }
    }
}

/// Names as labels: no leading "the", no possessive, straight spacing.
fn tidy_name(n: &str) -> String {
    let n = n.trim();
    let n = n.strip_prefix("the ").or_else(|| n.strip_prefix("The ")).unwrap_or(n);
    let n = n.trim_end_matches("’s").trim_end_matches("'s");
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_articles_are_cut_at_a_sentence_end() {
        let text = "One sentence here. Another one there. And a third";
        assert_eq!(&text[..cut_point(text, 40)], "One sentence here. Another one there.");
        assert_eq!(&text[..cut_point(text, 14)], "One sentence");
        assert_eq!(cut_point(text, 1000), text.len());
        assert_eq!(&"ééé"[..cut_point("ééé", 3)], "é", "a character is never split");
        // Blank lines cost nothing to read, so the test is quick in a debug build.
        let long = format!(
            "Kenya joins\n\nKenya joined the Artemis Accords.{}Chile joined too.",
            "\n".repeat(MAX_ARTICLE_BYTES)
        );
        let x = extract_article(input::from_text("t.txt", long.as_bytes()).unwrap(), Gazetteer::builtin());
        assert_eq!(x.cut_from, Some(long.len()));
        assert!(x.article.text.len() <= MAX_ARTICLE_BYTES && !x.article.text.contains("Chile"));
        let names: Vec<&String> = x.entities.iter().flat_map(|e| &e.names).collect();
        assert!(names.iter().any(|n| *n == "Kenya") && !names.iter().any(|n| *n == "Chile"), "{names:?}");
        let short = extract_article(input::from_text("t.txt", b"Kenya joined.").unwrap(), Gazetteer::builtin());
        assert_eq!(short.cut_from, None);
    }

    fn entities(text: &str) -> Vec<(Class, String)> {
        let a = input::from_text("t.txt", text.as_bytes()).unwrap();
        let x = extract_article(a, Gazetteer::builtin());
        x.entities.iter().flat_map(|e| e.names.iter().map(move |n| (e.class, n.clone()))).collect()
    }

    #[test]
    fn an_acronym_defined_in_the_text_overrides_the_gazetteer() {
        let e =
            entities("Navies share data\n\nMaritime Domain Awareness (MDA) cooperation was explored by both navies.");
        assert!(!e.iter().any(|(c, _)| *c == Class::Company), "{e:?}");
        let e = entities("Canada builds arm\n\nThe robotic arm was built by MDA for the Canadian Space Agency.");
        assert!(e.iter().any(|(c, n)| *c == Class::Company && n == "MDA"), "{e:?}");
    }

    #[test]
    fn headline_verbs_end_names() {
        let e = entities("Space Agencies Agree on Lunar Data Program, Kenya Signs Gateway Deal\n\nKenya joined.");
        assert!(!e.iter().any(|(_, n)| n.contains("Agree") || n.contains("Signs")), "{e:?}");
    }

    #[test]
    fn places_inside_title_case_topics_are_not_places() {
        let e = entities("Talks\n\nThey discussed Earth Observation and Space Exploration in Tokyo.");
        assert!(!e.iter().any(|(_, n)| n == "Earth"), "{e:?}");
        assert!(e.iter().any(|(c, n)| *c == Class::Place && n == "Tokyo"), "{e:?}");
    }

    #[test]
    fn countries_the_article_never_names_are_not_added() {
        let e = entities("Ministers meet\n\nEuropean Union ministers met in Brussels with ESA.");
        assert!(!e.iter().any(|(c, _)| *c == Class::Country), "{e:?}");
        let e = entities("Ministers meet\n\nBelgian and EU ministers met in Brussels.");
        assert!(e.iter().any(|(c, n)| *c == Class::Country && n == "Belgium"), "{e:?}");
    }

    #[test]
    fn people_sharing_a_surname_stay_apart() {
        let text = "Two Yoons\n\nPresident Yoon Suk Yeol met KASA Administrator Yoon Young-bin in Sacheon. \
                    Yoon said the agency would grow.";
        let a = input::from_text("t.txt", text.as_bytes()).unwrap();
        let x = extract_article(a, Gazetteer::builtin());
        let people: Vec<&ArticleEntity> = x.entities.iter().filter(|e| e.class == Class::Person).collect();
        assert_eq!(people.len(), 2, "{people:?}");
        assert!(
            people.iter().all(|p| !p.names.contains("Yoon")),
            "an ambiguous surname is left unresolved: {people:?}"
        );
    }

    fn corpus(texts: &[(&str, &str)]) -> Corpus {
        let xs = texts
            .iter()
            .map(|(name, text)| extract_article(input::from_text(name, text.as_bytes()).unwrap(), Gazetteer::builtin()))
            .collect();
        resolve(xs, Gazetteer::builtin())
    }

    fn label_of<'c>(c: &'c Corpus, name: &str) -> Vec<&'c str> {
        c.entities.iter().filter(|e| e.label == name || e.alt_labels.contains(name)).map(|e| e.label.as_str()).collect()
    }

    #[test]
    fn an_acronym_binds_to_its_own_article_expansion() {
        let c = corpus(&[
            (
                "cairo.txt",
                "Cairo centre opens\n\nThe Egyptian Space Agency (ESA) opened a satellite test centre. \
                 ESA will use it for its next satellites.",
            ),
            ("paris.txt", "Rover news\n\nESA and NASA signed an agreement on the Rosalind Franklin rover."),
            ("riyadh.txt", "Kenya plans\n\nThe Kenya Space Agency (KSA) met officials. KSA plans a satellite."),
        ]);
        let esa = label_of(&c, "ESA");
        assert_eq!(esa.len(), 2, "the two ESAs stay two nodes: {esa:?}");
        assert!(esa.contains(&"Egyptian Space Agency"), "{esa:?}");
        let cairo = &c.documents.iter().find(|d| d.article.source.contains("cairo")).unwrap();
        assert!(
            cairo
                .mentions
                .keys()
                .all(|&e| c.entities[e].label != "ESA" && c.entities[e].label != "European Space Agency"),
            "the Cairo article never names the European agency"
        );
        let riyadh = &c.documents.iter().find(|d| d.article.source.contains("riyadh")).unwrap();
        assert!(
            riyadh.mentions.keys().all(|&e| c.entities[e].class != Class::Country),
            "KSA is the agency there, not Saudi Arabia"
        );
    }
}
