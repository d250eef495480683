//! Signing: who signed, adopted or joined which instrument, and when.

use super::{Cx, Sx, actor, agreement, country, meeting, party, person};
use crate::facts::Out;
use crate::model::Attribute;
use crate::model::Property;
use crate::words::WordClass;

fn signs(cx: &Cx<'_, '_>, out: &mut Out<'_>, agreements: &[usize], signers: &[usize]) {
    if let Some(&last) = agreements.last() {
        out.last_joined = Some(last);
    }
    // "The deal, signed on February 28, 2025, ...": the clause dates the
    // signing even when it names no signer. (A country joining a listed
    // accord years later dates that accession, not the accord: a known
    // error, FIXME, for lack of a reading of "the 28th nation to sign".)
    for &a in agreements {
        for &x in signers {
            cx.fact(out, x, Property::Signed, a);
        }
        // "Peru will sign the Artemis Accords": the instrument itself is
        // planned (until the article tells it signed).
        if cx.f.status == Some(crate::model::Status::Planned) {
            out.attr(a, Attribute::Status("planned".into()), cx.si, cx.rule.name, cx.rule.confidence);
        }
        // "Slovenia signed the Artemis Accords on 6 April 2024": one party
        // signing a listed (multilateral) instrument tells an accession, whose
        // date is not the instrument's ("Eight countries, including the U.S.,
        // signed the Accords in 2020" tells the signing itself).
        let accession = out.table.get(a).gaz.is_some() && signers.len() == 1 && !cx.names_many();
        if !accession {
            cx.date(out, a);
        }
    }
    if agreements.is_empty() {
        return;
    }
    // "signed ... at the G7 Summit", "during the IAC": the signers took part
    // in it, and the signing's place and date are the meeting's ("signed on
    // 21 September 2022 at the IAC in Paris").
    let meetings = cx.of(out, cx.obl_of(WordClass::AtEvent), meeting);
    for &m in &meetings {
        for &x in signers {
            cx.fact(out, m, Property::Participant, x);
        }
    }
    super::meetings::place_and_date(cx, out, &meetings);
}

/// Two sides of one signing cooperate ("ASA signed a memorandum with JAXA"),
/// and two people who sign together in one place meet ("X signed the MoU
/// with Y"), unless the sentence says the ceremony was remote.
fn sides(cx: &Cx<'_, '_>, out: &mut Out<'_>, one: &[usize], other: &[usize]) {
    let remote = cx.remote();
    for &a in one {
        for &b in other {
            let (ca, cb) = (out.class(a), out.class(b));
            if actor(ca) && actor(cb) {
                cx.fact(out, a, Property::CooperatesWith, b);
            } else if person(ca) && person(cb) && !remote {
                cx.fact(out, a, Property::MetWith, b);
            }
        }
    }
}

/// "Peru, Chile and Colombia signed the Artemis Accords (with B) on 3 May 2024."
pub(super) fn active(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    if cx.f.passive {
        return;
    }
    let mut agreements = cx.of(out, cx.f.theme.iter().copied(), agreement);
    let mut agents = cx.of(out, cx.f.agent.iter().copied(), party);
    // "an MOU signing ceremony with B": the instrument names the signing;
    // the clause's subject signs.
    if agents.is_empty() {
        agreements.extend(cx.of(out, cx.f.agent.iter().copied(), agreement));
        agents = cx.subject(out);
    }
    // "Dr. Walther Pelzer signed on behalf of Germany": a signer for a party,
    // with nothing signed named, signed what the article joined last.
    // ("signed on behalf of their countries": no list after it.)
    let for_party =
        !cx.obl(&["on behalf of"]).is_empty() || cx.c.lower.get(cx.f.end + 1).is_some_and(|w| w == "behalf");
    if agreements.is_empty() && cx.f.theme.is_empty() && for_party {
        agreements.extend(joined_last(out));
    }
    // "On behalf of the Republic of Rwanda, Francis Ngabo, chief executive
    // of the Rwanda Space Agency, signed": the fronted list's country and people.
    if agents.is_empty() {
        let fronted = cx.obl(&["on behalf of"]).into_iter().filter(|&g| cx.c.groups[g].end <= cx.f.at);
        agents = cx.of(out, fronted, |c| country(c) || person(c));
    }
    // "Francis Ngabo, chief executive of the RSA, and Matthew Adepoju,
    // director general of NASRDA, signed": people whose appositions cut the list.
    if !agents.iter().any(|&x| person(out.class(x))) {
        agents.extend(apposed_people(cx, out));
    }
    // "X signed the arrangements on behalf of the EU", "Pedro Alves signed
    // the Accords on behalf of Portugal", "signed the Accords for Uruguay":
    // the body or country signs (one side of the signing).
    let mut behalf = cx.of(out, cx.obl(&["on behalf of"]), actor);
    behalf.extend(for_country(cx, out));
    behalf.retain(|b| !agents.contains(b));
    agents.extend(&behalf);
    let with = cx.of(out, cx.obl_of(WordClass::WithParty), party);
    let signers: Vec<usize> = agents.iter().chain(&with).copied().collect();
    signs(cx, out, &agreements, &signers);
    later_signatories(cx, out, &agreements);
    about_programs(cx, out, &agreements);
    // A listed treaty or accord is multilateral: signing it together is no partnership.
    let bilateral = !agreements.is_empty() && agreements.iter().all(|&a| out.table.get(a).gaz.is_none());
    if bilateral {
        sides(cx, out, &agents, &with);
        // "VNSC and Sumitomo Corporation have signed the contract": two
        // signers, one on each side.
        if with.is_empty() && agents.len() == 2 {
            sides(cx, out, &agents[..1], &agents[1..]);
        }
    }
    // Whatever the instrument (a listed accord is no partnership), two
    // people who sign it side by side meet: "Wrochna signed the Accords with
    // Pam Melroy", "CNES Director Lionel Suchet and NASA's Jim Free signed".
    let people = |v: &[usize]| -> Vec<usize> { v.iter().copied().filter(|&x| person(out.class(x))).collect() };
    let (pa, pw) = (people(&agents), people(&with));
    if !bilateral {
        sides(cx, out, &pa, &pw);
    }
    if pw.is_empty() && pa.len() == 2 {
        sides(cx, out, &pa[..1], &pa[1..]);
    }
}

/// "signed a new Memorandum of Understanding to formalise the provision of
/// elements for the Rosalind Franklin rover mission", "adopted a Joint
/// Statement ..., agreeing to jointly pursue the Artemis program": the
/// programs in the instrument's own phrase, up to its end (a clause end, or
/// a comma that no phrase word such as "agreeing" carries on) concern it.
fn about_programs(cx: &Cx<'_, '_>, out: &mut Out<'_>, agreements: &[usize]) {
    let Some(&g) = cx.f.theme.last() else { return };
    let from = cx.c.groups[g].end;
    let n = cx.c.lower.len();
    let mut k = from;
    let stop = (from + 15).min(n);
    while k < stop {
        let comma_ends = cx.c.lower[k] == "," && !cx.c.is(WordClass::GoesOn, k + 1);
        if cx.c.is(WordClass::PhraseEnd, k) || comma_ends {
            break;
        }
        if let Some(m) = cx.s.mentions.iter().find(|m| m.start == k && super::program(out.class(m.entity))) {
            for &a in agreements {
                cx.fact(out, a, Property::Concerns, m.entity);
            }
            k = m.end;
            continue;
        }
        k += 1;
    }
}

/// "Pedro Alves signed the Accords on behalf of Portugal": the signer
/// represents the country; "On behalf of VNSC, Mr. X has signed": works for
/// the body (who heads it is no mere member: see `relations::drop_superseded_on_behalf`).
pub(super) fn on_behalf(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let behalf = cx.of(out, cx.obl(&["on behalf of"]), actor);
    let mut people = cx.of(out, cx.f.agent.iter().copied(), person);
    if people.is_empty() {
        people = cx.of(out, cx.obl(&["on behalf of", "by"]), person);
    }
    if people.is_empty() {
        people = apposed_people(cx, out);
    }
    if people.is_empty() {
        people = cx.subject_of(out, person);
    }
    for &b in &behalf {
        let rule = if out.class(b) == crate::model::Class::Country { "on-behalf-of" } else { "on-behalf-of-body" };
        for &p in &people {
            out.fact_as(p, Property::MemberOf, b, cx.si, rule, cx.rule.confidence, cx.f.status);
        }
    }
}

/// The people of the lists no preposition governs before the predicate,
/// when no predicate comes before it and at least two such lists name
/// people (appositions with brackets cut one list of signers into several).
fn apposed_people(cx: &Cx<'_, '_>, out: &Out<'_>) -> Vec<usize> {
    let first = !cx.c.frames.iter().any(|f| f.at < cx.f.at);
    let lists: Vec<usize> = (0..cx.c.groups.len())
        .filter(|&g| {
            let gr = &cx.c.groups[g];
            gr.end <= cx.f.at && gr.prep.is_none() && !cx.c.is_bracketed(gr.clause)
        })
        .filter(|&g| !cx.of(out, [g], person).is_empty())
        .collect();
    if !first || lists.len() < 2 {
        return Vec::new();
    }
    cx.of(out, lists, person)
}

/// "signed the Accords for Uruguay": a country right after the instrument,
/// after "for".
fn for_country(cx: &Cx<'_, '_>, out: &Out<'_>) -> Vec<usize> {
    let Some(&theme) = cx.f.theme.last() else { return Vec::new() };
    let end = cx.c.groups[theme].end;
    let right_after = cx.obl(&["for"]).into_iter().filter(|&g| cx.c.groups[g].start <= end + 2);
    cx.of(out, right_after, country)
}

/// The lists that name a passive signing's signers: after "by" or
/// "between", and the lists that go on from there in the clause with no
/// other preposition (appositions that cut the list, "represented by"): "by
/// Eric Morel, ESA Director European, Legal and International Matters, and
/// Salvador Landeros, General Director of AEM, in the presence of ...",
/// "between the Italian Space Agency represented by President Teodoro
/// Valente and the Egyptian Space Agency, represented by CEO Sherif Sedky".
fn signer_lists(cx: &Cx<'_, '_>) -> Vec<usize> {
    let mut lists = cx.obl(&["by", "between"]);
    let Some(&first) = lists.iter().min_by_key(|&&g| cx.c.groups[g].start) else { return lists };
    let goes_on = (first + 1..cx.c.groups.len())
        .filter(|&g| cx.c.groups[g].clause == cx.f.clause)
        .take_while(|&g| cx.c.groups[g].prep.as_deref().is_none_or(|p| p == "by"));
    lists.extend(goes_on);
    lists.sort_unstable();
    lists.dedup();
    lists
}

/// The instrument a signing for a party with none named signs: the one the
/// article joined last, else the one agreement it names.
fn joined_last(out: &Out<'_>) -> Option<usize> {
    out.last_joined.filter(|&e| agreement(out.class(e))).or(out.sole_agreement)
}

/// "Eight countries signed the Accords in 2020, followed (subsequently) by
/// Ukraine and Brazil": the later signatories of a listed instrument.
fn later_signatories(cx: &Cx<'_, '_>, out: &mut Out<'_>, agreements: &[usize]) {
    let listed: Vec<usize> = agreements.iter().copied().filter(|&a| out.table.get(a).gaz.is_some()).collect();
    let followed = |g: &usize| {
        let start = cx.c.groups[*g].start;
        (start.saturating_sub(3)..start).any(|k| cx.c.is(WordClass::FollowedBy, k))
    };
    let later: Vec<usize> = cx.obl(&["by"]).into_iter().filter(followed).collect();
    let countries = cx.of(out, later, country);
    cx.across(out, Property::Signed, &countries, &listed);
}

/// "The Accords were signed by Peru and Chile", "the MoU, signed between A and B".
pub(super) fn passive(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    if !cx.f.passive {
        return;
    }
    let mut agreements = cx.of(out, cx.f.theme.iter().copied(), agreement);
    // "The agreement between Axiom and the CSA was signed on 21 September":
    // the clause's subject, when the list before the verb is no instrument.
    if agreements.is_empty() {
        agreements = cx.subject_of(out, agreement);
    }
    let mut signers = cx.of(out, signer_lists(cx), party);
    // "The accords were signed on behalf of Nigeria by X": the country too,
    // and with no instrument named, the one the article joined last.
    let behalf = cx.of(out, cx.obl(&["on behalf of"]), party);
    if !behalf.is_empty() && !signers.is_empty() {
        signers.extend(behalf);
        if agreements.is_empty() && cx.f.theme.is_empty() {
            agreements.extend(joined_last(out));
        }
    }
    // "The Declaration was signed in October 2020, with the participation of
    // seven countries": with no signer named, those taking part signed.
    if signers.is_empty() {
        signers = cx.of(out, cx.obl_of(WordClass::ParticipationBy), party);
    }
    signs(cx, out, &agreements, &signers);
    // Two signing bodies (or two signing people) are two sides; seven
    // countries signing one declaration are a multilateral act, not 21
    // partnerships.
    if !agreements.is_empty() && agreements.iter().all(|&a| out.table.get(a).gaz.is_none()) {
        let actors: Vec<usize> = signers.iter().copied().filter(|&x| actor(out.class(x))).collect();
        let people: Vec<usize> = signers.iter().copied().filter(|&x| person(out.class(x))).collect();
        for two in [actors, people] {
            if let [a, b] = two[..] {
                sides(cx, out, &[a], &[b]);
            }
        }
    }
}

/// "The signing of the Accords by Peru", "Japan's signing of the MoU".
pub(super) fn noun(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let agreements = cx.of(out, cx.obl(&["of"]), agreement);
    let mut signers = cx.of(out, cx.f.agent.iter().copied(), party);
    signers.extend(cx.of(out, cx.obl(&["by", "between"]), party));
    // "bilateral cooperation between India and Indonesia after signing of the
    // Framework Agreement": a signing that names no signer is the two sides'
    // the sentence names "between" (one such pair, and only that).
    if signers.is_empty() {
        let between: Vec<usize> =
            (0..cx.c.groups.len()).filter(|&g| cx.c.groups[g].prep.as_deref() == Some("between")).collect();
        if let [g] = between[..] {
            let sides = cx.of(out, [g], actor);
            if sides.len() == 2 {
                signers = sides;
            }
        }
    }
    signs(cx, out, &agreements, &signers);
}

/// "Rwanda joined the Artemis Accords", "acceded to the treaty".
pub(super) fn accede(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    if cx.f.passive {
        return;
    }
    // "Peru is the 12th country to sign the Artemis Accords, joining
    // Australia, Canada and Japan": those joined signed the listed instrument.
    let listed = cx.of(out, cx.f.agent.iter().copied(), agreement);
    let joined_after = cx.f.at >= 1 && cx.c.lower[cx.f.at - 1] == ",";
    if joined_after && listed.iter().all(|&a| out.table.get(a).gaz.is_some()) {
        let earlier = cx.of(out, cx.f.theme.iter().copied(), country);
        cx.across(out, Property::Signed, &earlier, &listed);
    }
    let mut objects = cx.f.theme.clone();
    objects.extend(cx.obl(&["to"]));
    let mut agreements = cx.of(out, objects.iter().copied(), agreement);
    let signers = cx.of(out, cx.f.agent.iter().copied(), party);
    let programs = cx.of(out, objects.iter().copied(), super::program);
    // "Venezuela, Pakistan and Egypt signed up during 2023": what the article
    // joined last. Joining a person or a body is keeping them company, no
    // accession ("Nelson joined CNES President Philippe Baptiste for the signing").
    let joins_party = !cx.of(out, cx.f.theme.iter().copied(), party).is_empty();
    if agreements.is_empty() && programs.is_empty() && !signers.is_empty() && !joins_party {
        agreements.extend(out.last_joined.filter(|&e| agreement(out.class(e))));
    }
    if let Some(&last) = agreements.last().or(programs.last()) {
        out.last_joined = Some(last);
    }
    signs(cx, out, &agreements, &signers);
}

/// "the 1967 Outer Space Treaty", "the Outer Space Treaty of 1967": a year
/// that names an instrument dates it.
pub(super) fn year_with_name(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let s = sx.s;
    for m in s.mentions.iter() {
        if !agreement(out.class(m.entity)) {
            continue;
        }
        let before = m.start.checked_sub(1).and_then(|k| s.tokens.get(k)).and_then(crate::dates::year);
        // "in 2020 the Accords ...": a year after a preposition dates the clause, not the name.
        // So does a year that ends a date ("on 3 May 2024 Peru ...").
        let governed = m.start >= 2 && {
            let t = &s.tokens[m.start - 2];
            sx.c.is(WordClass::YearGovernor, m.start - 2)
                || t.shape == crate::text::Shape::Number
                || crate::dates::is_weekday_or_month(t.text)
        };
        let after = (s.tokens.get(m.end).is_some_and(|t| t.text == "of"))
            .then(|| s.tokens.get(m.end + 1).and_then(crate::dates::year))
            .flatten()
            .filter(|_| s.tokens.get(m.end + 2).is_none_or(|t| !t.is_capitalized()));
        if let Some(y) = before.filter(|_| !governed).or(after) {
            out.attr(m.entity, Attribute::Date(format!("{y:04}")), sx.si, sx.rule.name, sx.rule.confidence);
        }
    }
}

/// "Chile is the most recent signatory to the Artemis Accords", "welcomed
/// Peru as the latest signatory to A", "The other signatories of A are X, Y
/// and Z": who a signatory noun says signed.
pub(super) fn signatory(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let (s, c) = (sx.s, sx.c);
    for k in 0..s.tokens.len().saturating_sub(1) {
        if !(c.is(WordClass::Signatory, k) && c.is(WordClass::SignatoryOf, k + 1)) {
            continue;
        }
        let Some(am) = s.mentions.iter().find(|m| m.start > k && m.start <= k + 4 && agreement(out.class(m.entity)))
        else {
            continue;
        };
        let clause = c.clause_of(k);
        let list = |g: usize| c.entities(s, g).into_iter().filter(|&e| party(out.class(e))).collect::<Vec<_>>();
        let as_at = (k.saturating_sub(5)..k).rev().find(|&j| c.lower[j] == "as");
        let group = if let Some(as_at) = as_at {
            // The one welcomed, not the host.
            c.groups.iter().position(|g| g.end == as_at)
        } else if c.is(WordClass::SignatoriesAre, am.end) {
            c.groups.iter().position(|g| g.start > am.end && g.start <= am.end + 2)
        } else {
            c.groups.iter().position(|g| g.clause == clause && g.end <= k && g.prep.is_none())
        };
        for e in group.map(list).unwrap_or_default() {
            out.fact(e, Property::Signed, am.entity, sx.si, sx.rule.name, sx.rule.confidence);
        }
    }
}
