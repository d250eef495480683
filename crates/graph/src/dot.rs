//! GraphViz DOT export of a [`Projection`].
//!
//! What makes the whole graph legible: every class is drawn in its own
//! cluster (a titled box, "Space agencies", "Countries", …), nodes are shaped
//! and coloured by class with a legend beside, and edges are labelled by
//! property and drawn thicker the more articles assert them. Symmetric
//! relations are one double-headed edge. Nothing is hidden by default; for a
//! big graph, cut it with [`DotOptions::around`] (an entity and a depth),
//! [`DotOptions::classes`] or [`DotOptions::properties`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::vocab::class_style;
use crate::{ClassFilter, GraphError, Projection};

/// What to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotOptions {
    /// Draw only the neighbourhood of this entity (a name as
    /// [`Projection::resolve`] reads it) …
    pub around: Option<String>,
    /// … up to this many hops away (default 1).
    pub depth: usize,
    /// Draw only entities of these classes or groups (empty: all); the
    /// `around` entity is drawn whatever its class.
    pub classes: Vec<String>,
    /// Draw only relations with these properties (empty: all). When set,
    /// entities left without any drawn relation are omitted.
    pub properties: Vec<String>,
    /// Group nodes in one cluster per class (default true).
    pub cluster_by_class: bool,
    /// Add a legend of the classes drawn (default true).
    pub legend: bool,
    /// Leave out entities with no drawn relation (default false).
    pub drop_isolated: bool,
}

impl Default for DotOptions {
    fn default() -> Self {
        Self {
            around: None,
            depth: 1,
            classes: Vec::new(),
            properties: Vec::new(),
            cluster_by_class: true,
            legend: true,
            drop_isolated: false,
        }
    }
}

const DEFAULT_SHAPE: &str = "ellipse";
const DEFAULT_FILL: &str = "#ffffff";

/// Renders the projection, or the part of it the options select, as a DOT
/// `digraph`.
///
/// Fails only on names: an unknown or ambiguous `around` entity, an unknown
/// class or property.
///
/// ```
/// use oxigraph::{io::RdfFormat, store::Store};
/// use orbitkg_graph::{DotOptions, Projection, to_dot};
/// let store = Store::new()?;
/// store.load_from_slice(RdfFormat::TriG, r#"
///   @prefix okg: <https://orbitkg.org/ns#> . @prefix id: <https://orbitkg.org/id/> .
///   @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
///   <https://orbitkg.org/id/doc/1> {
///     id:nasa a okg:SpaceAgency ; rdfs:label "NASA"@en ; okg:participatesIn id:gateway .
///     id:gateway a okg:Program ; rdfs:label "Gateway"@en .
///   }"#)?;
/// let dot = to_dot(&Projection::from_store(&store)?, &DotOptions::default())?;
/// assert!(dot.starts_with("digraph orbitkg {") && dot.contains("label=\"participatesIn\""));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn to_dot(projection: &Projection, options: &DotOptions) -> Result<String, GraphError> {
    let graph = projection.graph();
    let classes = ClassFilter::parse_all(&options.classes)?;
    let properties: BTreeSet<String> = projection.properties_named(&options.properties)?.into_iter().collect();
    let center = options.around.as_deref().map(|name| projection.resolve(name)).transpose()?;

    let node_ok = |n: NodeIndex| Some(n) == center || classes.contains(&projection.entity(n).class);
    let edge_ok = |property: &str| properties.is_empty() || properties.contains(property);
    let mut nodes: BTreeSet<NodeIndex> = match center {
        Some(c) => within(projection, c, options.depth, &node_ok, &edge_ok),
        None => graph.node_indices().filter(|&n| node_ok(n)).collect(),
    };
    let edges: Vec<_> = graph
        .edge_references()
        .filter(|e| edge_ok(&e.weight().property) && nodes.contains(&e.source()) && nodes.contains(&e.target()))
        .collect();
    if !properties.is_empty() || options.drop_isolated {
        let touched: BTreeSet<NodeIndex> = edges.iter().flat_map(|e| [e.source(), e.target()]).collect();
        nodes.retain(|n| touched.contains(n) || Some(*n) == center);
    }

    // An empty picture of a non-empty graph is a mistaken request, not a result.
    if nodes.is_empty() && graph.node_count() > 0 {
        return Err(GraphError::NothingToDraw { entities: graph.node_count() });
    }
    let mut by_class: BTreeMap<&str, Vec<NodeIndex>> = BTreeMap::new();
    for &n in &nodes {
        by_class.entry(&projection.entity(n).class).or_default().push(n);
    }

    let mut out = String::new();
    out.push_str("digraph orbitkg {\n");
    out.push_str(
        "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, nodesep=0.25, ranksep=0.9, \
         splines=true, newrank=true];\n",
    );
    out.push_str("  node [fontname=\"Helvetica\", fontsize=10, style=\"filled\", penwidth=0.8];\n");
    out.push_str(
        "  edge [fontname=\"Helvetica\", fontsize=8, color=\"#666666\", fontcolor=\"#444444\", \
         arrowsize=0.6];\n",
    );
    if options.legend && !by_class.is_empty() {
        out.push_str(
            "  subgraph cluster_legend {\n    label=\"Legend\"; style=\"rounded,dashed\"; \
             color=\"#999999\";\n",
        );
        for (i, class) in by_class.keys().enumerate() {
            let (shape, fill) = look(class);
            let _ = writeln!(
                out,
                "    legend_{i} [label=\"{}\", shape={shape}, fillcolor=\"{}\"];",
                escape(class),
                escape(fill),
            );
        }
        out.push_str("  }\n");
    }
    for (i, (class, members)) in by_class.iter().enumerate() {
        let indent = if options.cluster_by_class {
            let title = class_style(class).map_or(*class, |s| s.title.as_str());
            let _ = writeln!(
                out,
                "  subgraph cluster_class_{i} {{\n    label=\"{}\"; style=\"rounded,filled\"; \
                 fillcolor=\"#f7f7f7\"; color=\"#cccccc\";",
                escape(title)
            );
            "    "
        } else {
            "  "
        };
        let (shape, fill) = look(class);
        for &n in members {
            let e = projection.entity(n);
            let bold = if Some(n) == center { ", penwidth=2.5" } else { "" };
            let _ = writeln!(
                out,
                "{indent}n{} [label=\"{}\", shape={shape}, fillcolor=\"{}\", tooltip=\"{}\"{bold}];",
                n.index(),
                escape(&e.label),
                escape(fill),
                escape(&e.iri),
            );
        }
        if options.cluster_by_class {
            out.push_str("  }\n");
        }
    }
    for e in edges {
        let relation = e.weight();
        let both = if relation.symmetric { ", dir=both" } else { "" };
        let _ = writeln!(
            out,
            "  n{} -> n{} [label=\"{}\", penwidth={:.2}{both}, tooltip=\"{} article(s)\"];",
            e.source().index(),
            e.target().index(),
            escape(&relation.property),
            penwidth(relation.weight()),
            relation.weight(),
        );
    }
    out.push_str("}\n");
    Ok(out)
}

/// Edge thickness: 1 for one article, growing with the logarithm of the
/// count so that a fact every article repeats stands out without drowning
/// the picture.
fn penwidth(articles: usize) -> f64 {
    (1.0 + 1.5 * (articles.max(1) as f64).ln()).min(6.0)
}

fn look(class: &str) -> (&'static str, &'static str) {
    class_style(class).map_or((DEFAULT_SHAPE, DEFAULT_FILL), |s| (s.shape.as_str(), s.fillcolor.as_str()))
}

/// Nodes reachable from `center` in at most `depth` hops over drawable edges
/// between drawable nodes, ignoring directions.
fn within(
    projection: &Projection,
    center: NodeIndex,
    depth: usize,
    node_ok: &dyn Fn(NodeIndex) -> bool,
    edge_ok: &dyn Fn(&str) -> bool,
) -> BTreeSet<NodeIndex> {
    let graph = projection.graph();
    let mut seen = BTreeSet::from([center]);
    let mut frontier = vec![center];
    for _ in 0..depth {
        let mut next = Vec::new();
        for v in frontier {
            let out = graph.edges(v).map(|e| (e.target(), e.weight()));
            let into = graph.edges_directed(v, petgraph::Direction::Incoming).map(|e| (e.source(), e.weight()));
            for (u, relation) in out.chain(into) {
                if edge_ok(&relation.property) && node_ok(u) && seen.insert(u) {
                    next.push(u);
                }
            }
        }
        frontier = next;
    }
    seen
}

/// Escapes text for a double-quoted DOT string: backslashes and quotes get
/// a backslash, line breaks become `\n` (a centred line break in a label).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_quotes_backslashes_and_newlines() {
        assert_eq!(escape(r#"a "b" \c"#), r#"a \"b\" \\c"#);
        assert_eq!(escape("two\r\nlines"), "two\\nlines");
        assert_eq!(escape("trailing\\"), "trailing\\\\");
    }

    #[test]
    fn penwidth_grows_and_is_capped() {
        assert_eq!(penwidth(1), 1.0);
        assert!(penwidth(2) > 1.0 && penwidth(2) < penwidth(3));
        assert_eq!(penwidth(10_000), 6.0);
    }
}
