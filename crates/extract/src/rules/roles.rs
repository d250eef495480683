//! Roles told beside a name: "Simonetta Di Pippo, Director of UNOOSA,",
//! "Chau Van Minh – President of VAST",
//! "the Portuguese Space Agency and its president, Ricardo Conde".

use super::Sx;
use crate::facts::Out;
use crate::lexicon::{Role, Scope, TITLES, Title};
use crate::model::{Class, Property};
use crate::ner::Kind;
use crate::text::Shape;
use crate::words::{self, WordClass};

/// The title whose words end `phrase` (case aside): "General Director" is a Director.
fn title_ending(phrase: &[&str]) -> Option<&'static Title> {
    TITLES.iter().find(|t| {
        let n = t.words.len();
        n <= phrase.len() && phrase[phrase.len() - n..].iter().zip(&t.words).all(|(a, b)| a.eq_ignore_ascii_case(b))
    })
}

/// What a title makes its holder of a body (as the title rule reads it).
fn property(t: &Title, body: Class) -> Option<Property> {
    Some(match t.role {
        Role::None => return None,
        Role::Leads if body == Class::Country && t.scope == Scope::Org => Property::MemberOf,
        Role::Leads => Property::Leads,
        Role::Member => Property::MemberOf,
        Role::Agency if body == Class::GovernmentBody || body == Class::Country => Property::MemberOf,
        Role::Agency => Property::Leads,
    })
}

/// Words of a title phrase: capitalised or lowercase words, hyphens inside.
fn title_word(t: &crate::text::Token<'_>) -> bool {
    t.shape == Shape::Word && !t.text.contains('.')
}

fn role(sx: &Sx<'_, '_>, out: &mut Out<'_>, person: usize, phrase: &[&str], body: usize) {
    // "a former staff director for the Committee" held the post once.
    if phrase.iter().any(|w| words::is_word(WordClass::Former, &w.to_lowercase())) {
        return;
    }
    let Some(t) = title_ending(phrase) else { return };
    let body = out.table.find(body);
    let Some(mut p) = property(t, out.class(body)) else { return };
    // "X – Minister of Vietnam Ministry of Science and Technology": a minister heads a ministry.
    if t.words == ["Minister"] && out.is_ministry(body) {
        p = Property::Leads;
    }
    out.fact(person, p, body, sx.si, sx.rule.name, sx.rule.confidence);
}

/// "NAME, TITLE of|at|for BODY": "Simonetta Di Pippo, Director of UNOOSA,".
pub(super) fn apposition(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let (s, c) = (sx.s, sx.c);
    for m in s.mentions.iter().filter(|m| matches!(m.kind, Kind::Name | Kind::Short)) {
        // "X, Director of Y", "X – President of Y" (a dash as the comma).
        let separated = s.tokens.get(m.end).is_some_and(|t| matches!(t.text, "," | "–" | "—" | "-" | "_"));
        if out.class(m.entity) != Class::Person || !separated {
            continue;
        }
        // The title's words, up to the preposition before the body (at most six).
        let from = m.end + 1;
        let mut k = from;
        while k < s.tokens.len() && k < from + 6 && title_word(&s.tokens[k]) && s.mention_at(k).is_none() {
            if c.is(WordClass::TitlePreposition, k) {
                break;
            }
            k += 1;
        }
        if k == from || !c.is(WordClass::TitlePreposition, k) {
            continue;
        }
        let mut b = k + 1;
        while b < s.tokens.len() && c.is(WordClass::Determiner, b) {
            b += 1;
        }
        let Some(body) = s.mentions.iter().find(|x| x.start == b && matches!(x.kind, Kind::Name | Kind::Short)) else {
            continue;
        };
        if !out.class(body.entity).is_actor() {
            continue;
        }
        // "X, the Chairman of ISRO Somnath S, ...": a person right after the
        // body holds the title, and X is the one before in a list.
        if s.mentions.iter().any(|x| x.start == body.end && out.class(x.entity) == Class::Person) {
            continue;
        }
        let phrase: Vec<&str> = s.tokens[from..k].iter().map(|t| t.text).collect();
        role(sx, out, m.entity, &phrase, body.entity);
    }
}

/// "BODY … its TITLE, NAME": the title is of the body named last before "its".
pub(super) fn its_title(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let (s, c) = (sx.s, sx.c);
    for k in 0..s.tokens.len() {
        if c.lower[k] != "its" {
            continue;
        }
        // "its president, Ricardo Conde": title words, a comma, a person.
        let mut j = k + 1;
        while j < s.tokens.len() && j < k + 5 && title_word(&s.tokens[j]) && s.mention_at(j).is_none() {
            j += 1;
        }
        if j == k + 1 || s.tokens.get(j).is_none_or(|t| t.text != ",") {
            continue;
        }
        let Some(person) = s.mentions.iter().find(|m| m.start == j + 1 && out.class(m.entity) == Class::Person) else {
            continue;
        };
        let body = s.mentions.iter().rev().find(|m| {
            m.end <= k && matches!(m.kind, Kind::Name | Kind::Short) && out.class(m.entity).is_organization()
        });
        if let Some(body) = body {
            let phrase: Vec<&str> = s.tokens[k + 1..j].iter().map(|t| t.text).collect();
            role(sx, out, person.entity, &phrase, body.entity);
        }
    }
}

/// "Sumitomo Corporation (Japan)": a country in brackets right after an
/// organisation's name is the organisation's country.
pub(super) fn bracketed_country(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let s = sx.s;
    for m in s.mentions.iter().filter(|m| matches!(m.kind, Kind::Name | Kind::Short)) {
        if !out.class(m.entity).is_organization() || s.tokens.get(m.end).is_none_or(|t| t.text != "(") {
            continue;
        }
        let country = s.mentions.iter().find(|c| {
            c.start == m.end + 1 && c.kind == Kind::Name && s.tokens.get(c.end).is_some_and(|t| t.text == ")")
        });
        if let Some(c) = country.filter(|c| out.class(c.entity) == Class::Country) {
            out.fact(m.entity, Property::Country, c.entity, sx.si, sx.rule.name, sx.rule.confidence);
        }
    }
}

/// "the Italian Space Agency (ASI), represented by President Teodoro
/// Valente": the person holds the title at the body, and signs where it signs.
pub(super) fn represented_by(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let (s, c) = (sx.s, sx.c);
    for k in 0..s.tokens.len().saturating_sub(2) {
        if c.lower[k] != "represented" || c.lower[k + 1] != "by" {
            continue;
        }
        // The body: the last organisation or country named before, past a bracketed acronym and a comma.
        let body = s
            .mentions
            .iter()
            .rev()
            .find(|m| m.end <= k && matches!(m.kind, Kind::Name | Kind::Short) && out.class(m.entity).is_actor());
        let Some(body) = body else { continue };
        // The person, after at most four title words.
        let person =
            s.mentions.iter().find(|m| m.start > k + 1 && m.start <= k + 6 && out.class(m.entity) == Class::Person);
        let Some(person) = person else { continue };
        let phrase: Vec<&str> = s.tokens[k + 2..person.start].iter().map(|t| t.text).collect();
        if phrase.iter().all(|w| title_word_str(w)) {
            role(sx, out, person.entity, &phrase, body.entity);
        }
        // It signs what its body signs in this sentence.
        let b = out.table.find(body.entity);
        let signed: Vec<usize> = out
            .facts
            .iter()
            .filter(|f| f.property == Property::Signed && f.subject == b && f.sentence == sx.si && f.status.is_none())
            .map(|f| f.object)
            .collect();
        for a in signed {
            out.fact(person.entity, Property::Signed, a, sx.si, sx.rule.name, sx.rule.confidence);
        }
    }
}

fn title_word_str(w: &str) -> bool {
    w.chars().all(|c| c.is_alphabetic() || c == '-')
}
