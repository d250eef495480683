//! What the relation rules of one article collect: facts and literal
//! statements between its local entities, checked against the vocabulary's
//! domains and resolved through its entity table. Both rule layers (the
//! window rules of [`crate::relations`] and the frame rules of `rules`) write
//! here.

use crate::doc::EntityTable;
use crate::model::{Attribute, Class, Property, Status};
use crate::ner::{Kind, Sentence};

/// A fact between two local entities.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalFact {
    /// Subject entity.
    pub subject: usize,
    /// Property.
    pub property: Property,
    /// Object entity.
    pub object: usize,
    /// Sentence index.
    pub sentence: usize,
    /// Rule name.
    pub rule: &'static str,
    /// Confidence.
    pub confidence: f32,
    /// Planned, ended or negated, when the sentence says so.
    pub status: Option<Status>,
}

/// A literal statement about a local entity.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalAttr {
    /// Subject entity.
    pub subject: usize,
    /// The value.
    pub attr: Attribute,
    /// Sentence index.
    pub sentence: usize,
    /// Rule name.
    pub rule: &'static str,
    /// Confidence.
    pub confidence: f32,
}

/// Collects facts, resolving entities through the table.
pub(crate) struct Out<'t> {
    pub(crate) table: &'t mut EntityTable,
    pub(crate) facts: Vec<LocalFact>,
    pub(crate) attrs: Vec<LocalAttr>,
    /// The program or agreement last joined, for a later "A and B signed up
    /// too" that leaves it unsaid.
    pub(crate) last_joined: Option<usize>,
    /// The one agreement the article names, if it names exactly one ("signed
    /// the accords on behalf of Nigeria").
    pub(crate) sole_agreement: Option<usize>,
    /// The meeting named last, for "This meeting was co-chaired by ...".
    pub(crate) last_meeting: Option<usize>,
    /// The countries and organisations named before the sentence read now.
    pub(crate) recent: Recent,
}

/// The countries and organisations an article named last (the last named
/// last), for "cooperation between the two countries", "both agencies".
#[derive(Debug, Default, Clone)]
pub(crate) struct Recent {
    pub(crate) countries: Vec<usize>,
    pub(crate) orgs: Vec<usize>,
}

/// How many of the organisations (and of the countries) named last the rules
/// keep in mind; they read the last two ("the two agencies").
const RECENT: usize = 4;

/// Moves `e` to the end of a list of the last [`RECENT`] distinct entities named.
fn touch(recent: &mut Vec<usize>, e: usize) {
    recent.retain(|&c| c != e);
    recent.push(e);
    if recent.len() > RECENT {
        recent.remove(0);
    }
}

impl<'t> Out<'t> {
    /// Nothing collected yet, over the article's entity table.
    pub(crate) fn new(table: &'t mut EntityTable) -> Self {
        Out {
            table,
            facts: Vec::new(),
            attrs: Vec::new(),
            last_joined: None,
            sole_agreement: None,
            last_meeting: None,
            recent: Recent::default(),
        }
    }

    /// Notes the countries and organisations sentence `s` names by name
    /// (not as a pair's part or a demonym).
    pub(crate) fn remember_named(&mut self, s: &Sentence<'_>) {
        for m in &s.mentions {
            if m.kind == Kind::PairPart || m.kind == Kind::Demonym {
                continue;
            }
            let e = self.table.find(m.entity);
            let class = self.class(e);
            if class.is_organization() {
                touch(&mut self.recent.orgs, e);
            }
            if class == Class::Country {
                touch(&mut self.recent.countries, e);
            }
        }
    }
}

impl Out<'_> {
    pub(crate) fn class(&self, e: usize) -> Class {
        self.table.get(e).class
    }

    /// Whether entity `e` is a ministry ("Ministry of ...", "... Ministry"):
    /// a minister named with one heads it (both rule layers ask).
    pub(crate) fn is_ministry(&self, e: usize) -> bool {
        let ent = self.table.get(self.table.find(e));
        ent.class == Class::GovernmentBody && ent.names.iter().any(|n| n.split_whitespace().any(|w| w == "Ministry"))
    }

    pub(crate) fn fact(
        &mut self,
        s: usize,
        p: Property,
        o: usize,
        sentence: usize,
        rule: &'static str,
        confidence: f32,
    ) {
        self.fact_as(s, p, o, sentence, rule, confidence, None);
    }

    /// A fact with the status its clause gives it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn fact_as(
        &mut self,
        s: usize,
        p: Property,
        o: usize,
        sentence: usize,
        rule: &'static str,
        confidence: f32,
        status: Option<Status>,
    ) {
        let (s, o) = (self.table.find(s), self.table.find(o));
        if s == o || !domain_ok(p, self.class(s), self.class(o)) {
            return;
        }
        self.facts.push(LocalFact { subject: s, property: p, object: o, sentence, rule, confidence, status });
    }

    pub(crate) fn attr(&mut self, s: usize, attr: Attribute, sentence: usize, rule: &'static str, confidence: f32) {
        let s = self.table.find(s);
        self.attrs.push(LocalAttr { subject: s, attr, sentence, rule, confidence });
    }
}

/// Whether a property admits these classes (ONTOLOGY.md's domains and ranges).
pub fn domain_ok(p: Property, s: Class, o: Class) -> bool {
    use Class::*;
    let actor = |c: Class| c.is_actor();
    match p {
        Property::Leads | Property::MemberOf => s == Person && actor(o),
        Property::Country => (s.is_organization() || s == Place) && o == Country,
        Property::ParticipatesIn => actor(s) && o == Program,
        Property::Signed => (s == Person || actor(s)) && o == Agreement,
        Property::Concerns => matches!(s, Agreement | Meeting) && o == Program,
        Property::CooperatesWith => actor(s) && actor(o),
        Property::MetWith => s == Person && o == Person,
        Property::Participant => s == Meeting && (o == Person || actor(o)),
        Property::Location => s == Meeting && o == Place,
    }
}
