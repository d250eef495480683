//! Meetings: who met whom, who took part, where and when.

use super::{Cx, Sx, meeting, meeting_noun, party, person, place, program};
use crate::facts::Out;
use crate::model::Attribute;
use crate::model::Property;
use crate::words::{self, WordClass};

/// The frame's obliques that may name the meeting it tells of attending, in
/// the frame's order: the word classes `at-event` ("at the summit", "on the
/// sidelines of the G20") and `beside-event` ("took part in the summit").
fn at_or_beside(cx: &Cx<'_, '_>) -> Vec<usize> {
    let wanted = |p: &str| words::is_entry(WordClass::AtEvent, p) || words::is_entry(WordClass::BesideEvent, p);
    cx.f.obliques.iter().copied().filter(|&g| cx.c.groups[g].prep.as_deref().is_some_and(wanted)).collect()
}

/// A meeting's place and date from the frame that tells it.
pub(super) fn place_and_date(cx: &Cx<'_, '_>, out: &mut Out<'_>, meetings: &[usize]) {
    let places = cx.of(out, cx.obl(&["in", "at"]), place);
    for &m in meetings {
        for &p in &places {
            cx.fact(out, m, Property::Location, p);
        }
        // "took place in July 2014 in Washington, and the second in April
        // 2016 in Seoul": each date a holding clause gives is a session's.
        if cx.f.class == WordClass::Hold {
            cx.each_date(out, m);
        } else {
            cx.date(out, m);
        }
    }
}

/// Who acts, or when no list is the subject, the list that says whose people
/// act: "Research ministers from Germany and Italy met", "Leaders of Japan and
/// India attended".
fn agents(cx: &Cx<'_, '_>, out: &Out<'_>) -> Vec<usize> {
    let agents = cx.of(out, cx.f.agent.iter().copied(), party);
    if !agents.is_empty() {
        return agents;
    }
    let before: Vec<usize> = cx.obl(&["of", "from"]).into_iter().filter(|&g| cx.c.groups[g].end <= cx.f.at).collect();
    cx.of(out, before, party)
}

/// The people among `v`.
fn people_of(out: &Out<'_>, v: &[usize]) -> Vec<usize> {
    v.iter().copied().filter(|&x| person(out.class(x))).collect()
}

/// "Bill Nelson met Josef Aschbacher in Paris", "held talks with", "Biden and
/// Kishida met" (a meeting by video or telephone is no meeting in person).
pub(super) fn met(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let agents = agents(cx, out);
    let mut others = cx.of(out, cx.f.theme.iter().copied(), party);
    others.extend(cx.of(out, cx.obl(&["with"]), party));
    if !cx.remote() {
        let (pa, pb) = (people_of(out, &agents), people_of(out, &others));
        cx.across(out, Property::MetWith, &pa, &pb);
        cx.each_pair(out, Property::MetWith, &pa);
    }
    // "meeting in Seville on 6 and 7 November for the European Space Summit".
    let mut events = at_or_beside(cx);
    events.extend(cx.obl(&["for"]));
    let meetings = cx.of(out, events, meeting);
    for &m in &meetings {
        for &x in agents.iter().chain(&others) {
            cx.fact(out, m, Property::Participant, x);
        }
    }
    place_and_date(cx, out, &meetings);
}

/// "The talks between Bill Nelson and Josef Aschbacher", "Kishida's meeting
/// with Biden" (a remote one is no meeting in person).
pub(super) fn talks(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    if cx.remote() {
        return;
    }
    let mut people = cx.of(out, cx.obl(&["between", "among"]), person);
    people.extend(cx.of(out, cx.f.agent.iter().copied(), person));
    cx.each_pair(out, Property::MetWith, &people);
}

/// An event told with whom it was shared: "Yoon held a bilateral meeting
/// with Bill Nelson", "Harris spoke at a joint news conference with Crown
/// Prince Salman", "Oh Tae-seok held an MOU signing ceremony with Lisa
/// Campbell": who holds it (its possessor, else the clause's subject) met
/// the people after "with".
pub(super) fn event_with(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let with = cx.of(out, cx.obl_of(WordClass::WithParty), person);
    if with.is_empty() || cx.remote() {
        return;
    }
    let mut holders = cx.of(out, cx.f.agent.iter().copied(), person);
    if holders.is_empty() {
        holders = cx.subject_of(out, person);
    }
    cx.across(out, Property::MetWith, &holders, &with);
}

/// "Antony Blinken and Hayashi Yoshimasa shake hands after signing the
/// agreement", "X and Y pose with the signed memorandum": the people of the
/// subject were together.
pub(super) fn together(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let people = cx.of(out, cx.f.agent.iter().copied(), person);
    cx.each_pair(out, Property::MetWith, &people);
}

/// "Bill Nelson joined CNES President Philippe Baptiste for the signing
/// ceremony": joining a person for an event (a meeting or signing noun after
/// them in the clause) is meeting them.
pub(super) fn joined_for(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    if cx.f.passive || cx.remote() {
        return;
    }
    let joined = cx.of(out, cx.f.theme.iter().copied(), person);
    let Some(&last) = cx.f.theme.last() else { return };
    let (_, end) = cx.c.clauses[cx.f.clause];
    let event = (cx.c.groups[last].end..end).any(|k| meeting_noun(cx.c, k) || cx.c.is(WordClass::SignNoun, k));
    if event {
        let agents = cx.of(out, cx.f.agent.iter().copied(), person);
        cx.across(out, Property::MetWith, &agents, &joined);
    }
}

/// Photo captions place people side by side: "NASA Administrator Bill
/// Nelson, right, and CNES President Philippe Baptiste shake hands", "X
/// (left) and Y": two people joined by "and" right after a side marker (the
/// first may have an apposition, "X, head of Z, left, and Y"; at most a title
/// before the second).
pub(super) fn caption_side_by_side(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let (s, c) = (sx.s, sx.c);
    if c.any(WordClass::Remote) {
        return;
    }
    let people: Vec<_> =
        s.mentions.iter().filter(|m| m.kind != crate::ner::Kind::PairPart && person(out.class(m.entity))).collect();
    for pair in people.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b.start < a.end || b.start - a.end > 24 {
            continue;
        }
        let gap = &c.lower[a.end..b.start];
        let marked = gap.windows(4).position(|g| {
            matches!(g[0].as_str(), "," | "(")
                && words::is_entry(WordClass::CaptionSide, &g[1])
                && matches!(g[2].as_str(), "," | ")")
                && g[3] == "and"
        });
        let title_only = |at: usize| {
            let rest = &gap[at + 4..];
            rest.len() <= 8 && !rest.iter().any(|x| words::is_entry(WordClass::CaptionGapBreak, x))
        };
        if marked.is_some_and(title_only) {
            out.fact(a.entity, Property::MetWith, b.entity, sx.si, sx.rule.name, sx.rule.confidence);
        }
    }
}

/// "Germany and Italy attended the G7 Summit", "spoke at the forum".
pub(super) fn attend(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    if cx.f.passive {
        return;
    }
    let mut objects = cx.f.theme.clone();
    objects.extend(at_or_beside(cx));
    let mut meetings = cx.of(out, objects.iter().copied(), meeting);
    // "Albanese and Wong, both of whom attended the meeting": a meeting told
    // by its kind alone right after the verb is the one the article named last.
    if meetings.is_empty() {
        meetings.extend(referred_meeting_after(cx, out));
    }
    for x in agents(cx, out) {
        for &m in &meetings {
            cx.fact(out, m, Property::Participant, x);
        }
    }
    place_and_date(cx, out, &meetings);
}

/// The meeting named last, when a `definite` word and a meeting noun follow
/// the frame's verb ("attended the meeting", "addressed this session").
fn referred_meeting_after(cx: &Cx<'_, '_>, out: &Out<'_>) -> Option<usize> {
    let k = cx.f.end;
    let det = cx.c.is(WordClass::Definite, k);
    let bare = det && meeting_noun(cx.c, k + 1) && cx.s.mention_at(k + 1).is_none();
    out.last_meeting.filter(|_| bare)
}

/// "At the G7 Summit, Japan announced a mission", "During its 62nd session,
/// the Committee adopted guidelines", "The MoC was acknowledged by A and B
/// at the Leaders Meeting": who acts at a meeting takes part in it.
pub(super) fn act_at(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let meetings = cx.of(out, cx.obl_of(WordClass::AtEvent), meeting);
    let actors = if cx.f.passive { cx.of(out, cx.obl(&["by"]), party) } else { agents(cx, out) };
    for x in actors {
        for &m in &meetings {
            cx.fact(out, m, Property::Participant, x);
        }
    }
}

/// "Japan hosted the Quad Leaders' Summit", "the summit was held in Tokyo on
/// 24 May", "Officials from A and B convened in Lisbon for the Dialogue",
/// "The first round of the dialogue took place in 2019", "the Summit of the
/// Andean Community, held in Quito".
pub(super) fn hold(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let meetings = held(cx, out);
    // Active: the subject hosts, with those it holds the meeting "together
    // with"; passive: "co-chaired by representatives from A and B", "by
    // Director General A of the Canadian Space Agency and ...".
    let mut hosts = if cx.f.passive { cx.of(out, passive_hosts(cx), party) } else { agents(cx, out) };
    if !cx.f.passive {
        hosts.extend(cx.of(out, cx.obl_of(WordClass::WithParty), party));
    }
    // "The summit was held in Lima with the participation of 30 countries".
    hosts.extend(cx.of(out, cx.obl_of(WordClass::ParticipationBy), party));
    for x in hosts {
        for &m in &meetings {
            cx.fact(out, m, Property::Participant, x);
        }
    }
    place_and_date(cx, out, &meetings);
}

/// The lists after "by" or "from" of a passive holding frame, and the
/// bodies their people are of: "co-chaired by Director General A of the
/// Canadian Space Agency and Deputy Director B of the Mexican Space Agency".
fn passive_hosts(cx: &Cx<'_, '_>) -> Vec<usize> {
    let by = cx.obl(&["by", "from"]);
    let Some(&first) = by.first() else { return by };
    let start = cx.c.groups[first].start;
    let of = cx.obl(&["of"]).into_iter().filter(|&g| cx.c.groups[g].start > start);
    by.iter().copied().chain(of).collect()
}

/// The meetings a holding frame tells of, the first of these that names
/// one: its object (its subject when passive); a meeting it is held for
/// ("convened ... for the Dialogue"); a meeting before the verb ("The
/// summit took place", "The first round of the dialogue took place"); the
/// list the participle follows ("the Summit ..., held in Quito"); a meeting
/// told by a noun alone, the one the article named last ("This meeting was
/// co-chaired by", "the eighth meeting, which was co-chaired by").
fn held(cx: &Cx<'_, '_>, out: &Out<'_>) -> Vec<usize> {
    let before: Vec<usize> = (0..cx.c.groups.len())
        .filter(|&g| {
            let gr = &cx.c.groups[g];
            gr.clause == cx.f.clause && gr.end <= cx.f.at && gr.prep.as_deref().is_none_or(|p| p == "of")
        })
        .collect();
    // Past a comma or a closing bracket: "the Congress (IAC), taking place at".
    let punct = |k: usize| matches!(cx.c.lower[k].as_str(), "," | ")");
    let reduced =
        cx.c.groups.iter().rposition(|g| g.end <= cx.f.at && cx.f.at - g.end <= 2 && (g.end..cx.f.at).all(punct));
    let candidates = [cx.f.theme.clone(), cx.obl(&["for"]), before, reduced.into_iter().collect()];
    candidates
        .into_iter()
        .map(|gs| cx.of(out, gs, meeting))
        .find(|v| !v.is_empty())
        .or_else(|| cx.unnamed_meeting(out).map(|m| vec![m]))
        .unwrap_or_default()
}

/// "The G7 Summit ..., bringing together heads of state from France and
/// Italy": the meeting is the subject, its participants the object and the
/// lists after "from" or "of".
pub(super) fn gather(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    if cx.f.passive {
        return;
    }
    let mut meetings = cx.of(out, cx.f.agent.iter().copied(), meeting);
    // "to welcome the Australian Space Agency to the UK Space Conference 2019".
    if meetings.is_empty() && cx.c.is(WordClass::Welcome, cx.f.at) {
        meetings = cx.of(out, cx.obl(&["to"]), meeting);
    }
    let mut people = cx.of(out, cx.f.theme.iter().copied(), party);
    let after: Vec<usize> = cx.obl(&["from", "of"]).into_iter().filter(|&g| cx.c.groups[g].start >= cx.f.end).collect();
    people.extend(cx.of(out, after, party));
    for &m in &meetings {
        for &x in &people {
            cx.fact(out, m, Property::Participant, x);
        }
    }
}

/// "the UK Space Conference 2019", "the G7 Hiroshima Summit 2023": a year
/// right after a meeting's name (or ending it) is the session's; so is a
/// year between a determiner and the name ("the 2023 European Space Summit").
pub(super) fn year_after_name(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let s = sx.s;
    // The sentence's dates, read once, and only for a sentence that names a meeting.
    let mut dates = None;
    for m in s.mentions.iter() {
        if !meeting(out.class(m.entity)) {
            continue;
        }
        let last = &s.tokens[m.end - 1];
        let after = crate::dates::year(last)
            .or_else(|| s.tokens.get(m.end).and_then(crate::dates::year))
            .filter(|_| s.tokens.get(m.end + 1).is_none_or(|t| !t.is_capitalized()));
        let at = if s.tokens.get(m.start).and_then(crate::dates::year).is_some() {
            m.start
        } else {
            m.start.wrapping_sub(1)
        };
        let opens = at == 0 || at.checked_sub(1).is_some_and(|j| sx.c.is(WordClass::YearDeterminer, j));
        let before = s.tokens.get(at).and_then(crate::dates::year).filter(|_| opens);
        // "at the April 19, 2019 Security Consultative Committee": a whole date.
        let whole = dates
            .get_or_insert_with(|| crate::dates::find_dates(&s.tokens, None))
            .iter()
            .find(|d| d.end == m.start && (d.start == 0 || sx.c.is(WordClass::YearDeterminer, d.start - 1)));
        if let Some(d) = whole.filter(|d| d.value.len() > 4) {
            out.attr(m.entity, Attribute::Date(d.value.clone()), sx.si, sx.rule.name, sx.rule.confidence);
        } else if let Some(y) = after.or(before) {
            out.attr(m.entity, Attribute::Date(format!("{y:04}")), sx.si, sx.rule.name, sx.rule.confidence);
        }
    }
}

/// "The summit of the European Space Agency, the European Union and their
/// members": the parties after "of" take part in the meeting the noun names
/// (the meeting named last, for a bare "the summit").
pub(super) fn meeting_of(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let (s, c) = (sx.s, sx.c);
    for k in 1..s.tokens.len().saturating_sub(1) {
        if c.lower[k + 1] != "of" {
            continue;
        }
        let meeting_here = s.mention_at(k).map(|m| out.table.find(m.entity)).filter(|&e| meeting(out.class(e)));
        let bare = s.mention_at(k).is_none() && meeting_noun(c, k) && c.is(WordClass::Definite, k - 1);
        let Some(m) = meeting_here.or(out.last_meeting.filter(|_| bare)) else { continue };
        // The list right after "of" (a determiner between).
        let list = c
            .groups
            .iter()
            .enumerate()
            .find(|(_, g)| g.prep.as_deref() == Some("of") && g.start > k + 1 && g.start <= k + 3);
        let Some((g, _)) = list else { continue };
        for e in c.entities(s, g) {
            if party(out.class(e)) {
                out.fact(m, Property::Participant, e, sx.si, sx.rule.name, sx.rule.confidence);
            }
        }
    }
}

/// "The U.S. delegation was led by A and B", "Leading the ROK delegation
/// were A and B", "The high-level representation included A, B and C": the
/// people and bodies of a clause that tells who led or made up a delegation
/// take part in the meeting the sentence names (else the one the article
/// named last), and so does the country whose delegation it is.
pub(super) fn delegation(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let (s, c) = (sx.s, sx.c);
    let Some(k) = (0..s.tokens.len()).find(|&k| c.is(WordClass::Delegation, k) && s.mention_at(k).is_none()) else {
        return;
    };
    let clause = c.clause_of(k);
    let (ca, cb) = c.clauses[clause];
    if !(ca..cb).any(|j| c.is(WordClass::DelegationVerb, j)) {
        return;
    }
    let named = s.mentions.iter().map(|m| out.table.find(m.entity)).find(|&e| meeting(out.class(e)));
    let Some(mtg) = named.or(out.last_meeting) else { return };
    // "The U.S. delegation", "the Brazilian delegation": whose it is.
    let own = s.mentions.iter().find(|m| m.end == k && out.class(m.entity) == crate::model::Class::Country);
    let mut members: Vec<usize> = own.map(|m| m.entity).into_iter().collect();
    // "led by the Department of State's Deputy Assistant Secretary X": the
    // bodies whose officials lead it.
    let possessor = |m: &&crate::ner::Mention| {
        m.start >= ca
            && m.end < cb
            && s.tokens[m.end].shape == crate::text::Shape::Possessive
            && party(out.class(m.entity))
    };
    members.extend(s.mentions.iter().filter(possessor).map(|m| m.entity));
    for g in (0..c.groups.len()).filter(|&g| c.groups[g].clause == clause) {
        if c.groups[g].prep.as_deref().is_some_and(|p| !words::is_entry(WordClass::MemberPreposition, p)) {
            continue;
        }
        members.extend(c.entities(s, g).into_iter().filter(|&e| party(out.class(e))));
    }
    for e in members {
        out.fact(mtg, Property::Participant, e, sx.si, sx.rule.name, sx.rule.confidence);
    }
}

/// "at the UK Space Conference in Newport", "the International Astronautical
/// Congress (IAC) in Paris": a place right after a meeting's name (past its
/// bracketed short name) is where it is held, unless a lowercase word makes
/// the place part of a longer phrase ("in Paris region").
pub(super) fn meeting_in_place(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let (s, c) = (sx.s, sx.c);
    let meetings: Vec<_> = s.mentions.iter().filter(|m| meeting(out.class(m.entity))).collect();
    for m in meetings {
        let mut k = m.end;
        if c.lower.get(k).is_some_and(|w| w == "(") {
            let Some(close) = (k..(k + 6).min(s.tokens.len())).find(|&j| c.lower[j] == ")") else { continue };
            k = close + 1;
        }
        if !c.is(WordClass::MeetingPlacePreposition, k) {
            continue;
        }
        let Some(p) = s.mentions.iter().find(|p| p.start == k + 1 && place(out.class(p.entity))) else { continue };
        let modifier = s.tokens.get(p.end).is_some_and(|t| {
            t.text.chars().next().is_some_and(char::is_lowercase) && !c.is(WordClass::AfterMeetingPlace, p.end)
        });
        if modifier {
            continue;
        }
        out.fact(m.entity, Property::Location, p.entity, sx.si, sx.rule.name, sx.rule.confidence);
        // "The G7 summit in Hiroshima on 19-21 May 2023": and the date after the place.
        if c.lower.get(p.end).is_some_and(|w| w == "on") {
            let date = crate::dates::find_dates(&s.tokens, sx.year).into_iter().find(|d| d.start == p.end + 1);
            if let Some(d) = date {
                out.attr(m.entity, Attribute::Date(d.value), sx.si, sx.rule.name, sx.rule.confidence);
            }
        }
    }
}

/// "The Dialogue covered the Gateway", "participants reviewed progress on
/// TRISHNA", "the delegates discussed Artemis": the programs a meeting (its
/// subject, or the participants or delegation of the meeting named last)
/// talked about are its topics.
pub(super) fn topic(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    if cx.f.passive {
        return;
    }
    let mut meetings = cx.of(out, cx.f.agent.iter().copied(), meeting);
    let (a, _) = cx.c.clauses[cx.f.clause];
    if meetings.is_empty() && cx.f.agent.is_empty() && (a..cx.f.at).any(|k| cx.c.is(WordClass::Delegation, k)) {
        meetings.extend(out.last_meeting);
    }
    if meetings.is_empty() {
        meetings.extend(cx.unnamed_meeting(out).filter(|_| cx.f.agent.is_empty()));
    }
    // Every program the rest of the clause names ("covered commercial space
    // cooperation, with discussions on ... through NASA's CLPS initiative").
    let (_, b) = cx.c.clauses[cx.f.clause];
    let mut programs: Vec<usize> =
        cx.s.mentions
            .iter()
            .filter(|m| m.start >= cx.f.end && m.end <= b)
            .map(|m| out.table.find(m.entity))
            .filter(|&e| program(out.class(e)))
            .collect();
    programs.dedup();
    cx.across(out, Property::Concerns, &meetings, &programs);
}
