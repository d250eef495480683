//! Meetings: who met whom, who took part, where and when.

use super::{Cx, Sx, meeting, party, person, place};
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
fn place_and_date(cx: &Cx<'_, '_>, out: &mut Out<'_>, meetings: &[usize]) {
    let places = cx.of(out, cx.obl(&["in", "at"]), place);
    for &m in meetings {
        for &p in &places {
            cx.fact(out, m, Property::Location, p);
        }
        cx.date(out, m);
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

/// "Bill Nelson met Josef Aschbacher in Paris", "held talks with".
pub(super) fn met(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let agents = agents(cx, out);
    let mut others = cx.of(out, cx.f.theme.iter().copied(), party);
    others.extend(cx.of(out, cx.obl(&["with"]), party));
    let people =
        |v: &[usize], out: &Out<'_>| -> Vec<usize> { v.iter().copied().filter(|&x| person(out.class(x))).collect() };
    let (pa, pb) = (people(&agents, out), people(&others, out));
    for &a in &pa {
        for &b in &pb {
            cx.fact(out, a, Property::MetWith, b);
        }
    }
    let meetings = cx.of(out, at_or_beside(cx), meeting);
    for &m in &meetings {
        for &x in agents.iter().chain(&others) {
            cx.fact(out, m, Property::Participant, x);
        }
    }
    place_and_date(cx, out, &meetings);
}

/// "The talks between Bill Nelson and Josef Aschbacher", "a meeting with X".
pub(super) fn talks(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let mut people = cx.of(out, cx.obl(&["between", "among"]), person);
    people.extend(cx.of(out, cx.f.agent.iter().copied(), person));
    for (i, &a) in people.iter().enumerate() {
        for &b in &people[i + 1..] {
            cx.fact(out, a, Property::MetWith, b);
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
    let meetings = cx.of(out, objects.iter().copied(), meeting);
    for x in agents(cx, out) {
        for &m in &meetings {
            cx.fact(out, m, Property::Participant, x);
        }
    }
    place_and_date(cx, out, &meetings);
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

/// "Japan hosted the Quad Leaders' Summit", "the summit was held in Tokyo on 24 May".
pub(super) fn hold(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let mut meetings = cx.of(out, cx.f.theme.iter().copied(), meeting);
    if meetings.is_empty() && cx.f.passive {
        meetings.extend(cx.unnamed_meeting(out));
    }
    // Active: the subject hosts; passive: "co-chaired by representatives from A and B".
    let mut hosts = if cx.f.passive {
        cx.of(out, cx.obl(&["by", "from"]), party)
    } else {
        cx.of(out, cx.f.agent.iter().copied(), party)
    };
    // "The summit was held in Lima with the participation of 30 countries".
    hosts.extend(cx.of(out, cx.obl_of(WordClass::ParticipationBy), party));
    for x in hosts {
        for &m in &meetings {
            cx.fact(out, m, Property::Participant, x);
        }
    }
    place_and_date(cx, out, &meetings);
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
/// right after a meeting's name (or ending it) is the session's.
pub(super) fn year_after_name(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let s = sx.s;
    for m in s.mentions.iter() {
        if !meeting(out.class(m.entity)) {
            continue;
        }
        let last = &s.tokens[m.end - 1];
        let year = crate::dates::year(last)
            .or_else(|| s.tokens.get(m.end).and_then(crate::dates::year))
            .filter(|_| s.tokens.get(m.end + 1).is_none_or(|t| !t.is_capitalized()));
        if let Some(y) = year {
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
        let bare = s.mention_at(k).is_none()
            && (c.is(WordClass::MeetingNoun, k) || c.is(WordClass::MeetNoun, k))
            && matches!(c.lower[k - 1].as_str(), "the" | "this");
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
