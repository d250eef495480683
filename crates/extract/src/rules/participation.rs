//! Participation: who takes part in which program.

use super::{Cx, Sx, actor, program};
use crate::facts::Out;
use crate::model::{Property, Status};
use crate::ner::Kind;
use crate::words::WordClass;

/// "Egypt will take part in the ILRS", "Canada contributes the arm to Gateway",
/// "Pakistan joined the ILRS".
pub(super) fn verb(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    if cx.f.passive {
        return;
    }
    let mut objects = cx.f.theme.clone();
    objects.extend(cx.obl(&["in", "to", "on", "for"]));
    let mut programs = cx.of(out, objects.iter().copied(), program);
    let agents = cx.of(out, cx.f.agent.iter().copied(), actor);
    // "Venezuela, Pakistan and Egypt signed up during 2023": what the article joined last.
    let agreements = cx.of(out, objects.iter().copied(), super::agreement);
    if programs.is_empty() && agreements.is_empty() && !agents.is_empty() {
        programs.extend(out.last_joined.filter(|&e| program(out.class(e))));
    }
    if let Some(&last) = programs.last() {
        out.last_joined = Some(last);
    }
    for x in agents {
        for &p in &programs {
            cx.fact(out, x, Property::ParticipatesIn, p);
        }
    }
}

/// "Japan's participation in the Gateway", "the participation of Egypt in
/// the ILRS"; of a meeting, "his participation in CELAC": the person the
/// clause goes on to name ("During his participation in CELAC, X said").
pub(super) fn noun(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let programs = cx.of(out, cx.obl(&["in", "to", "on"]), program);
    let meetings = cx.of(out, cx.obl(&["in", "at"]), super::meeting);
    let mut parties = cx.of(out, cx.f.agent.iter().copied(), actor);
    parties.extend(cx.of(out, cx.obl(&["of", "by"]), actor));
    for &x in &parties {
        for &p in &programs {
            cx.fact(out, x, Property::ParticipatesIn, p);
        }
    }
    let his = cx.f.at >= 1 && matches!(cx.c.lower[cx.f.at - 1].as_str(), "his" | "her" | "their");
    let mut people = cx.of(out, cx.f.agent.iter().copied(), super::party);
    if his && people.is_empty() {
        // The first person named after the phrase, in the same sentence.
        let after =
            cx.s.mentions.iter().find(|m| m.start > cx.f.end && out.class(m.entity) == crate::model::Class::Person);
        people.extend(after.map(|m| out.table.find(m.entity)));
    }
    for &m in &meetings {
        for &x in &people {
            cx.fact(out, m, Property::Participant, x);
        }
    }
}

/// "NASA withdrew from the ExoMars programme": it took part, and no longer does.
pub(super) fn leave(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let mut objects = cx.f.theme.clone();
    objects.extend(cx.obl(&["from", "of"]));
    let programs = cx.of(out, objects.iter().copied(), program);
    let agreements = cx.of(out, objects.iter().copied(), super::agreement);
    // Leaving is itself the end; a negated leaving ("has not withdrawn") says nothing.
    if cx.f.status == Some(Status::Negated) {
        return;
    }
    for x in cx.of(out, cx.f.agent.iter().copied(), actor) {
        for &p in &programs {
            cx.fact_as(out, x, Property::ParticipatesIn, p, Some(Status::Ended));
        }
        for &a in &agreements {
            cx.fact_as(out, x, Property::Signed, a, Some(Status::Ended));
        }
    }
}

/// "Thales Alenia Space built the satellite", "P was developed by X", "NASA
/// will provide the heater units for the rover": who builds, runs or pays
/// for a program takes part in it.
pub(super) fn build(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let (agents, programs) = if cx.f.passive {
        (cx.of(out, cx.obl(&["by"]), actor), cx.of(out, cx.f.theme.iter().copied(), program))
    } else {
        let mut objects = cx.f.theme.clone();
        objects.extend(cx.obl(&["for", "to"]).into_iter().filter(|&g| cx.c.groups[g].start >= cx.f.end));
        (cx.of(out, cx.f.agent.iter().copied(), actor), cx.of(out, objects.iter().copied(), program))
    };
    for &x in &agents {
        for &p in &programs {
            cx.fact(out, x, Property::ParticipatesIn, p);
        }
    }
}

/// "an agreement on the NISAR mission", "the MoU for the Gateway", "the
/// summit on Artemis": an instrument or meeting followed closely by a
/// program after "on", "for", "concerning", "regarding" or "about" concerns it.
pub(super) fn about_program(sx: &Sx<'_, '_>, out: &mut Out<'_>) {
    let (s, c) = (sx.s, sx.c);
    for m in s.mentions.iter().filter(|m| m.kind != Kind::PairPart) {
        let class = out.class(m.entity);
        if !matches!(class, crate::model::Class::Agreement | crate::model::Class::Meeting) {
            continue;
        }
        let Some(prep) = s.tokens.get(m.end) else { continue };
        if !matches!(c.lower[m.end].as_str(), "on" | "for" | "concerning" | "regarding" | "about")
            || prep.shape != crate::text::Shape::Word
        {
            continue;
        }
        // The program within the phrase: past determiners and a few words, no comma or verb.
        let program = s.mentions.iter().find(|p| {
            p.start > m.end
                && p.start <= m.end + 5
                && program(out.class(p.entity))
                && !(m.end + 1..p.start)
                    .any(|k| s.tokens[k].text == "," || c.is(WordClass::Sign, k) || s.mention_at(k).is_some())
        });
        if let Some(p) = program {
            out.fact(m.entity, Property::Concerns, p.entity, sx.si, sx.rule.name, sx.rule.confidence);
        }
    }
}

/// "The Implementation Agreement stipulates the details of the partnership on
/// the KPLO", "an agreement that paves the way for a flight to the Tiangong
/// space station": what an instrument lays down concerns the programs its
/// clause names after the verb.
pub(super) fn instrument_content(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let mut instruments = cx.of(out, cx.f.agent.iter().copied(), super::agreement);
    if instruments.is_empty() {
        instruments = cx.subject_of(out, super::agreement);
    }
    let (_, end) = cx.c.clauses[cx.f.clause];
    let programs: Vec<usize> =
        cx.s.mentions
            .iter()
            .filter(|m| m.start >= cx.f.end && m.end <= end && cx.c.clause_of(m.start) == cx.f.clause)
            .map(|m| out.table.find(m.entity))
            .filter(|&e| program(out.class(e)))
            .collect();
    for &a in &instruments {
        for &p in &programs {
            cx.fact(out, a, Property::Concerns, p);
        }
    }
}
