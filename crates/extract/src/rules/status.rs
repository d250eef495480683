//! The status of every fact a sentence gives: the cues of the clause that
//! tells it ("will", "suspended", "has not") mark it planned, ended or negated.

use crate::clause::Clauses;
use crate::facts::Out;
use crate::model::{Attribute, Property};
use crate::ner::{Kind, Sentence};
use crate::words::WordClass;

/// Whether a property tells an event or a relation that a clause can put
/// out of the facts (roles, countries and places are not).
fn can_be_unstated(p: Property) -> bool {
    matches!(
        p,
        Property::Signed
            | Property::ParticipatesIn
            | Property::CooperatesWith
            | Property::MetWith
            | Property::Participant
    )
}

/// Marks the facts from `first` on (all of sentence `s`) with the status of
/// the clause that joins their two ends: the nearest pair of their mentions.
/// A window rule's fact whose subject is named only in brackets while its
/// object is not ("Sumitomo Corporation (Japan) signed the contract") is
/// dropped: the aside says whose the name before it is. So is a signing
/// read from an instrument's name in a clause that tells no signing.
pub(super) fn mark(s: &Sentence<'_>, c: &Clauses, out: &mut Out<'_>, first: usize) {
    let aside = |k: usize| s.tokens.get(c.clauses[c.clause_of(k)].0).is_some_and(|t| t.text == "(");
    let mut i = first;
    while i < out.facts.len() {
        let f = &out.facts[i];
        let framed = super::is_frame_rule(f.rule);
        let only_aside = |e: usize| {
            let mut at = s.mentions.iter().filter(|m| out.table.find(m.entity) == e).peekable();
            at.peek().is_some() && at.all(|m| aside(m.start))
        };
        let outside = |e: usize| s.mentions.iter().any(|m| out.table.find(m.entity) == e && !aside(m.start));
        let object_outside = outside(f.object);
        // "VNSC and Sumitomo Corporation (Japan) have signed": Japan cooperates with nobody here.
        let bracketed_partner = f.property == Property::CooperatesWith
            && (only_aside(f.subject) && object_outside || only_aside(f.object) && outside(f.subject));
        // "the Japan-U.S. Security Treaty" names its parties; the article says
        // they signed it only where a clause that names it tells a signing,
        // not where it invokes the treaty.
        let signing = |w: WordClass| matches!(w, WordClass::Sign | WordClass::SignNoun | WordClass::Accede);
        let told = || {
            s.mentions.iter().filter(|m| out.table.find(m.entity) == f.object).any(|m| {
                let k = c.clause_of(m.start);
                c.frames.iter().any(|fr| fr.clause == k && signing(fr.class))
            })
        };
        let unsigned_name = f.rule == "name-pair" && f.property == Property::Signed && !told();
        let bracketed_signer = f.property == Property::Signed && object_outside && only_aside(f.subject);
        if !framed && (bracketed_signer || bracketed_partner || unsigned_name) {
            out.facts.remove(i);
        } else {
            i += 1;
        }
    }
    for i in first..out.facts.len() {
        let f = &out.facts[i];
        // A frame rule has decided its fact's status already.
        let framed = super::is_frame_rule(f.rule);
        if framed || f.status.is_some() || !can_be_unstated(f.property) {
            continue;
        }
        // Names first: "NASA-led" three words on is not the NASA the rule read.
        let at = |e: usize| -> Vec<(usize, usize)> {
            let of = |names: bool| -> Vec<(usize, usize)> {
                s.mentions
                    .iter()
                    .filter(|m| out.table.find(m.entity) == e && (!names || m.kind != Kind::PairPart))
                    .map(|m| (m.start, m.end))
                    .collect()
            };
            let named = of(true);
            if named.is_empty() { of(false) } else { named }
        };
        let (subjects, objects) = (at(f.subject), at(f.object));
        let nearest = subjects
            .iter()
            .flat_map(|&p| objects.iter().map(move |&q| if p.0 < q.0 { (p, q) } else { (q, p) }))
            .min_by_key(|&(p, q)| q.0.saturating_sub(p.1));
        // Two names in one noun phrase ("NASA's lunar Gateway", "the
        // KASA-led mission") are a relation the clause's verb does not tell;
        // a preposition between them ("Roscosmos on the ExoMars mission") is
        // the clause's.
        let future = matches!(f.property, Property::Signed | Property::MetWith | Property::Participant);
        let one_phrase = |(p, q): &((usize, usize), (usize, usize))| {
            q.0.saturating_sub(p.1) <= 2 && !(p.1..q.0).any(|k| c.is(WordClass::Preposition, k))
        };
        if let Some((p, q)) = nearest.filter(|pq| !one_phrase(pq)) {
            let status = c.status_between(p.1, q.0, future);
            out.facts[i].status = status;
        }
    }
}

/// Drops the dates (from `first` on, all of sentence `s`) after a cue of
/// something not done in their clause: "hosting the next dialogue in 2027" dates
/// no session.
pub(super) fn drop_undone_dates(s: &Sentence<'_>, c: &Clauses, year: Option<i32>, out: &mut Out<'_>, first: usize) {
    if out.attrs.len() <= first {
        return;
    }
    let hits = crate::dates::find_dates(&s.tokens, year);
    let undone = |value: &str| {
        let mut at = hits.iter().filter(|d| d.value == value).peekable();
        at.peek().is_some()
            && at.all(|d| {
                let k = c.clause_of(d.start);
                c.status_in(c.clauses[k].0, d.start, k, true).is_some()
            })
    };
    let mut i = first;
    while i < out.attrs.len() {
        if matches!(&out.attrs[i].attr, Attribute::Date(v) if undone(v)) {
            out.attrs.remove(i);
        } else {
            i += 1;
        }
    }
}
