//! RDF dumps in every format Oxigraph writes, deterministic byte for byte.

use crate::store::{KgStore, StoreError};
use crate::vocab::prefixes_for_base;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, Quad, Triple};
use std::collections::BTreeMap;
use std::io::Write;

/// A dump format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DumpFormat {
    /// Turtle: the default graph (the knowledge graph, with its evidence).
    Turtle,
    /// TriG: one block per named graph.
    TriG,
    /// N-Triples: the default graph.
    NTriples,
    /// N-Quads: graph names kept.
    NQuads,
    /// RDF/XML: the default graph.
    RdfXml,
    /// JSON-LD (expanded, no `@context`): graph names kept.
    JsonLd,
}

impl DumpFormat {
    /// Every format.
    pub const ALL: [DumpFormat; 6] = [
        DumpFormat::Turtle,
        DumpFormat::TriG,
        DumpFormat::NTriples,
        DumpFormat::NQuads,
        DumpFormat::RdfXml,
        DumpFormat::JsonLd,
    ];

    /// Parses a format name or file extension (`ttl`, `trig`, `nt`, `nq`, `rdf`, `jsonld`, ...).
    pub fn from_name(name: &str) -> Option<DumpFormat> {
        Some(match name.to_ascii_lowercase().as_str() {
            "ttl" | "turtle" => DumpFormat::Turtle,
            "trig" => DumpFormat::TriG,
            "nt" | "ntriples" | "n-triples" => DumpFormat::NTriples,
            "nq" | "nquads" | "n-quads" => DumpFormat::NQuads,
            "rdf" | "xml" | "rdfxml" | "rdf-xml" | "owl" => DumpFormat::RdfXml,
            "jsonld" | "json-ld" => DumpFormat::JsonLd,
            _ => return None,
        })
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            DumpFormat::Turtle => "ttl",
            DumpFormat::TriG => "trig",
            DumpFormat::NTriples => "nt",
            DumpFormat::NQuads => "nq",
            DumpFormat::RdfXml => "rdf",
            DumpFormat::JsonLd => "jsonld",
        }
    }

    /// Oxigraph's format.
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            DumpFormat::Turtle => RdfFormat::Turtle,
            DumpFormat::TriG => RdfFormat::TriG,
            DumpFormat::NTriples => RdfFormat::NTriples,
            DumpFormat::NQuads => RdfFormat::NQuads,
            DumpFormat::RdfXml => RdfFormat::RdfXml,
            DumpFormat::JsonLd => RdfFormat::from_extension("jsonld").expect("oxigraph writes JSON-LD"),
        }
    }

    /// Whether the format keeps named graphs.
    pub fn keeps_graphs(self) -> bool {
        matches!(self, DumpFormat::TriG | DumpFormat::NQuads | DumpFormat::JsonLd)
    }
}

/// A serializer with the vocabulary's prefixes, `id:` at the graph's own
/// base (`build --base`).
fn serializer(format: DumpFormat, id_base: &str) -> RdfSerializer {
    let mut s = RdfSerializer::from_format(format.rdf_format());
    if !matches!(format, DumpFormat::NTriples | DumpFormat::NQuads | DumpFormat::JsonLd) {
        for (p, iri) in prefixes_for_base(id_base) {
            s = s.with_prefix(p, iri).expect("valid prefix");
        }
    }
    s
}

/// Writes the store (or one named graph of it) in `format`. Formats without
/// named graphs (Turtle, N-Triples, RDF/XML) get the default graph: the
/// knowledge graph with its evidence statements, so they keep the provenance
/// (each statement names its document) without the per-article copies.
/// Output is sorted, so the same graph always gives the same bytes. The
/// line formats (N-Quads, N-Triples) of an on-disk store are written as the
/// store's index yields them instead, in constant memory: that order depends
/// only on the quads, so the same store content still gives the same bytes.
pub fn dump<W: Write>(
    store: &KgStore,
    format: DumpFormat,
    graph: Option<&NamedNode>,
    writer: W,
) -> Result<W, StoreError> {
    let io = StoreError::Io;
    if store.is_on_disk() && matches!(format, DumpFormat::NQuads | DumpFormat::NTriples) {
        let mut w = serializer(format, &store.id_base()?).for_writer(writer);
        let quads = match graph {
            Some(g) => store.inner().quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref()))),
            None if format.keeps_graphs() => store.inner().iter(),
            None => store.inner().quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph)),
        };
        for q in quads {
            let q = q?;
            if format.keeps_graphs() {
                w.serialize_quad(&q).map_err(io)?;
            } else {
                w.serialize_triple(&Triple::from(q)).map_err(io)?;
            }
        }
        return w.finish().map_err(io);
    }
    let quads: Vec<Quad> = match graph {
        Some(g) => store
            .inner()
            .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
            .collect::<Result<_, _>>()?,
        None if format.keeps_graphs() => store.inner().iter().collect::<Result<_, _>>()?,
        None => store
            .inner()
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .collect::<Result<_, _>>()?,
    };
    let mut w = serializer(format, &store.id_base()?).for_writer(writer);
    if format.keeps_graphs() {
        let mut sorted: Vec<(String, Quad)> = quads.into_iter().map(|q| (sort_key(&q), q)).collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, q) in &sorted {
            w.serialize_quad(q).map_err(io)?;
        }
    } else {
        let triples: BTreeMap<String, Triple> = quads
            .into_iter()
            .map(|q| {
                let t = Triple::from(q);
                (t.to_string(), t)
            })
            .collect();
        for t in triples.values() {
            w.serialize_triple(t).map_err(io)?;
        }
    }
    let mut writer = w.finish().map_err(io)?;
    // Oxigraph's RDF/XML and JSON-LD end without a newline; a file (or a
    // shell prompt after `cat`) expects one, as after the other formats.
    if matches!(format, DumpFormat::RdfXml | DumpFormat::JsonLd) {
        writer.write_all(b"\n").map_err(io)?;
    }
    Ok(writer)
}

fn sort_key(q: &Quad) -> String {
    let g = match &q.graph_name {
        GraphName::DefaultGraph => String::new(),
        g => g.to_string(),
    };
    format!("{g} {} {} {}", q.subject, q.predicate, q.object)
}
