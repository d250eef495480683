//! The orbitkg knowledge graph as a graph: analyses and GraphViz DOT.
//!
//! `orbitkg-graph` reads an Oxigraph store written in the orbitkg vocabulary
//! (see `ONTOLOGY.md`) and projects it onto a petgraph graph
//! ([`Projection`]): one node per entity (IRI, class, label, alt labels), one
//! edge per okg relation, weighted by the number of articles asserting it
//! (named graphs holding it, or documents its evidence is derived from) and
//! carrying a few evidence sentences. Symmetric relations
//! (`cooperatesWith`, `metWith`) are one edge, not two. Over it run:
//!
//! - [`Projection::links`]: which entities of one class share entities of
//!   another (space agencies through programs, by default in the CLI);
//! - [`Projection::centrality`]: degree, betweenness, PageRank, closeness,
//!   with networkx's default normalisations ([`algo`]);
//! - [`Projection::path`]: shortest paths between two named entities, each
//!   hop with its relation and a sentence that supports it;
//! - [`Projection::communities`]: deterministic Louvain;
//! - [`Projection::neighbors`]: the entities around one entity;
//! - [`to_dot`]: a GraphViz picture of all or part of the graph.
//!
//! Every result is a plain `serde::Serialize` struct. The projection reads
//! all graphs of the store: the default graph is the knowledge graph and the
//! article graphs and evidence say who states each relation, so a TriG dump
//! and a Turtle dump of the same graph give the same projection.
//!
//! It deliberately has no command line, no files and no terminal: it prints
//! nothing, renders nothing and runs no program (turning DOT into SVG is the
//! CLI's job), so that results can be tested as data and reused from other
//! front ends.
//!
//! ```
//! use oxigraph::{io::RdfFormat, store::Store};
//! use orbitkg_graph::{Measure, Projection};
//! let store = Store::new()?;
//! store.load_from_slice(RdfFormat::TriG, r#"
//!   @prefix okg: <https://orbitkg.org/ns#> . @prefix id: <https://orbitkg.org/id/> .
//!   @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
//!   <https://orbitkg.org/id/doc/1> {
//!     id:nasa a okg:SpaceAgency ; rdfs:label "NASA"@en ; okg:participatesIn id:gateway .
//!     id:esa a okg:SpaceAgency ; rdfs:label "ESA"@en ; okg:participatesIn id:gateway .
//!     id:gateway a okg:Program ; rdfs:label "Gateway"@en .
//!   }"#)?;
//! let projection = Projection::from_store(&store)?;
//! let top = projection.centrality(Measure::Betweenness, None, Some(1));
//! assert_eq!(top.scores[0].entity.label, "Gateway");
//! let path = projection.path("nasa", "European space agency");
//! assert!(path.is_err()); // no such name: ESA has no alt label here
//! assert_eq!(projection.path("NASA", "esa")?.length, Some(2));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

pub mod algo;
mod analysis;
mod dot;
mod error;
mod projection;
mod vocab;

pub use analysis::{
    Centrality, Cluster, Communities, Direction, EdgeView, EntityRef, Hop, Incidence, LinkedPair, Links, MAX_PATHS,
    Measure, Neighbor, Neighborhood, Path, Paths, Score,
};
pub use dot::{DotOptions, escape as escape_dot, to_dot};
pub use error::{Candidate, GraphError};
pub use projection::{Entity, Evidence, MAX_EVIDENCE, Projection, Relation};
pub use vocab::{ClassFilter, ClassStyle, OKG, RELATIONS, class_style, class_table};
