//! `orbitkg export`: pictures of the knowledge graph.
//!
//! `orbitkg-graph` writes the GraphViz DOT text; this module writes it to a
//! file or standard output, or has the system `dot` render it.

use std::io::{ErrorKind, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::cli::export::{ExportArgs, ExportFormat, RenderFormat};
use anyhow::{Context, Result, bail};
use orbitkg_graph::{DotOptions, Projection, to_dot};
use oxigraph::store::Store;

/// Runs `orbitkg export` on an open store, writing to `out` unless `--out`
/// names a file.
pub fn run(args: &ExportArgs, store: &Store, out: &mut dyn Write) -> Result<()> {
    let ExportFormat::Dot(args) = &args.format;
    let projection = Projection::from_store(store).context("cannot read the graph from the store")?;
    let base = orbitkg_rdf::detect_id_base(store)?;
    let options = DotOptions {
        around: args.around.as_deref().map(|a| crate::analyze::entity_name(a, &base, &projection)),
        depth: args.depth,
        classes: args.classes.clone(),
        properties: args.properties.clone(),
        cluster_by_class: !args.no_clusters && (args.clusters || args.around.is_some() || !args.classes.is_empty()),
        drop_isolated: !args.keep_isolated,
        legend: !args.no_legend,
    };
    let dot = to_dot(&projection, &options)?;
    let file = args.out.as_deref().filter(|p| !crate::data::is_stdout(p));
    let by_extension = file.and_then(format_of);
    if let (Some(asked), Some(path)) = (args.render, file) {
        // A PNG in a file named .svg (or .dot) would mislead whatever opens it.
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if by_extension.is_some_and(|e| e != asked) || ext.as_deref().is_some_and(|e| e == "dot" || e == "gv") {
            bail!(
                "--render {} does not fit {}: name the file .{} or leave out --render",
                asked.name(),
                path.display(),
                asked.name()
            );
        }
    }
    let render = args.render.or(by_extension);
    let bytes = match render {
        Some(format) => render_with_dot(&dot, format)?,
        None => dot.into_bytes(),
    };
    match file {
        Some(path) => std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?,
        None => out.write_all(&bytes)?,
    }
    Ok(())
}

fn format_of(path: &Path) -> Option<RenderFormat> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "svg" => Some(RenderFormat::Svg),
        "png" => Some(RenderFormat::Png),
        _ => None,
    }
}

/// Pipes DOT text through the system `dot -T<format>`.
fn render_with_dot(dot: &str, format: RenderFormat) -> Result<Vec<u8>> {
    render_with(Path::new("dot"), dot, format)
}

fn render_with(program: &Path, dot: &str, format: RenderFormat) -> Result<Vec<u8>> {
    let mut child = match Command::new(program)
        .arg(format!("-T{}", format.name()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == ErrorKind::NotFound => bail!(
            "--render needs GraphViz's `dot` program, which is not on PATH: install GraphViz \
             (`apt-get install graphviz` on Debian/Ubuntu, `brew install graphviz` on macOS), \
             or leave out --render to write DOT text"
        ),
        Err(e) => return Err(e).context("cannot run GraphViz's `dot`"),
    };
    // Write on another thread, so a large output cannot deadlock the pipes.
    let mut stdin = child.stdin.take().context("no stdin for `dot`")?;
    let input = dot.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().context("`dot` failed")?;
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("writing to `dot` panicked"))?
        .context("cannot send the graph to `dot`")?;
    if !output.status.success() {
        bail!(
            "`dot -T{}` failed ({}): {}",
            format.name(),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::export::DotArgs;

    #[test]
    fn render_format_follows_the_out_extension() {
        assert_eq!(format_of(Path::new("g.SVG")), Some(RenderFormat::Svg));
        assert_eq!(format_of(Path::new("out/g.png")), Some(RenderFormat::Png));
        assert_eq!(format_of(Path::new("g.dot")), None);
        assert_eq!(format_of(Path::new("g")), None);
    }

    /// Regression: `--render png --out x.svg` wrote a PNG into x.svg.
    #[test]
    fn render_format_and_extension_must_agree() {
        let store = Store::new().unwrap();
        store
            .load_from_slice(
                oxigraph::io::RdfFormat::Turtle,
                "<https://orbitkg.org/id/a> a <https://orbitkg.org/ns#SpaceAgency> ; \
                 <https://orbitkg.org/ns#participatesIn> <https://orbitkg.org/id/p> . \
                 <https://orbitkg.org/id/p> a <https://orbitkg.org/ns#Program> .",
            )
            .unwrap();
        let dir = std::env::temp_dir();
        for (render, out) in [(RenderFormat::Png, "x.svg"), (RenderFormat::Svg, "x.PNG"), (RenderFormat::Svg, "x.dot")]
        {
            let args = ExportArgs {
                format: ExportFormat::Dot(DotArgs {
                    around: None,
                    depth: 1,
                    classes: vec![],
                    properties: vec![],
                    no_clusters: false,
                    clusters: false,
                    keep_isolated: false,
                    no_legend: false,
                    out: Some(dir.join(format!("orbitkg-render-{}-{out}", std::process::id()))),
                    render: Some(render),
                }),
            };
            let err = run(&args, &store, &mut Vec::new()).unwrap_err().to_string();
            assert!(err.contains("does not fit") && err.contains(render.name()), "{err}");
        }
    }

    #[test]
    fn missing_dot_says_how_to_install_graphviz() {
        let err = render_with(Path::new("/nonexistent/dot"), "digraph {}", RenderFormat::Svg).unwrap_err().to_string();
        assert!(err.contains("apt-get install graphviz"), "{err}");
        assert!(err.contains("brew install graphviz"), "{err}");
    }

    /// Whether GraphViz's `dot` is on PATH. Rendering tests skip (and say
    /// so) without it, except under CI, which must have it.
    fn dot_installed(test: &str) -> bool {
        match Command::new("dot").arg("-V").output() {
            Ok(_) => true,
            Err(e) if e.kind() == ErrorKind::NotFound && std::env::var_os("CI").is_none() => {
                eprintln!("skipped: {test} needs GraphViz `dot`, which is not on PATH");
                false
            }
            Err(e) => panic!("GraphViz `dot` must be installed where CI is set (apt-get install graphviz): {e}"),
        }
    }

    #[test]
    fn dot_renders_svg() {
        if !dot_installed("dot_renders_svg") {
            return;
        }
        let svg = render_with_dot("digraph { a -> b }", RenderFormat::Svg).unwrap();
        assert!(String::from_utf8(svg).unwrap().contains("<svg"));
    }

    #[test]
    fn dot_errors_are_reported() {
        if !dot_installed("dot_errors_are_reported") {
            return;
        }
        let err = render_with_dot("digraph { a -> }", RenderFormat::Svg).unwrap_err();
        assert!(err.to_string().contains("syntax error"), "{err}");
    }
}
