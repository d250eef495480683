//! Extraction records: what one article yields, in a form that can be kept
//! (one JSON object per line) and read back without the article.
//!
//! A store keeps the record of every article it holds, so that adding,
//! replacing or removing articles re-runs only cross-article resolution
//! ([`crate::resolve`]) over the records, never extraction. Shards written
//! by separate machines are records too: their union is the corpus.
//!
//! The format is versioned ([`RECORD_VERSION`]). Gazetteer entries are named
//! by their canonical label, not by an index, so a record outlives a change
//! of the gazetteer's order. Each record also names the extractor that wrote
//! it ([`EXTRACTOR`]: the crate's version and a digest of its source and
//! data) and the gazetteer's [digest](Gazetteer::digest):
//! [`Record::check_origin`] refuses records from another build, whose union
//! with this build's records would not be the graph of one build.

use crate::gazetteer::Gazetteer;
use crate::input::Article;
use crate::model::{Attribute, Class, Evidence, Property};
use crate::{ArticleAttribute, ArticleEntity, ArticleFact, Extraction};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The version of the record format written by this build.
pub const RECORD_VERSION: u32 = 1;

/// The extractor of this build, as records name it: `orbitkg-extract
/// VERSION+DIGEST`, the digest covering the crate's source and data files
/// (rules, word lists, gazetteer), so that two builds that could extract
/// differently never share a name.
pub const EXTRACTOR: &str = concat!("orbitkg-extract ", env!("CARGO_PKG_VERSION"), "+", env!("ORBITKG_EXTRACT_DIGEST"));

/// One article's extraction, as kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Format version ([`RECORD_VERSION`]).
    pub v: u32,
    /// Where the article came from (a path relative to its input root, or a URL).
    pub source: String,
    /// Lowercase hex SHA-256 of the input bytes.
    pub sha256: String,
    /// Its headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its publication date (ISO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Words read.
    pub words: usize,
    /// The plain text, when it was derived from markup or JSON (and so is
    /// stored as `okg:text`); absent for plain-text files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The entities the article names.
    pub entities: Vec<RecordEntity>,
    /// Facts between them (indices into `entities`).
    #[serde(default)]
    pub facts: Vec<RecordFact>,
    /// Literal statements about them.
    #[serde(default)]
    pub attributes: Vec<RecordAttribute>,
    /// The extractor that wrote the record ([`EXTRACTOR`]); absent in
    /// records of earlier orbitkgs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extractor: Option<String>,
    /// The [digest](Gazetteer::digest) of the gazetteer it was read with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gazetteer: Option<String>,
}

/// An entity as one article names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordEntity {
    /// Its class.
    pub class: Class,
    /// The names it goes by in the article, sorted.
    pub names: Vec<String>,
    /// The canonical label of its gazetteer entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gazetteer: Option<String>,
    /// For people: the order-free key of the full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_key: Option<String>,
    /// For people: the family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    /// An instrument the article describes but does not name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub described: bool,
    /// See [`ArticleEntity::country`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// A fact between two of the record's entities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordFact {
    /// Subject (index into [`Record::entities`]).
    pub s: usize,
    /// Property.
    pub p: Property,
    /// Object (index into [`Record::entities`]).
    pub o: usize,
    /// Where it was read.
    pub evidence: Evidence,
}

/// A literal statement about one of the record's entities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordAttribute {
    /// Subject (index into [`Record::entities`]).
    pub s: usize,
    /// The value.
    pub attribute: Attribute,
    /// Where it was read.
    pub evidence: Evidence,
}

/// What resolution reads of a record: its identity and its entities. Reading
/// this instead of a whole [`Record`] skips the facts' evidence.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RecordHead {
    /// Format version.
    pub v: u32,
    /// See [`Record::source`].
    pub source: String,
    /// See [`Record::sha256`].
    pub sha256: String,
    /// See [`Record::entities`].
    pub entities: Vec<RecordEntity>,
}

/// A record that cannot be used.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum RecordError {
    /// Not a record at all.
    #[error("not an orbitkg extraction record: {0}")]
    Syntax(String),
    /// A record of a format this build does not read.
    #[error("record format version {found} (this orbitkg reads version {RECORD_VERSION})")]
    Version {
        /// The version found.
        found: u32,
    },
    /// A record written by another extractor or with another gazetteer.
    #[error(
        "record of {article} was written by {found}, and this orbitkg reads only records of {expected}: \
         extract its articles again with this orbitkg"
    )]
    Origin {
        /// The record's source.
        article: String,
        /// The extractor and gazetteer that wrote it.
        found: String,
        /// This build's extractor and gazetteer.
        expected: String,
    },
    /// An index that points past the entities.
    #[error("record of {article}: {what} refers to entity {index}, but it has {len}")]
    Index {
        /// The record's source.
        article: String,
        /// Which part.
        what: &'static str,
        /// The index.
        index: usize,
        /// How many entities there are.
        len: usize,
    },
}

impl RecordEntity {
    fn from_entity(e: &ArticleEntity, gaz: &Gazetteer) -> RecordEntity {
        RecordEntity {
            class: e.class,
            names: e.names.iter().cloned().collect(),
            gazetteer: e.gazetteer.map(|g| gaz.entry(g).label.clone()),
            person_key: e.person_key.clone(),
            surname: e.surname.clone(),
            described: e.described,
            country: e.country.clone(),
        }
    }

    /// The entity as extraction left it. A gazetteer label this build does
    /// not know leaves the entity unlinked (resolved by its names).
    pub fn to_entity(&self, gaz: &Gazetteer) -> ArticleEntity {
        ArticleEntity {
            class: self.class,
            names: self.names.iter().cloned().collect(),
            gazetteer: self.gazetteer.as_deref().and_then(|l| gaz.by_label(l)),
            person_key: self.person_key.clone(),
            surname: self.surname.clone(),
            described: self.described,
            country: self.country.clone(),
        }
    }
}

impl Record {
    /// The record of an extraction.
    pub fn from_extraction(x: &Extraction, gaz: &Gazetteer) -> Record {
        Record {
            v: RECORD_VERSION,
            source: x.article.source.clone(),
            sha256: x.article.sha256.clone(),
            title: x.title.clone(),
            date: x.date.clone(),
            words: x.words,
            text: x.article.text_is_derived.then(|| x.article.text.clone()),
            entities: x.entities.iter().map(|e| RecordEntity::from_entity(e, gaz)).collect(),
            facts: x
                .facts
                .iter()
                .map(|f| RecordFact { s: f.subject, p: f.property, o: f.object, evidence: f.evidence.clone() })
                .collect(),
            attributes: x
                .attributes
                .iter()
                .map(|a| RecordAttribute { s: a.subject, attribute: a.attribute.clone(), evidence: a.evidence.clone() })
                .collect(),
            extractor: Some(EXTRACTOR.to_string()),
            gazetteer: Some(gaz.digest().to_string()),
        }
    }

    /// Checks that the record was written by this build's extractor with
    /// `gaz`: records from shards extracted by another orbitkg (or with
    /// another gazetteer) would resolve and read differently.
    pub fn check_origin(&self, gaz: &Gazetteer) -> Result<(), RecordError> {
        if self.extractor.as_deref() == Some(EXTRACTOR) && self.gazetteer.as_deref() == Some(gaz.digest()) {
            return Ok(());
        }
        let origin = |x: Option<&str>, g: Option<&str>| match (x, g) {
            (Some(x), Some(g)) => format!("{x} with gazetteer {g}"),
            (Some(x), None) => format!("{x} with an unnamed gazetteer"),
            (None, _) => "an earlier orbitkg (no extractor named)".to_string(),
        };
        Err(RecordError::Origin {
            article: self.source.clone(),
            found: origin(self.extractor.as_deref(), self.gazetteer.as_deref()),
            expected: origin(Some(EXTRACTOR), Some(gaz.digest())),
        })
    }

    /// Parses one line of a record file.
    pub fn parse(line: &str) -> Result<Record, RecordError> {
        let r: Record = serde_json::from_str(line).map_err(|e| RecordError::Syntax(e.to_string()))?;
        r.check()?;
        Ok(r)
    }

    /// The record as one line of JSON (no newline).
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).expect("records serialise")
    }

    /// Checks the version and that every index points at an entity.
    pub fn check(&self) -> Result<(), RecordError> {
        if self.v != RECORD_VERSION {
            return Err(RecordError::Version { found: self.v });
        }
        let len = self.entities.len();
        let bad =
            |what: &'static str, index: usize| RecordError::Index { article: self.source.clone(), what, index, len };
        for f in &self.facts {
            for i in [f.s, f.o] {
                if i >= len {
                    return Err(bad("a fact", i));
                }
            }
        }
        for a in &self.attributes {
            if a.s >= len {
                return Err(bad("an attribute", a.s));
            }
        }
        Ok(())
    }

    /// The extraction this record keeps (the article's text is there only
    /// when it was derived).
    pub fn into_extraction(self, gaz: &Gazetteer) -> Extraction {
        let entities = self.entities.iter().map(|e| e.to_entity(gaz)).collect();
        Extraction {
            article: Article {
                source: self.source,
                title: None,
                date: None,
                text_is_derived: self.text.is_some(),
                text: self.text.unwrap_or_default(),
                sha256: self.sha256,
                guessed_encoding: None,
                replaced: None,
            },
            title: self.title,
            date: self.date,
            words: self.words,
            cut_from: None,
            entities,
            facts: self
                .facts
                .into_iter()
                .map(|f| ArticleFact { subject: f.s, property: f.p, object: f.o, evidence: f.evidence })
                .collect(),
            attributes: self
                .attributes
                .into_iter()
                .map(|a| ArticleAttribute { subject: a.s, attribute: a.attribute, evidence: a.evidence })
                .collect(),
        }
    }
}

impl RecordHead {
    /// Parses the head of one line of a record file.
    pub fn parse(line: &str) -> Result<RecordHead, RecordError> {
        let r: RecordHead = serde_json::from_str(line).map_err(|e| RecordError::Syntax(e.to_string()))?;
        if r.v != RECORD_VERSION {
            return Err(RecordError::Version { found: r.v });
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{extract_article, input};

    fn extraction(source: &str, text: &str) -> Extraction {
        extract_article(input::from_text(source, text.as_bytes()).unwrap(), Gazetteer::builtin())
    }

    #[test]
    fn a_record_gives_back_the_extraction() {
        let gaz = Gazetteer::builtin();
        let x = extraction(
            "a.txt",
            "NASA Administrator Bill Nelson and KASA Administrator Yoon Young-bin signed a joint statement on the \
             Artemis program in Washington on May 2, 2024.",
        );
        assert!(!x.facts.is_empty());
        let line = Record::from_extraction(&x, gaz).to_line();
        assert!(!line.contains('\n'));
        let back = Record::parse(&line).unwrap().into_extraction(gaz);
        assert_eq!(back.entities, x.entities);
        assert_eq!(back.facts, x.facts);
        assert_eq!(back.attributes, x.attributes);
        assert_eq!((back.title, back.date, back.words), (x.title, x.date, x.words));
        assert_eq!((&back.article.source, &back.article.sha256), (&x.article.source, &x.article.sha256));
    }

    #[test]
    fn bad_records_are_refused_with_a_reason() {
        let gaz = Gazetteer::builtin();
        let x = extraction("a.txt", "NASA and ESA signed an agreement on the Gateway.");
        let mut r = Record::from_extraction(&x, gaz);
        r.v = 99;
        assert_eq!(Record::parse(&r.to_line()), Err(RecordError::Version { found: 99 }));
        let mut r = Record::from_extraction(&x, gaz);
        r.facts.push(RecordFact { s: 0, p: Property::Signed, o: 40, evidence: x.facts[0].evidence.clone() });
        let e = Record::parse(&r.to_line()).unwrap_err().to_string();
        assert!(e.contains("a.txt") && e.contains("40"), "{e}");
        assert!(matches!(Record::parse("{\"v\":1}"), Err(RecordError::Syntax(_))));
    }

    #[test]
    fn records_of_another_extractor_or_gazetteer_are_refused() {
        let gaz = Gazetteer::builtin();
        let x = extraction("a.txt", "NASA and ESA signed an agreement on the Gateway.");
        let r = Record::from_extraction(&x, gaz);
        assert_eq!(r.check_origin(gaz), Ok(()));
        let back = Record::parse(&r.to_line()).unwrap();
        assert_eq!(back.check_origin(gaz), Ok(()));

        let mut other = r.clone();
        other.extractor = Some("orbitkg-extract 0.0.9+0123456789abcdef".into());
        let e = other.check_origin(gaz).unwrap_err().to_string();
        assert!(e.contains("a.txt") && e.contains("orbitkg-extract 0.0.9") && e.contains(EXTRACTOR), "{e}");

        let mut old = r.clone();
        (old.extractor, old.gazetteer) = (None, None);
        assert!(old.check_origin(gaz).unwrap_err().to_string().contains("earlier orbitkg"));

        // A gazetteer with one more entry is another gazetteer.
        let mut g2 = gaz.clone();
        let before = g2.digest().to_string();
        g2.add(crate::gazetteer::Entry {
            label: "Lunar Gateway Agency".into(),
            class: Class::SpaceAgency,
            qid: None,
            country: None,
            aliases: vec![],
            demonyms: vec![],
        });
        assert_ne!(g2.digest(), before);
        assert!(r.check_origin(&g2).unwrap_err().to_string().contains(g2.digest()));
    }

    #[test]
    fn heads_skip_the_facts() {
        let gaz = Gazetteer::builtin();
        let x = extraction("a.txt", "NASA and ESA signed an agreement on the Gateway.");
        let r = Record::from_extraction(&x, gaz);
        let head = RecordHead::parse(&r.to_line()).unwrap();
        assert_eq!(head.entities, r.entities);
        assert_eq!(head.source, "a.txt");
    }
}
