//! Facts between the entities of an article, read sentence by sentence.
//!
//! Each rule is a small function with a name (recorded as evidence) and a
//! confidence; rules read the mentions the tagger found, never raw strings.

use crate::doc::LocalEntity;
use crate::facts::Out;
pub use crate::facts::{LocalAttr, LocalFact, domain_ok};
use crate::gazetteer::Gazetteer;
use crate::lexicon::{self, Role, Scope};
use crate::model::{Attribute, Class, Property};
use crate::ner::{Kind, Mention, Sentence, Tagged};
use crate::text::Shape;
use crate::words::{WordClass, is_word};
use std::collections::BTreeSet;

/// Whether `w` starts with one of `prefixes` (a list of [`lexicon`]).
fn starts_with_any(w: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| w.starts_with(p))
}

fn words_lower(s: &Sentence<'_>) -> Vec<String> {
    s.tokens.iter().map(|t| t.text.to_lowercase()).collect()
}

/// Mentions that can act as parties: names of organisations and countries (not demonyms, not pair parts).
fn actors<'m>(s: &'m Sentence<'_>, out: &Out<'_>) -> Vec<&'m Mention> {
    s.mentions.iter().filter(|m| matches!(m.kind, Kind::Name | Kind::Short) && out.class(m.entity).is_actor()).collect()
}

/// One sentence as the passes of a rule read it: its tokens and mentions, its
/// index in the article, and its words in lower case.
struct Ctx<'a> {
    s: &'a Sentence<'a>,
    si: usize,
    w: Vec<String>,
}

impl<'a> Ctx<'a> {
    fn new(s: &'a Sentence<'a>, si: usize) -> Self {
        Ctx { s, si, w: words_lower(s) }
    }
}

/// Reads every rule over the tagged article.
pub fn extract(tagged: &mut Tagged<'_>, gaz: &Gazetteer, year: Option<i32>) -> (Vec<LocalFact>, Vec<LocalAttr>) {
    let sentences = std::mem::take(&mut tagged.sentences);
    let mut out = Out::new(&mut tagged.table);
    roles(&tagged.roles, &mut out);
    let mut done_gaz_country: BTreeSet<usize> = BTreeSet::new();
    // Gazetteer entries of the countries the article names (as names, demonyms or pairs).
    let mentioned_countries: BTreeSet<usize> = sentences
        .iter()
        .flat_map(|s| s.mentions.iter())
        .filter_map(|m| out.table.get(m.entity).gaz.filter(|&g| gaz.entry(g).class == Class::Country))
        .collect();
    let sole_agreement = sole_agreement_of(&sentences, &out);
    out.sole_agreement = sole_agreement;
    for &(outer, program, si) in &tagged.inner {
        out.fact(outer, Property::Concerns, program, si, "named-topic", 0.8);
    }
    named_after_program(&sentences, gaz, &mut out);
    for &(party, instrument, si) in &tagged.parties {
        out.fact(party, Property::Signed, instrument, si, "instrument-parties", 0.75);
    }
    for (si, s) in sentences.iter().enumerate() {
        let before = (out.facts.len(), out.attrs.len());
        gazetteer_country(s, si, gaz, &mut out, &mut done_gaz_country, &mentioned_countries);
        name_country(s, si, gaz, &mut out);
        modifiers(s, si, &mut out);
        // The sentence's words in lowercase, read once for every family.
        let cx = Ctx::new(s, si);
        participation(&cx, &mut out);
        instrument_between(&cx, &mut out);
        list_country(s, si, &mut out);
        lone_country(s, si, &mut out);
        let clauses = crate::clause::Clauses::read(s, &|e| out.class(e), year);
        crate::rules::run(s, si, &clauses, &mut out, before, year);
        out.remember_named(s);
    }
    tagged.sentences = sentences;
    signed_by_head(&mut out);
    drop_superseded_on_behalf(&mut out);
    drop_planned_status_of_signed(&mut out);
    (out.facts, out.attrs)
}

/// The one agreement the article names, if it names exactly one.
fn sole_agreement_of(sentences: &[Sentence<'_>], out: &Out<'_>) -> Option<usize> {
    let mut v: Vec<usize> = sentences
        .iter()
        .flat_map(|s| s.mentions.iter())
        .map(|m| out.table.find(m.entity))
        .filter(|&e| out.class(e) == Class::Agreement)
        .collect();
    v.sort();
    v.dedup();
    (v.len() == 1).then(|| v[0])
}

/// "Artemis Accords", "International Space Station Intergovernmental Agreement":
/// a listed instrument named after a listed program is about it, when the
/// article names that program too.
fn named_after_program(sentences: &[Sentence<'_>], gaz: &Gazetteer, out: &mut Out<'_>) {
    for (si, s) in sentences.iter().enumerate() {
        for m in s.mentions.iter().filter(|m| m.kind == Kind::Name) {
            let Some(g) = out.table.get(m.entity).gaz.filter(|&g| gaz.entry(g).class == Class::Agreement) else {
                continue;
            };
            let words: Vec<&str> = gaz.entry(g).label.split_whitespace().collect();
            for i in 0..words.len() {
                for j in (i + 1..=words.len()).rev() {
                    let program = gaz.lookup(&words[i..j].join(" ")).filter(|&p| gaz.entry(p).class == Class::Program);
                    if let Some(p) = program.and_then(|p| out.table.by_key(&format!("g:{p}"))) {
                        out.fact(m.entity, Property::Concerns, p, si, "named-after-program", 0.7);
                        break;
                    }
                }
            }
        }
    }
}

/// Drops the "on behalf of" memberships that other facts supersede.
/// A signer "on behalf of" a country represents it only when the article
/// gives them no other post (an agency head signing for their country heads the agency).
fn drop_superseded_on_behalf(out: &mut Out<'_>) {
    let posted: BTreeSet<usize> = out
        .facts
        .iter()
        .filter(|f| matches!(f.property, Property::Leads | Property::MemberOf) && f.rule != "on-behalf-of")
        .map(|f| out.table.find(f.subject))
        .collect();
    let table = &*out.table;
    out.facts.retain(|f| f.rule != "on-behalf-of" || !posted.contains(&table.find(f.subject)));
    // Who signs for a body they head leads it; they are no mere member.
    let heads: BTreeSet<(usize, usize)> = out
        .facts
        .iter()
        .filter(|f| f.property == Property::Leads)
        .map(|f| (table.find(f.subject), table.find(f.object)))
        .collect();
    out.facts
        .retain(|f| f.rule != "on-behalf-of-body" || !heads.contains(&(table.find(f.subject), table.find(f.object))));
}

/// An agreement someone signed in this article is not merely planned.
fn drop_planned_status_of_signed(out: &mut Out<'_>) {
    let signed: BTreeSet<usize> =
        out.facts.iter().filter(|f| f.property == Property::Signed).map(|f| out.table.find(f.object)).collect();
    let table = &*out.table;
    out.attrs.retain(|a| !(matches!(a.attr, Attribute::Status(_)) && signed.contains(&table.find(a.subject))));
}

/// "ESA Director General X signed ...": the body a signer heads (or, for an
/// organisation, works for) is a party too.
fn signed_by_head(out: &mut Out<'_>) {
    let signed: Vec<LocalFact> = out
        .facts
        .iter()
        .filter(|f| f.property == Property::Signed && out.class(f.subject) == Class::Person)
        .cloned()
        .collect();
    // The bodies of each person, gathered once (not once per signature).
    let mut bodies: std::collections::HashMap<usize, BTreeSet<usize>> = Default::default();
    for g in &out.facts {
        if g.property == Property::Leads || (g.property == Property::MemberOf && out.class(g.object).is_organization())
        {
            bodies.entry(out.table.find(g.subject)).or_default().insert(out.table.find(g.object));
        }
    }
    for f in signed {
        let person = out.table.find(f.subject);
        for &b in bodies.get(&person).into_iter().flatten() {
            out.fact(b, Property::Signed, f.object, f.sentence, "signed-by-head", 0.6);
        }
    }
}

/// `leads` / `memberOf` / `okg:title` from titles and appositions.
fn roles(roles: &[crate::ner::RoleFact], out: &mut Out<'_>) {
    // The organisations headed under each title word, gathered once (not once per role).
    let mut orgs_by_title: std::collections::HashMap<&str, BTreeSet<usize>> = Default::default();
    for o in roles {
        let Some(last) = o.base.split_whitespace().last() else { continue };
        let entry = orgs_by_title.entry(last).or_default();
        if let Some(t) = o.target.map(|t| out.table.find(t)).filter(|&t| out.class(t).is_organization()) {
            entry.insert(t);
        }
    }
    let ministries = ministries_by_portfolio(out);
    for r in roles {
        let mut target = r.target;
        // "Rania Al-Mashat, Minister of International Cooperation" in an
        // article that names the Ministry of International Cooperation.
        let ministry = portfolio(&r.title, "minister").and_then(|p| ministries.get(&p)).filter(|m| m.len() == 1);
        if let Some(&m) = ministry.and_then(|m| m.first())
            && target.is_none_or(|t| out.table.find(t) != m)
        {
            out.fact(r.person, Property::Leads, m, r.sentence, "minister-of-ministry", 0.8);
        }
        if target.is_none() && r.scope == Scope::Org && !r.base.is_empty() {
            // "Deputy Administrator Pam Melroy" in an article about "NASA Administrator Bill Nelson".
            let last = r.base.split_whitespace().last().unwrap_or("");
            let orgs = orgs_by_title.get(last);
            if let Some(orgs) = orgs.filter(|o| o.len() == 1) {
                target = orgs.first().copied();
            }
        }
        // An honorific or "counterpart" marks a name; it is no position.
        if !r.title.is_empty() && r.role != Role::None {
            out.attr(r.person, Attribute::Title(r.title.clone()), r.sentence, "title", 0.9);
        }
        let Some(t) = target else { continue };
        let tc = out.class(t);
        let prop = match r.role {
            Role::None => continue,
            Role::Leads if tc == Class::Country && r.scope == Scope::Org => Property::MemberOf,
            Role::Leads => Property::Leads,
            // "Minister of Vietnam Ministry of Science and Technology": a minister heads a ministry.
            Role::Member if r.base == "Minister" && out.is_ministry(t) => Property::Leads,
            Role::Member => Property::MemberOf,
            Role::Agency
                if matches!(
                    tc,
                    Class::SpaceAgency | Class::InternationalOrganization | Class::ResearchInstitute | Class::Company
                ) =>
            {
                Property::Leads
            }
            Role::Agency => Property::MemberOf,
        };
        let conf = if r.target.is_some() { 0.9 } else { 0.6 };
        let rule = if r.target.is_some() { "title" } else { "title-context" };
        out.fact(r.person, prop, t, r.sentence, rule, conf);
    }
}

/// The portfolio a minister's title or a ministry's name gives, lowercase,
/// without "of", "for", "the" or a country after it: "Minister of Education,
/// Culture, Sports, Science and Technology of Japan", "Science and ICT
/// Minister" and "the Ministry of Science and ICT" all give their portfolio's
/// words. `head` is "minister" or "ministry".
fn portfolio(name: &str, head: &str) -> Option<Vec<String>> {
    let words: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace(['\u{2019}', '\''], ""))
        .collect();
    let at = words.iter().position(|w| w == head)?;
    let skip = |w: &String| is_word(WordClass::PortfolioSkip, w);
    let mut topic: Vec<String> = if at + 1 < words.len() {
        words[at + 1..].iter().filter(|w| !skip(w)).cloned().collect()
    } else {
        words[..at].iter().filter(|w| !skip(w)).cloned().collect()
    };
    // "... Technology of Japan": the last "of" + one word is the country's.
    if let Some(of) = words.iter().rposition(|w| w == "of").filter(|&k| k > at + 1 && k + 2 == words.len()) {
        topic.truncate(topic.len() - (words.len() - of - 1));
    }
    (!topic.is_empty()).then_some(topic)
}

/// The article's ministries by portfolio.
fn ministries_by_portfolio(out: &Out<'_>) -> std::collections::HashMap<Vec<String>, BTreeSet<usize>> {
    let mut by: std::collections::HashMap<Vec<String>, BTreeSet<usize>> = Default::default();
    for e in out.table.roots() {
        let ent = out.table.get(e);
        if ent.class != Class::GovernmentBody {
            continue;
        }
        for name in &ent.names {
            if let Some(p) = portfolio(name, "ministry") {
                by.entry(p).or_default().insert(e);
            }
        }
    }
    by
}

fn gaz_country_entity(out: &mut Out<'_>, gaz: &Gazetteer, label: &str) -> Option<usize> {
    let idx = gaz.by_label(label)?;
    let e = gaz.entry(idx);
    let class = e.class;
    let label = e.label.clone();
    Some(out.table.intern(format!("g:{idx}"), &label, || LocalEntity {
        class,
        names: BTreeSet::new(),
        gaz: Some(idx),
        person: None,
        weak_class: false,
        described: None,
    }))
}

/// The country of a listed organisation or place.
fn gazetteer_country(
    s: &Sentence<'_>,
    si: usize,
    gaz: &Gazetteer,
    out: &mut Out<'_>,
    done: &mut BTreeSet<usize>,
    mentioned: &BTreeSet<usize>,
) {
    for m in &s.mentions {
        let e = out.table.find(m.entity);
        let ent = out.table.get(e);
        let Some(g) = ent.gaz else { continue };
        let Some(country) = gaz.entry(g).country.clone() else { continue };
        let class = ent.class;
        if class.is_organization() || class == Class::Place {
            // Only a country the article names: an unnamed one would be a node the
            // article never speaks of.
            let named = gaz.by_label(&country).is_some_and(|ci| mentioned.contains(&ci));
            if named
                && done.insert(e)
                && let Some(c) = gaz_country_entity(out, gaz, &country)
            {
                out.fact(e, Property::Country, c, si, "gazetteer", 0.95);
            }
        } else if class == Class::Program {
            // A national program: its country takes part when the sentence names it.
            let named = s.mentions.iter().any(|x| {
                matches!(x.kind, Kind::Name | Kind::Short)
                    && out.table.get(x.entity).gaz.is_some_and(|xg| gaz.entry(xg).label == country)
            });
            if named && let Some(c) = gaz_country_entity(out, gaz, &country) {
                out.fact(c, Property::ParticipatesIn, e, si, "gazetteer-program", 0.7);
            }
        }
    }
}

/// Names that carry their country: "Korea Coast Guard", "Korean Positioning
/// System", "Cabinet Office for Japan", "U.S.-ROK Civil Space Dialogue".
fn name_country(s: &Sentence<'_>, si: usize, gaz: &Gazetteer, out: &mut Out<'_>) {
    for m in &s.mentions {
        if m.kind != Kind::Name {
            continue;
        }
        // A listed name speaks for itself, except through the pair it is named by
        // ("U.S.-India Civil Space Joint Working Group").
        let listed = out.table.get(m.entity).gaz.is_some();
        let class = out.class(m.entity);
        // "the Cabinet Office for Japan": the body serves that country.
        if class.is_organization() && s.tokens.get(m.end).is_some_and(|t| t.text == "for") {
            let mut k = m.end + 1;
            if s.tokens.get(k).is_some_and(|t| t.text == "the") {
                k += 1;
            }
            let c = s
                .mentions
                .iter()
                .find(|c| c.start == k && c.kind == Kind::Name && out.class(c.entity) == Class::Country)
                .map(|c| c.entity);
            if let Some(c) = c {
                out.fact(m.entity, Property::Country, c, si, "body-for-country", 0.8);
            }
        }
        let first = s.tokens[m.start].text;
        let last = s.tokens[m.end - 1].text;
        let before_last = (m.end >= 2).then(|| s.tokens[m.end - 2].text);
        let mut countries: Vec<usize> = Vec::new();
        let pairs: Vec<usize> = s
            .mentions
            .iter()
            .filter(|p| {
                p.kind == Kind::PairPart && p.start >= m.start && p.end <= m.end && out.class(p.entity).is_actor()
            })
            .map(|p| p.entity)
            .collect();
        if !pairs.is_empty() {
            countries.extend(pairs);
        } else if listed {
            continue;
        } else if let Some(c) = gaz.country_of_modifier(first).filter(|_| m.end - m.start > 1) {
            countries.extend(gaz_country_entity(out, gaz, &gaz.entry(c).label.clone()));
        } else if let Some(c) =
            gaz.country_of_modifier(last).filter(|_| before_last.is_some_and(|x| is_word(WordClass::CountryOf, x)))
        {
            countries.extend(gaz_country_entity(out, gaz, &gaz.entry(c).label.clone()));
        } else if let Some(c) = (m.start + 1..m.end.saturating_sub(1))
            .filter(|_| class.is_organization())
            .find(|&k| is_word(WordClass::CountryOf, s.tokens[k - 1].text) && s.tokens[k].is_capitalized())
            .and_then(|k| gaz.country_of_modifier(s.tokens[k].text))
        {
            // "Confederation of Indian Industry": a nationality after "of".
            countries.extend(gaz_country_entity(out, gaz, &gaz.entry(c).label.clone()));
        }
        for c in countries {
            match class {
                c2 if c2.is_organization() => out.fact(m.entity, Property::Country, c, si, "name-country", 0.8),
                Class::Program => out.fact(c, Property::ParticipatesIn, m.entity, si, "name-country", 0.7),
                Class::Meeting => out.fact(m.entity, Property::Participant, c, si, "name-pair", 0.85),
                // Kept only where a clause tells its signing (rules::status).
                Class::Agreement
                    if s.mentions.iter().any(|p| p.kind == Kind::PairPart && p.start >= m.start && p.end <= m.end) =>
                {
                    out.fact(c, Property::Signed, m.entity, si, "name-pair", 0.6)
                }
                _ => {}
            }
        }
    }
}

/// "U.S. NMIO", "Japan’s National Space Policy Secretariat, the Cabinet Office,
/// and the Ministry of Defense", "NASA’s Artemis program".
fn modifiers(s: &Sentence<'_>, si: usize, out: &mut Out<'_>) {
    let n = s.tokens.len();
    for (mi, m) in s.mentions.iter().enumerate() {
        if m.kind == Kind::PairPart {
            continue;
        }
        let mc = out.class(m.entity);
        if !mc.is_actor() {
            continue;
        }
        let (k, possessive) = past_possessive(s, m, mc);
        // The list of things this modifier governs.
        let mut cur = k;
        let mut first = true;
        loop {
            while cur < n && is_word(WordClass::GovernedListGap, s.tokens[cur].text) && !first {
                cur += 1;
            }
            if first && s.tokens.get(cur).is_some_and(|t| t.text == "the") {
                cur += 1;
            }
            let Some(next) = s.mentions.iter().skip(mi + 1).find(|x| x.start == cur && x.kind != Kind::PairPart) else {
                break;
            };
            let nc = out.class(next.entity);
            // "India's G20 presidency", "France's EU presidency": a country's
            // turn in a body of many countries, not the body's country.
            let of_many = nc == Class::InternationalOrganization;
            if nc.is_organization() && !of_many && mc == Class::Country && (possessive || first) {
                out.fact(
                    next.entity,
                    Property::Country,
                    m.entity,
                    si,
                    if possessive { "possessive" } else { "modifier" },
                    0.8,
                );
            } else if nc == Class::Program && (possessive || (first && mc == Class::Country)) {
                out.fact(
                    m.entity,
                    Property::ParticipatesIn,
                    next.entity,
                    si,
                    if possessive { "possessive" } else { "modifier" },
                    0.8,
                );
            } else {
                break;
            }
            cur = next.end;
            first = false;
            // "the Cabinet Office for Japan, ...": the body's own country does not end the list.
            if s.tokens.get(cur).is_some_and(|t| t.text == "for") {
                let c0 = if s.tokens.get(cur + 1).is_some_and(|t| t.text == "the") { cur + 2 } else { cur + 1 };
                if let Some(c) = s.mentions.iter().find(|x| x.start == c0 && out.class(x.entity) == Class::Country) {
                    cur = c.end;
                }
            }
            // Lists continue only after a possessive ("Japan's A, B and C").
            if !possessive || s.tokens.get(cur).is_none_or(|t| t.text != ",") {
                break;
            }
        }
    }
}

/// Skip a possessive and up to two title words ("the U.S. President's"):
/// the token after the possessive and `true`, or the end of `m` and `false`
/// when no possessive follows.
fn past_possessive(s: &Sentence<'_>, m: &Mention, mc: Class) -> (usize, bool) {
    let mut k = m.end;
    let mut possessive = false;
    for _ in 0..3 {
        if s.tokens.get(k).is_some_and(|t| t.shape == Shape::Possessive) {
            possessive = true;
            k += 1;
            break;
        }
        if mc == Class::Country && s.tokens.get(k).is_some_and(|t| t.is_capitalized()) && s.mention_at(k).is_none() {
            k += 1;
            continue;
        }
        break;
    }
    if !possessive {
        k = m.end;
    }
    (k, possessive)
}

fn first_program_after(s: &Sentence<'_>, out: &Out<'_>, from: usize, window: usize) -> Option<usize> {
    s.mentions
        .iter()
        .filter(|m| m.start >= from && m.start <= from + window && m.kind != Kind::PairPart)
        .find(|m| out.class(m.entity) == Class::Program)
        .map(|m| m.entity)
}

/// `participatesIn`: "X's participation in P", "X-led P", "X is a partner in
/// P", "with X as a partner", "P partners (A, B and C)", "X joins P".
fn participation(cx: &Ctx<'_>, out: &mut Out<'_>) {
    let s = cx.s;
    let acts: Vec<Mention> = actors(s, out).into_iter().cloned().collect();
    for a in &acts {
        participation_noun(cx, out, a);
    }
    participation_by_agreement_for_program(cx, out, &acts);
    participation_passive_by(cx, out, &acts);
    participation_by_verb(cx, out, &acts);
    participation_by_cooperation_noun(cx, out, &acts);
}

/// "X's (expanded) participation|cooperation|involvement in P".
fn participation_noun(cx: &Ctx<'_>, out: &mut Out<'_>, a: &Mention) {
    let (s, si, w) = (cx.s, cx.si, cx.w.as_slice());
    let n = w.len();
    if s.tokens.get(a.end).is_some_and(|t| t.shape == Shape::Possessive) {
        let lo = (a.end + 1).min(n);
        let hi = (a.end + 5).min(n);
        if let Some(k) = (lo..hi).find(|&k| is_word(WordClass::PossessedParticipation, &w[k]))
            && let Some(p) = first_program_after(s, out, k + 1, 8)
        {
            out.fact(a.entity, Property::ParticipatesIn, p, si, "participation-noun", 0.75);
        }
    }
}

/// "X and Y implemented an agreement for P": parties to an agreement on a program take part in it.
fn participation_by_agreement_for_program(cx: &Ctx<'_>, out: &mut Out<'_>, acts: &[Mention]) {
    let (s, si, w) = (cx.s, cx.si, cx.w.as_slice());
    let n = w.len();
    for k in 0..n {
        if !is_word(WordClass::ProgramInstrument, &w[k])
            || !w.get(k + 1).is_some_and(|x| is_word(WordClass::InstrumentFor, x))
        {
            continue;
        }
        let verb = (k.saturating_sub(4)..k).find(|&j| is_word(WordClass::InstrumentVerb, &w[j]));
        let Some(v) = verb else { continue };
        let Some(p) = first_program_after(s, out, k + 2, 10) else { continue };
        for a in acts.iter().filter(|a| a.end <= v) {
            if a.start >= 1 && is_word(WordClass::ObjectPreposition, &w[a.start - 1]) {
                continue;
            }
            out.fact(a.entity, Property::ParticipatesIn, p, si, "agreement-for-program", 0.65);
        }
    }
}

/// "P was developed by X", "P, built by X and funded by Y", "the P and Q
/// projects overseen by X": the programs just before the participle.
fn participation_passive_by(cx: &Ctx<'_>, out: &mut Out<'_>, acts: &[Mention]) {
    let (s, si, w) = (cx.s, cx.si, cx.w.as_slice());
    let n = w.len();
    for k in 0..n.saturating_sub(2) {
        if w[k + 1] != "by" || !is_word(WordClass::PassiveParticipation, &w[k]) {
            continue;
        }
        let by_end = (k + 2..n)
            .find(|&j| {
                is_word(WordClass::PassiveByEnd, &w[j]) || (w[j] == "," && w.get(j + 1).is_none_or(|x| x != "and"))
            })
            .unwrap_or(n)
            .min(k + 14);
        let by: Vec<usize> = acts.iter().filter(|a| a.start >= k + 2 && a.end <= by_end).map(|a| a.entity).collect();
        if by.is_empty() {
            continue;
        }
        // Back over "was", "were", "is", "jointly", "and designed": to the programs.
        let from = k.saturating_sub(12);
        let clause = (from..k).rev().find(|&j| is_word(WordClass::PassiveClauseBreak, &w[j])).map_or(from, |j| j + 1);
        let programs: Vec<usize> = s
            .mentions
            .iter()
            .filter(|m| {
                m.start >= clause && m.end <= k && m.kind != Kind::PairPart && out.class(m.entity) == Class::Program
            })
            .map(|m| m.entity)
            .collect();
        for &p in &programs {
            for &x in &by {
                out.fact(x, Property::ParticipatesIn, p, si, "passive-by", 0.75);
            }
        }
    }
}

/// Whether `verb` (lowercase) is one of the verbs of
/// [`participation_by_verb`]: joining, taking part, contributing, pursuing,
/// operating, developing, building, launching, leading, funding, providing
/// or supporting.
fn is_participation_verb(verb: &str) -> bool {
    is_word(WordClass::ParticipationVerb, verb)
}

/// "X (and Y) join(s)/joined/participate(s) in/contribute(s) to/pursue P".
fn participation_by_verb(cx: &Ctx<'_>, out: &mut Out<'_>, acts: &[Mention]) {
    let (s, si, w) = (cx.s, cx.si, cx.w.as_slice());
    let n = w.len();
    for k in 0..n {
        let verb = w[k].as_str();
        let cue = is_participation_verb(verb);
        // "its support for P" is a noun: a statement of support, not taking part.
        let noun = k >= 1 && is_word(WordClass::SupportDeterminer, &w[k - 1]);
        if !cue || (noun && verb.starts_with("support")) {
            continue;
        }
        // Every program in the object phrase ("developed the Nuri rocket and the
        // Danuri lunar orbiter"); "contribute Canadarm3 to the Lunar Gateway" too.
        let phrase_end =
            (k + 1..(k + 14).min(n)).find(|&j| is_word(WordClass::VerbObjectEnd, &w[j])).unwrap_or((k + 14).min(n));
        let mut programs: Vec<usize> = s
            .mentions
            .iter()
            .filter(|m| {
                m.start > k && m.start < phrase_end && m.kind != Kind::PairPart && out.class(m.entity) == Class::Program
            })
            .map(|m| m.entity)
            .collect();
        if starts_with_any(verb, lexicon::CONTRIBUTE_TO_PREFIXES)
            && let Some(to) = (k + 1..(k + 12).min(n)).find(|&j| w[j] == "to")
        {
            programs.extend(first_program_after(s, out, to + 1, 3));
        }
        if programs.is_empty() {
            continue;
        }
        // Subjects: the actors before the verb in this clause, not inside a "with"/"of" phrase.
        let clause_start = (0..k).rev().find(|&j| is_word(WordClass::VerbSubjectStart, &w[j])).map_or(0, |j| j + 1);
        // "KARI, which developed ...": the relative pronoun stands for the actor before it.
        let relative = clause_start >= 2
            && is_word(WordClass::RelativePronoun, &w[clause_start - 1])
            && w[clause_start - 2] == ",";
        let antecedent = relative
            .then(|| {
                acts.iter().rev().find(|a| a.end + 2 <= clause_start && a.end + 4 >= clause_start).map(|a| a.entity)
            })
            .flatten();
        for p in programs.iter().copied() {
            if let Some(x) = antecedent {
                out.fact(x, Property::ParticipatesIn, p, si, "verb-participation", 0.65);
            }
        }
        for a in acts.iter().filter(|a| a.start >= clause_start && a.end <= k) {
            // "working together with NASA to develop P": the partner builds it too.
            let partner = a.start >= 2
                && w[a.start - 1] == "with"
                && (is_word(WordClass::Jointly, &w[a.start - 2])
                    || starts_with_any(&w[a.start - 2], lexicon::WORKING_WITH_PREFIXES));
            let partner = partner
                || (a.start >= 3
                    && w[a.start - 1] == "the"
                    && w[a.start - 2] == "with"
                    && is_word(WordClass::Jointly, &w[a.start - 3]));
            if !partner && after_preposition(w, a.start) {
                continue;
            }
            for &p in &programs {
                out.fact(a.entity, Property::ParticipatesIn, p, si, "verb-participation", 0.65);
            }
        }
    }
}

/// "their cooperation on the ExoMars mission", "its cooperation with Roscosmos on
/// the ExoMars rover": the subjects and the partner take part in the program.
fn participation_by_cooperation_noun(cx: &Ctx<'_>, out: &mut Out<'_>, acts: &[Mention]) {
    let (s, si, w) = (cx.s, cx.si, cx.w.as_slice());
    let n = w.len();
    for k in 0..n {
        if !starts_with_any(&w[k], lexicon::COOPERATE_PREFIXES) {
            continue;
        }
        let mut j = k + 1;
        let mut partners: Vec<usize> = Vec::new();
        if w.get(j).is_some_and(|x| x == "with") {
            let Some(a) = acts.iter().find(|a| a.start == j + 1 || (a.start == j + 2 && w[j + 1] == "the")) else {
                continue;
            };
            partners.push(a.entity);
            j = a.end;
        }
        if !w.get(j).is_some_and(|x| is_word(WordClass::CooperationOn, x)) {
            continue;
        }
        let Some(p) = first_program_after(s, out, j + 1, 5) else { continue };
        let clause_start =
            (0..k).rev().find(|&x| is_word(WordClass::CooperationSubjectStart, &w[x])).map_or(0, |x| x + 1);
        let subjects: Vec<usize> = acts
            .iter()
            .filter(|a| a.start >= clause_start && a.end <= k && !after_preposition(w, a.start))
            .map(|a| a.entity)
            .collect();
        if subjects.is_empty() {
            continue;
        }
        for &x in subjects.iter().chain(&partners) {
            out.fact(x, Property::ParticipatesIn, p, si, "cooperation-on", 0.65);
        }
    }
}

/// The parties named after token `after` and before `end`: organisations and
/// countries (and people, when asked), not a country that only modifies the
/// next name ("the U.S. NASA").
fn parties_within(s: &Sentence<'_>, out: &Out<'_>, after: usize, end: usize, people: bool) -> Vec<usize> {
    s.mentions
        .iter()
        .filter(|m| m.start > after && m.end <= end && matches!(m.kind, Kind::Name | Kind::Short))
        .filter(|m| {
            let c = out.class(m.entity);
            (c.is_actor() || (people && c == Class::Person)) && !(c == Class::Country && modifies_next(s, m, out))
        })
        .map(|m| m.entity)
        .collect()
}

/// "The MoU between PhilSA and UNOOSA": an instrument and its parties.
fn instrument_between(cx: &Ctx<'_>, out: &mut Out<'_>) {
    let (s, si, w) = (cx.s, cx.si, cx.w.as_slice());
    let n = w.len();
    let instruments: Vec<Mention> =
        s.mentions.iter().filter(|m| out.class(m.entity) == Class::Agreement).cloned().collect();
    for am in &instruments {
        let mut k = am.end;
        if w.get(k).is_some_and(|x| x == "(") {
            k = (k..n.min(k + 6)).find(|&j| w[j] == ")").map_or(k, |j| j + 1);
        }
        if w.get(k).is_none_or(|x| x != "between") {
            continue;
        }
        let end = (k + 1..n).find(|&j| is_word(WordClass::InstrumentBetweenEnd, &w[j])).unwrap_or(n);
        let parties = parties_within(s, out, k, end, false);
        if parties.len() >= 2 {
            for p in parties {
                out.fact(p, Property::Signed, am.entity, si, "instrument-between", 0.75);
            }
        }
    }
}

/// Whether a mention sits in a prepositional phrase ("with NASA", "of the Rwanda
/// Space Agency"), so that it is not a subject.
fn after_preposition(w: &[String], start: usize) -> bool {
    let mut k = start;
    if k >= 1 && is_word(WordClass::PhraseDeterminer, &w[k - 1]) {
        k -= 1;
    }
    k >= 1 && is_word(WordClass::PhrasePreposition, &w[k - 1])
}

/// Whether a country mention only modifies the organisation or person named
/// right after it ("the U.S. National Aeronautics and Space Administration",
/// "Japan's Foreign Minister HAYASHI").
fn modifies_next(s: &Sentence<'_>, m: &Mention, out: &Out<'_>) -> bool {
    body_after(s, m, out).is_some()
}

/// The organisation named right after `m`, past a possessive ("the US’ NASA").
fn body_after<'s>(s: &'s Sentence<'_>, m: &Mention, out: &Out<'_>) -> Option<&'s Mention> {
    let k = m.end + usize::from(s.tokens.get(m.end).is_some_and(|t| t.shape == Shape::Possessive));
    s.mentions.iter().find(|x| x.start == k && x.kind == Kind::Name && out.class(x.entity).is_organization())
}

/// Government bodies listed together ("the Ministry of Foreign Affairs;
/// National Security Secretariat; Ministry of Defense; ..."): one with no
/// country of its own takes the country of the others, when at least two of
/// them have one and all of those agree.
fn list_country(s: &Sentence<'_>, si: usize, out: &mut Out<'_>) {
    let bodies: Vec<&Mention> =
        s.mentions.iter().filter(|m| m.kind == Kind::Name && out.class(m.entity) == Class::GovernmentBody).collect();
    // Runs of bodies separated only by a comma or semicolon (and "and", "the").
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut last_end: Option<usize> = None;
    for m in bodies {
        let joined = last_end.is_some_and(|end| {
            m.start >= end
                && m.start - end <= 3
                && s.tokens[end..m.start].iter().any(|t| matches!(t.text, ";" | ","))
                && s.tokens[end..m.start].iter().all(|t| is_word(WordClass::BodyListGap, t.text))
        });
        match runs.last_mut() {
            Some(run) if joined => run.push(m.entity),
            _ => runs.push(vec![m.entity]),
        }
        last_end = Some(m.end);
    }
    for run in runs.into_iter().filter(|r| r.len() >= 3) {
        let country_of = |out: &Out<'_>, b: usize| {
            let b = out.table.find(b);
            out.facts
                .iter()
                .find(|f| f.property == Property::Country && out.table.find(f.subject) == b)
                .map(|f| out.table.find(f.object))
        };
        let known: BTreeSet<usize> = run.iter().filter_map(|&b| country_of(out, b)).collect();
        let with_country = run.iter().filter(|&&b| country_of(out, b).is_some()).count();
        if known.len() != 1 || with_country < 2 {
            continue;
        }
        let c = *known.iter().next().expect("one country");
        for &b in &run {
            if country_of(out, b).is_none() {
                out.fact(b, Property::Country, c, si, "list-country", 0.55);
            }
        }
    }
}

/// A government body with no country, in a sentence that names exactly one
/// country. A person's nationality is no country of the sentence: "the AU
/// Executive Council appointed the Ivorian Dr. Tidiane Ouattara".
fn lone_country(s: &Sentence<'_>, si: usize, out: &mut Out<'_>) {
    let nationality = |m: &Mention| {
        m.kind == Kind::Demonym
            && s.mentions
                .iter()
                .filter(|x| x.start >= m.end)
                .min_by_key(|x| x.start)
                .is_some_and(|x| x.start <= m.end + 3 && out.class(x.entity) == Class::Person)
    };
    let countries: BTreeSet<usize> = s
        .mentions
        .iter()
        .filter(|m| m.kind != Kind::PairPart && out.class(m.entity) == Class::Country && !nationality(m))
        .map(|m| out.table.find(m.entity))
        .collect();
    if countries.len() != 1 {
        return;
    }
    let c = *countries.iter().next().expect("one country");
    let bodies: Vec<usize> = s
        .mentions
        .iter()
        .filter(|m| {
            m.kind == Kind::Name
                && out.class(m.entity) == Class::GovernmentBody
                && out.table.get(m.entity).gaz.is_none()
        })
        .map(|m| m.entity)
        .collect();
    for b in bodies {
        let has =
            out.facts.iter().any(|f| f.property == Property::Country && out.table.find(f.subject) == out.table.find(b));
        if !has {
            out.fact(b, Property::Country, c, si, "sentence-country", 0.5);
        }
    }
}
