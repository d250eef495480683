//! `orbitkg analyze`: graph analyses of the knowledge graph, as aligned
//! tables, CSV or JSON.
//!
//! The work is done by `orbitkg-graph`; this module only parses arguments
//! and formats results.

use std::io::Write;

use crate::cli::analyze::{AnalyzeArgs, AnalyzeCommand, OutputFormat};
use anyhow::{Context, Result};
use orbitkg_graph::{Centrality, ClassFilter, Communities, Direction, Links, Neighborhood, Paths, Projection};
use oxigraph::store::Store;

/// Writes a result as pretty JSON and a final newline. The text is rendered
/// first: `serde_json` would wrap a closed pipe (`| head -1`) in its own error
/// type, which then reads as a failure instead of the reader having had enough.
macro_rules! json {
    ($value:expr, $out:expr) => {{
        let text = serde_json::to_string_pretty($value)?;
        writeln!($out, "{text}")?;
        Ok(())
    }};
}

/// Runs `orbitkg analyze` on an open store, writing the result to `out`.
pub fn run(args: &AnalyzeArgs, store: &Store, out: &mut dyn Write) -> Result<()> {
    let projection = Projection::from_store(store).context("cannot read the graph from the store")?;
    match &args.command {
        AnalyzeCommand::Links(a) => {
            let from = ClassFilter::parse(&a.from).context("--from")?;
            let via = ClassFilter::parse(&a.via).context("--via")?;
            write_links(&projection.links(&from, &via), a.incidence, a.output.output, out)
        }
        AnalyzeCommand::Centrality(a) => {
            let class = a.class.as_deref().map(ClassFilter::parse).transpose().context("--class")?;
            let result = projection.centrality(a.measure.into(), class.as_ref(), Some(a.top));
            write_centrality(&result, a.output.output, out)
        }
        AnalyzeCommand::Path(a) => {
            let base = orbitkg_rdf::detect_id_base(store)?;
            let mut paths =
                projection.path(&entity_name(&a.from, &base, &projection), &entity_name(&a.to, &base, &projection))?;
            paths.fill_evidence(store).context("cannot read the evidence from the store")?;
            write_paths(&paths, a.output.output, out)
        }
        AnalyzeCommand::Communities(a) => write_communities(&projection.communities(), a.output.output, out),
        AnalyzeCommand::Neighbors(a) => {
            let base = orbitkg_rdf::detect_id_base(store)?;
            let neighborhood = projection.neighbors(&entity_name(&a.entity, &base, &projection), a.depth)?;
            write_neighbors(&neighborhood, a.output.output, out)
        }
    }
}

/// `id:nasa` as the IRI of the entity at the graph's own base (`build
/// --base`, read from its documents), when there is one; any other name as
/// it is, for the projection to look up.
pub fn entity_name(name: &str, base: &str, projection: &Projection) -> String {
    if let Some(local) = name.trim().strip_prefix("id:") {
        let iri = format!("{base}{local}");
        if projection.node(&iri).is_some() {
            return iri;
        }
    }
    name.to_owned()
}

fn write_links(links: &Links, incidence: bool, format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    if format == OutputFormat::Json {
        return json!(links, out);
    }
    let (header, rows): (Vec<String>, Vec<Vec<String>>) = if incidence {
        let mut header = vec![links.from.clone()];
        header.extend(links.incidence.columns.iter().map(|c| c.label.clone()));
        let rows = links
            .incidence
            .rows
            .iter()
            .zip(&links.incidence.cells)
            .map(|(row, cells)| {
                let mut line = vec![row.label.clone()];
                line.extend(cells.iter().map(|&n| match (n, format) {
                    (0, OutputFormat::Table) => "·".to_owned(),
                    _ => n.to_string(),
                }));
                line
            })
            .collect();
        (header, rows)
    } else {
        let header = ["a", "b", "shared", &links.via, "articles"].map(str::to_owned).to_vec();
        let rows = links
            .pairs
            .iter()
            .map(|p| {
                vec![
                    p.a.label.clone(),
                    p.b.label.clone(),
                    p.shared.len().to_string(),
                    p.shared.iter().map(|s| s.label.as_str()).collect::<Vec<_>>().join("; "),
                    p.articles.to_string(),
                ]
            })
            .collect();
        (header, rows)
    };
    if format == OutputFormat::Table && rows.is_empty() {
        writeln!(out, "No two {} entities share a {} entity.", links.from, links.via)?;
        return Ok(());
    }
    tabular(&header, &rows, format, out)
}

fn write_centrality(result: &Centrality, format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    if format == OutputFormat::Json {
        return json!(result, out);
    }
    // The score column is named after its measure; the last column is the plain
    // number of neighbours, which for `degree` would otherwise share its heading.
    let header = ["rank", "entity", "class", result.measure.name(), "neighbours"].map(str::to_owned);
    let rows: Vec<Vec<String>> = result
        .scores
        .iter()
        .map(|s| {
            vec![
                s.rank.to_string(),
                s.entity.label.clone(),
                s.entity.class.clone(),
                match format {
                    OutputFormat::Table => format!("{:.6}", s.score),
                    _ => s.score.to_string(),
                },
                s.degree.to_string(),
            ]
        })
        .collect();
    tabular(&header, &rows, format, out)
}

fn write_paths(paths: &Paths, format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    match format {
        OutputFormat::Json => json!(paths, out),
        OutputFormat::Csv => {
            let header = ["path", "hop", "from", "property", "direction", "to", "articles", "sentence", "document"]
                .map(str::to_owned);
            let mut rows = Vec::new();
            for (i, path) in paths.paths.iter().enumerate() {
                for (j, hop) in path.hops.iter().enumerate() {
                    let evidence = hop.evidence.as_ref();
                    rows.push(vec![
                        (i + 1).to_string(),
                        (j + 1).to_string(),
                        hop.from.label.clone(),
                        hop.property.clone(),
                        direction_name(hop.direction).to_owned(),
                        hop.to.label.clone(),
                        hop.articles.to_string(),
                        evidence.map_or_else(String::new, |e| e.sentence.clone()),
                        evidence.map_or_else(String::new, |e| e.document.clone()),
                    ]);
                }
            }
            tabular(&header, &rows, format, out)
        }
        OutputFormat::Table => {
            let Some(length) = paths.length else {
                writeln!(out, "No path between {} and {}.", paths.from.label, paths.to.label)?;
                return Ok(());
            };
            writeln!(
                out,
                "{} shortest path(s) of {length} hop(s) from {} to {}{}:",
                paths.paths.len(),
                paths.from.label,
                paths.to.label,
                if paths.paths.len() == orbitkg_graph::MAX_PATHS { " (first ones)" } else { "" },
            )?;
            let header = ["hop", "from", "relation", "to", "articles", "evidence"].map(str::to_owned);
            for (i, path) in paths.paths.iter().enumerate() {
                writeln!(out, "\nPath {}:", i + 1)?;
                let rows: Vec<Vec<String>> = path
                    .hops
                    .iter()
                    .enumerate()
                    .map(|(j, hop)| {
                        let relation = match hop.direction {
                            Direction::Forward => format!("-{}->", hop.property),
                            Direction::Backward => format!("<-{}-", hop.property),
                            Direction::Both => format!("<-{}->", hop.property),
                        };
                        vec![
                            (j + 1).to_string(),
                            hop.from.label.clone(),
                            relation,
                            hop.to.label.clone(),
                            hop.articles.to_string(),
                            hop.evidence.as_ref().map_or_else(String::new, |e| shorten(&e.sentence, 100)),
                        ]
                    })
                    .collect();
                tabular(&header, &rows, format, out)?;
            }
            Ok(())
        }
    }
}

fn direction_name(direction: Direction) -> &'static str {
    match direction {
        Direction::Forward => "forward",
        Direction::Backward => "backward",
        Direction::Both => "both",
    }
}

fn write_communities(result: &Communities, format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    match format {
        OutputFormat::Json => json!(result, out),
        OutputFormat::Csv => {
            let header = ["community", "entity", "class", "iri"].map(str::to_owned);
            let rows: Vec<Vec<String>> = result
                .clusters
                .iter()
                .flat_map(|c| {
                    c.members
                        .iter()
                        .map(move |m| vec![c.id.to_string(), m.label.clone(), m.class.clone(), m.iri.clone()])
                })
                .collect();
            tabular(&header, &rows, format, out)
        }
        OutputFormat::Table => {
            writeln!(out, "{} communities, modularity {:.4}:\n", result.clusters.len(), result.modularity)?;
            let header = ["community", "size", "members"].map(str::to_owned);
            let rows: Vec<Vec<String>> = result
                .clusters
                .iter()
                .map(|c| {
                    let members: Vec<&str> = c.members.iter().map(|m| m.label.as_str()).collect();
                    vec![c.id.to_string(), members.len().to_string(), members.join("; ")]
                })
                .collect();
            tabular(&header, &rows, format, out)
        }
    }
}

fn write_neighbors(result: &Neighborhood, format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    if format == OutputFormat::Json {
        return json!(result, out);
    }
    let header = ["distance", "entity", "class", "iri"].map(str::to_owned);
    let rows: Vec<Vec<String>> = result
        .nodes
        .iter()
        .map(|n| vec![n.distance.to_string(), n.entity.label.clone(), n.entity.class.clone(), n.entity.iri.clone()])
        .collect();
    if format == OutputFormat::Csv {
        return tabular(&header, &rows, format, out);
    }
    writeln!(out, "{} entities within {} hop(s) of {}:\n", result.nodes.len() - 1, result.depth, result.center.label)?;
    tabular(&header[..3], &rows.iter().map(|r| r[..3].to_vec()).collect::<Vec<_>>(), format, out)?;
    if !result.edges.is_empty() {
        writeln!(out, "\nRelations among them:\n")?;
        let header = ["subject", "property", "object", "articles"].map(str::to_owned);
        let rows: Vec<Vec<String>> = result
            .edges
            .iter()
            .map(|e| vec![e.source.label.clone(), e.property.clone(), e.target.label.clone(), e.articles.to_string()])
            .collect();
        tabular(&header, &rows, format, out)?;
    }
    Ok(())
}

/// Writes rows as aligned columns (table; fitted to the terminal, see
/// `table.rs`) or RFC 4180 CSV.
fn tabular(header: &[String], rows: &[Vec<String>], format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    match format {
        OutputFormat::Csv => {
            for line in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
                let fields: Vec<String> = line.iter().map(|f| csv_field(f)).collect();
                writeln!(out, "{}", fields.join(","))?;
            }
        }
        _ => crate::table::write(out, header, rows, crate::table::output_width())?,
    }
    Ok(())
}

/// One CSV field, quoted when it holds a comma, quote or line break.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// Cuts a sentence for a table cell, at a character boundary.
fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        text
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: the degree table had two columns headed "degree".
    #[test]
    fn centrality_columns_have_distinct_headings() {
        for measure in [orbitkg_graph::Measure::Degree, orbitkg_graph::Measure::PageRank] {
            let result = orbitkg_graph::Centrality { measure, class: String::new(), scores: Vec::new() };
            let mut out = Vec::new();
            write_centrality(&result, OutputFormat::Csv, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            let heads: Vec<&str> = text.lines().next().unwrap().split(',').collect();
            let mut unique = heads.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), heads.len(), "{heads:?}");
        }
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("NASA"), "NASA");
        assert_eq!(csv_field("Washington, D.C."), "\"Washington, D.C.\"");
        assert_eq!(csv_field("the \"Accords\""), "\"the \"\"Accords\"\"\"");
    }

    #[test]
    fn tables_align_columns() {
        let mut out = Vec::new();
        let header = ["a".to_owned(), "bb".to_owned()];
        let rows = vec![vec!["NASA".to_owned(), "1".to_owned()], vec!["É".to_owned(), "22".to_owned()]];
        tabular(&header, &rows, OutputFormat::Table, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a     bb\n----  --\nNASA  1\nÉ     22\n");
    }

    #[test]
    fn long_sentences_are_shortened() {
        assert_eq!(shorten("a  b\nc", 10), "a b c");
        assert_eq!(shorten("abcdefghijkl", 6), "abcde…");
    }
}
