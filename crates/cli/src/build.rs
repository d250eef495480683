//! `orbitkg build`: read articles, extract in parallel, resolve, store, dump.

use crate::cli::BuildArgs;
use crate::data::{dump_format, is_stdout, write_atomically};
use crate::exit::ExitStatus;
use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use orbitkg_extract::input::{self, Article};
use orbitkg_extract::{Gazetteer, extract_article, resolve};
use orbitkg_rdf::{Base, DumpFormat, KgStore, corpus_graphs, dump};
use oxigraph::model::NamedNode;
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A file to read, with the name it goes by in the graph.
struct InputFile {
    path: PathBuf,
    source: String,
}

const EXTENSIONS: &[&str] = &["txt", "html", "htm", "jsonl"];

fn has_article_extension(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn walk(dir: &Path, root: &Path, prefix: &str, out: &mut Vec<InputFile>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .with_context(|| format!("cannot read directory {}", dir.display()))?;
    entries.sort();
    for p in entries {
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            walk(&p, root, prefix, out)?;
        } else if has_article_extension(&p) {
            let rel = p.strip_prefix(root).unwrap_or(&p);
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            out.push(InputFile { source: format!("{prefix}{rel}"), path: p.clone() });
        }
    }
    Ok(())
}

/// Every article file under the inputs, with sources relative to each input
/// root, and a message for each input that is skipped (missing, or a folder
/// without articles): a long build goes on without it.
fn collect_inputs(inputs: &[PathBuf]) -> Result<(Vec<InputFile>, Vec<String>)> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        if !input.exists() {
            skipped.push(format!("{}: no such file or directory", input.display()));
            continue;
        }
        if input.is_dir() {
            let before = files.len();
            let root_name = input
                .canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
                .unwrap_or_default();
            walk(input, input, &format!("{root_name}/"), &mut files)?;
            if files.len() == before {
                skipped.push(format!(
                    "{}: no articles in this directory (looked for .txt, .html, .htm, .jsonl)",
                    input.display()
                ));
            }
        } else {
            let name = input.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            files.push(InputFile { path: input.clone(), source: name });
        }
    }
    Ok((files, skipped))
}

/// Reads and parses one file into articles; problems are reported as messages.
fn read_articles(f: &InputFile) -> (Vec<Article>, Vec<String>) {
    let bytes = match std::fs::read(&f.path) {
        Ok(b) => b,
        Err(e) => {
            return (vec![], vec![format!("{}: cannot read: {e}", f.path.display())]);
        }
    };
    let ext = f.path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let name = f.path.display();
    match ext.as_str() {
        "jsonl" => match input::from_jsonl(&f.source, &bytes) {
            Err(e) => (vec![], vec![format!("{name}: {e}")]),
            Ok(items) => {
                let mut arts = Vec::new();
                let mut errs = Vec::new();
                for it in items {
                    match it {
                        Ok(a) => arts.push(a),
                        Err(e) => errs.push(format!("{name}:{e}").replacen(":line ", ":", 1)),
                    }
                }
                (arts, errs)
            }
        },
        "html" | "htm" => match input::from_html(&f.source, &bytes) {
            Ok(a) => (vec![a], vec![]),
            Err(e) => (vec![], vec![format!("{name}: {e}")]),
        },
        _ => match input::from_text(&f.source, &bytes) {
            Ok(a) if a.text.trim().is_empty() => (vec![], vec![format!("{name}: empty article")]),
            Ok(a) => (vec![a], vec![]),
            Err(e) => (vec![], vec![format!("{name}: {e}")]),
        },
    }
}

fn progress(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{prefix:>9} [{bar:30}] {pos}/{len} articles  {per_sec}  ETA {eta}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    pb
}

/// Where `build` writes its dump.
#[derive(Debug, PartialEq)]
enum Output {
    /// A file, written atomically.
    File(PathBuf, DumpFormat),
    /// Standard output (`--out -`, or no --out and --store while it is not a terminal).
    Stdout(DumpFormat),
    /// No dump: the graph goes into --store, or nowhere (which is said).
    Nowhere,
}

/// Standard output gets TriG unless told otherwise: it keeps everything.
const STDOUT_FORMAT: DumpFormat = DumpFormat::TriG;

/// Where the dump goes; `terminal` is whether standard output is one.
fn output(args: &BuildArgs, terminal: bool) -> Result<Output> {
    let stdout_format = || match &args.format {
        Some(f) => dump_format(Some(f), None),
        None => Ok(STDOUT_FORMAT),
    };
    Ok(match &args.out {
        Some(out) if is_stdout(out) => Output::Stdout(stdout_format()?),
        Some(out) => {
            crate::data::check_writable(out)?;
            Output::File(out.clone(), dump_format(args.format.as_deref(), Some(out))?)
        }
        // `orbitkg build seeds > kg.trig` means the dump, not the summary.
        None if args.store.is_none() && (!terminal || args.format.is_some()) => Output::Stdout(stdout_format()?),
        None => Output::Nowhere,
    })
}

/// Runs `orbitkg build`.
pub fn run(args: &BuildArgs) -> Result<ExitStatus> {
    let started = Instant::now();
    let base_ok = NamedNode::new(&args.base).is_ok() && (args.base.ends_with('/') || args.base.ends_with('#'));
    if !base_ok {
        bail!("--base {:?} is not an absolute IRI ending in / or #", args.base);
    }
    // Decide everything that can fail cheaply before any work.
    let output = output(args, std::io::stdout().is_terminal())?;
    let (files, skipped) = collect_inputs(&args.inputs)?;
    if files.is_empty() {
        // Nothing to read: fail before a store is created or opened.
        bail!("{}; nothing to build", skipped.join("; "));
    }
    let store = match &args.store {
        Some(dir) => {
            let store =
                KgStore::create_or_open(dir).with_context(|| format!("cannot open the store at {}", dir.display()))?;
            // Adding to it would give a default graph holding only the new
            // articles, which every plain query would take for the whole.
            if store.only_named_graphs()? {
                bail!(
                    "the store at {} was built by an earlier orbitkg (everything in named graphs, no default \
                     graph); build into a new directory instead",
                    dir.display()
                );
            }
            store
        }
        None => KgStore::in_memory()?,
    };
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global().ok();
    }

    let mut problems: Vec<String> = skipped;
    let mut articles: Vec<Article> = Vec::new();
    for f in &files {
        let (a, e) = read_articles(f);
        // A guessed encoding is read, not skipped, but said: the guess may be wrong.
        for enc in a.iter().filter_map(|a| a.guessed_encoding) {
            eprintln!("warning: {}: not UTF-8 and no charset declared; read as {enc}", f.path.display());
        }
        articles.extend(a);
        problems.extend(e);
    }
    for p in &problems {
        eprintln!("error: {p}");
    }
    if articles.is_empty() {
        bail!("no readable articles in the inputs");
    }

    let gaz = Gazetteer::builtin();
    let pb = progress(articles.len() as u64, args.quiet);
    pb.set_prefix("extract");
    let extract_started = Instant::now();
    let extractions: Vec<_> = articles
        .into_par_iter()
        .map(|a| {
            let x = extract_article(a, gaz);
            pb.inc(1);
            x
        })
        .collect();
    pb.finish_and_clear();
    let extract_secs = extract_started.elapsed().as_secs_f64();
    let words: usize = extractions.iter().map(|x| x.words).sum();
    if args.verbose {
        let mut lines: Vec<String> = extractions
            .iter()
            .map(|x| {
                format!(
                    "{}: {} words, {} entities, {} facts",
                    x.article.source,
                    x.words,
                    x.entities.len(),
                    x.facts.len()
                )
            })
            .collect();
        lines.sort();
        for l in lines {
            eprintln!("{l}");
        }
    }
    let corpus = resolve(extractions, gaz);

    let base = Base { id: args.base.clone() };
    let graphs = corpus_graphs(&corpus, &base);
    let pb = progress(graphs.len() as u64, args.quiet);
    pb.set_prefix("store");
    for article in &graphs {
        store.replace_article(article).with_context(|| format!("cannot store the graph of {}", article.name))?;
        pb.inc(1);
    }
    pb.finish_and_clear();
    if args.with_ontology {
        store.load_ontology()?;
    }
    store.flush()?;
    match &output {
        Output::File(path, format) => write_atomically(path, |w| {
            dump(&store, *format, None, w)?;
            Ok(())
        })?,
        Output::Stdout(format) => {
            let mut out = std::io::stdout().lock();
            dump(&store, *format, None, &mut out)?;
            out.flush()?;
        }
        Output::Nowhere => {}
    }
    if !args.quiet {
        // The summary goes to standard error when standard output carries the dump.
        let mut summary: Box<dyn Write> = match output {
            Output::Stdout(_) => Box::new(std::io::stderr().lock()),
            _ => Box::new(std::io::stdout().lock()),
        };
        // The same counts as `orbitkg stats`, from the graph just stored:
        // one definition of an entity and of a fact.
        let stats = crate::stats::compute(&store, 0)?;
        writeln!(summary, "articles   {}", corpus.documents.len())?;
        writeln!(summary, "entities   {}", stats.classes.iter().map(|c| c.1).sum::<usize>())?;
        for (c, n) in &stats.classes {
            writeln!(summary, "  {c:<26}{n}")?;
        }
        writeln!(summary, "facts      {}", stats.properties.iter().map(|p| p.1).sum::<usize>())?;
        for (p, n, _) in &stats.properties {
            writeln!(summary, "  {p:<26}{n}")?;
        }
        writeln!(summary, "quads      {}", store.len()?)?;
        writeln!(
            summary,
            "seconds    {:.2} (extraction {:.2}, {:.0} words/s)",
            started.elapsed().as_secs_f64(),
            extract_secs,
            words as f64 / extract_secs.max(1e-9)
        )?;
        if let Output::File(out, _) = &output {
            writeln!(summary, "wrote      {}", out.display())?;
        }
    }
    if matches!(output, Output::Nowhere) && args.store.is_none() {
        eprintln!(
            "note: nothing was kept: the graph was built in memory only; keep it with --out FILE \
             (--out - for standard output) or --store DIR"
        );
    }
    Ok(if problems.is_empty() { ExitStatus::Success } else { ExitStatus::InputErrors })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn output_of(args: &[&str], terminal: bool) -> Output {
        let cli = Cli::try_parse_from([&["orbitkg", "build", "seeds"], args].concat()).unwrap();
        let Command::Build(build) = cli.command else { panic!("not a build") };
        output(&build, terminal).unwrap()
    }

    /// Regression: `build seeds` with neither --out nor --store threw the
    /// graph away without a word, and `build seeds > kg.ttl` kept the summary.
    #[test]
    fn without_out_or_store_the_dump_goes_to_a_pipe_and_never_silently_nowhere() {
        assert_eq!(output_of(&[], false), Output::Stdout(DumpFormat::TriG));
        assert_eq!(output_of(&[], true), Output::Nowhere);
        assert_eq!(output_of(&["--format", "nt"], true), Output::Stdout(DumpFormat::NTriples));
        assert_eq!(output_of(&["--store", "kg"], false), Output::Nowhere);
        assert_eq!(output_of(&["--out", "-"], true), Output::Stdout(DumpFormat::TriG));
        assert_eq!(output_of(&["--out", "-", "--format", "ttl"], true), Output::Stdout(DumpFormat::Turtle));
        assert_eq!(output_of(&["--out", "kg.nq"], false), Output::File(PathBuf::from("kg.nq"), DumpFormat::NQuads));
    }
}
