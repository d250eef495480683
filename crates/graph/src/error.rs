//! The one error type of the crate.

use std::fmt;

use serde::Serialize;

/// An entity offered as a suggestion when a name is unknown or ambiguous.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// Its `rdfs:label`.
    pub label: String,
    /// Its leaf class local name.
    pub class: String,
    /// Its IRI.
    pub iri: String,
}

impl fmt::Display for Candidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}, <{}>)", self.label, self.class, self.iri)
    }
}

/// Why a projection could not be built or an analysis could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GraphError {
    /// Reading the store failed.
    #[error("reading the store failed")]
    Storage(#[from] oxigraph::store::StorageError),
    /// A class name that is neither a leaf class nor a group.
    #[error("unknown class {name:?}; known classes: {}", known.join(", "))]
    UnknownClass {
        /// What was asked for.
        name: String,
        /// What would have been accepted.
        known: Vec<String>,
    },
    /// A property name that is not a relation of the vocabulary or the graph.
    #[error("unknown property {name:?}; known properties: {}", known.join(", "))]
    UnknownProperty {
        /// What was asked for.
        name: String,
        /// What would have been accepted.
        known: Vec<String>,
    },
    /// No entity has this label, alt label or IRI.
    #[error("no entity is named {name:?}{}", suggestions(candidates))]
    UnknownEntity {
        /// What was asked for.
        name: String,
        /// Entities whose names contain it (or are contained in it).
        candidates: Vec<Candidate>,
    },
    /// The options leave nothing to draw although the graph has entities.
    #[error(
        "nothing to draw: none of the graph's {entities} entities is left with these options \
         (entities without a relation in the view are left out unless you ask to keep them isolated)"
    )]
    NothingToDraw {
        /// Entities in the whole graph.
        entities: usize,
    },
    /// Several entities have this label (or, no label matching, alt label).
    #[error("{name:?} names {} entities: {}", candidates.len(), list(candidates))]
    AmbiguousEntity {
        /// What was asked for.
        name: String,
        /// Every entity it names.
        candidates: Vec<Candidate>,
    },
}

fn list(candidates: &[Candidate]) -> String {
    candidates.iter().map(Candidate::to_string).collect::<Vec<_>>().join("; ")
}

fn suggestions(candidates: &[Candidate]) -> String {
    if candidates.is_empty() { String::new() } else { format!("; did you mean: {}", list(candidates)) }
}
