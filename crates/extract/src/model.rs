//! The extractor's output types: classes, properties, entities and facts.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// The leaf classes of the vocabulary; every entity has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Class {
    /// A named person.
    Person,
    /// A national or regional space agency.
    SpaceAgency,
    /// A ministry, department, council, office or similar.
    GovernmentBody,
    /// A UN body or intergovernmental group.
    InternationalOrganization,
    /// A research institute, university or laboratory.
    ResearchInstitute,
    /// A company or commercial operator.
    Company,
    /// A sovereign state.
    Country,
    /// A program, mission, spacecraft, station, telescope or system.
    Program,
    /// A signed or adopted instrument.
    Agreement,
    /// A named meeting, dialogue or summit (a series is one node).
    Meeting,
    /// A city, venue or celestial place.
    Place,
}

impl Class {
    /// Every class, in a fixed order.
    pub const ALL: [Class; 11] = [
        Class::Person,
        Class::SpaceAgency,
        Class::GovernmentBody,
        Class::InternationalOrganization,
        Class::ResearchInstitute,
        Class::Company,
        Class::Country,
        Class::Program,
        Class::Agreement,
        Class::Meeting,
        Class::Place,
    ];

    /// The local name of the class in the `okg:` namespace.
    pub fn name(self) -> &'static str {
        match self {
            Class::Person => "Person",
            Class::SpaceAgency => "SpaceAgency",
            Class::GovernmentBody => "GovernmentBody",
            Class::InternationalOrganization => "InternationalOrganization",
            Class::ResearchInstitute => "ResearchInstitute",
            Class::Company => "Company",
            Class::Country => "Country",
            Class::Program => "Program",
            Class::Agreement => "Agreement",
            Class::Meeting => "Meeting",
            Class::Place => "Place",
        }
    }

    /// Parses a class from its local name.
    pub fn from_name(name: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Whether this class is one of the organisation subclasses.
    pub fn is_organization(self) -> bool {
        matches!(
            self,
            Class::SpaceAgency
                | Class::GovernmentBody
                | Class::InternationalOrganization
                | Class::ResearchInstitute
                | Class::Company
        )
    }

    /// Whether the class may act as a party (sign, take part, cooperate).
    pub fn is_actor(self) -> bool {
        self.is_organization() || self == Class::Country
    }

    /// The coarse family used to decide whether two names may be one entity.
    pub fn family(self) -> &'static str {
        if self.is_organization() { "Organization" } else { self.name() }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The relations of the vocabulary between two entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Property {
    /// Person heads an organisation or country.
    Leads,
    /// Person works for or represents an organisation or country.
    MemberOf,
    /// Organisation or place belongs to a country.
    Country,
    /// Organisation or country runs, joins, builds or partners in a program.
    ParticipatesIn,
    /// Party signed, adopted or joined an agreement.
    Signed,
    /// Agreement or meeting is about a program.
    Concerns,
    /// Stated cooperation between two parties (symmetric).
    CooperatesWith,
    /// Two people met in person (symmetric).
    MetWith,
    /// Meeting had this participant.
    Participant,
    /// Meeting was held at this place.
    Location,
}

impl Property {
    /// Every property, in a fixed order.
    pub const ALL: [Property; 10] = [
        Property::Leads,
        Property::MemberOf,
        Property::Country,
        Property::ParticipatesIn,
        Property::Signed,
        Property::Concerns,
        Property::CooperatesWith,
        Property::MetWith,
        Property::Participant,
        Property::Location,
    ];

    /// The local name of the property in the `okg:` namespace.
    pub fn name(self) -> &'static str {
        match self {
            Property::Leads => "leads",
            Property::MemberOf => "memberOf",
            Property::Country => "country",
            Property::ParticipatesIn => "participatesIn",
            Property::Signed => "signed",
            Property::Concerns => "concerns",
            Property::CooperatesWith => "cooperatesWith",
            Property::MetWith => "metWith",
            Property::Participant => "participant",
            Property::Location => "location",
        }
    }

    /// Whether the property is stored in both directions.
    pub fn is_symmetric(self) -> bool {
        matches!(self, Property::CooperatesWith | Property::MetWith)
    }
}

impl fmt::Display for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A span of the article's plain text, in bytes (converted to code points on output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Start byte, inclusive.
    pub start: usize,
    /// End byte, exclusive.
    pub end: usize,
}

/// Where a fact was read: the sentence, the rule and how sure the rule is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The sentence as written.
    pub sentence: String,
    /// Its start in the article text, in Unicode code points.
    pub start: usize,
    /// Its end (exclusive), in Unicode code points.
    pub end: usize,
    /// The rule that produced the fact (a name from the code when
    /// extracted, an owned copy when read back from a record).
    pub rule: Cow<'static, str>,
    /// The rule's confidence in `0..=1`.
    pub confidence: f32,
    /// Set when the sentence tells the fact as planned, ended or negated:
    /// the fact is then kept as this evidence only, never asserted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

/// Sorts facts by subject, property, object and sentence, and keeps one fact
/// per sentence: where a sentence gives a fact both plainly and marked
/// planned, ended or negated, the plain one (a status sorts after none).
/// The sort is stable, so of equal facts the first read is kept.
pub(crate) fn one_per_sentence<T>(facts: &mut Vec<T>, key: impl Fn(&T) -> (usize, Property, usize, &Evidence)) {
    let full = |t: &T| {
        let (s, p, o, ev) = key(t);
        (s, p, o, ev.start, ev.status)
    };
    facts.sort_by_key(full);
    facts.dedup_by(|a, b| {
        let (a, b) = (full(a), full(b));
        (a.0, a.1, a.2, a.3) == (b.0, b.1, b.2, b.3)
    });
}

/// What a sentence says of a fact it does not plainly state. Ordered from
/// the strongest: a negated "will not sign" is negated, not planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Did not happen: "has not signed", "did not take part".
    Negated,
    /// Happened and stopped: "suspended its cooperation", "withdrew from".
    Ended,
    /// Not yet, or only possibly: "will sign", "plans to join", "potential participation".
    Planned,
}

impl Status {
    /// The value of `okg:status` on the evidence statement.
    pub fn name(self) -> &'static str {
        match self {
            Status::Negated => "negated",
            Status::Ended => "ended",
            Status::Planned => "planned",
        }
    }
}

/// A literal-valued statement about an entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Attribute {
    /// `okg:title`: the position as written.
    Title(String),
    /// `okg:date`: an ISO date, year-month or year.
    Date(String),
    /// `okg:status`: e.g. "planned" for an agreement not yet signed.
    Status(String),
}
