//! Participation: who takes part in which program.

use super::{Cx, actor, program};
use crate::model::{Property, Status};
use crate::relations::Out;

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

/// "Japan's participation in the Gateway", "the participation of Egypt in the ILRS".
pub(super) fn noun(cx: &Cx<'_, '_>, out: &mut Out<'_>) {
    let programs = cx.of(out, cx.obl(&["in", "to", "on"]), program);
    let mut parties = cx.of(out, cx.f.agent.iter().copied(), actor);
    parties.extend(cx.of(out, cx.obl(&["of", "by"]), actor));
    for x in parties {
        for &p in &programs {
            cx.fact(out, x, Property::ParticipatesIn, p);
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
