//! The `orbitkg-corpus` command: writes benchmark corpora for orbitkg.

mod cli;

use anyhow::{Context, Result, bail};
use clap::Parser;
use cli::{Cli, Command};
use orbitkg_corpus::{Summary, repeat::Source};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// A file, or standard output for `-`, buffered.
fn create(path: &Path) -> Result<Box<dyn Write>> {
    if path == Path::new("-") {
        return Ok(Box::new(BufWriter::new(std::io::stdout().lock())));
    }
    let f = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(Box::new(BufWriter::with_capacity(1 << 20, f)))
}

fn report(what: &str, out: &Path, s: Summary) {
    eprintln!(
        "{what} {} articles, {} words, {:.1} MB into {}",
        s.articles,
        s.words,
        s.bytes as f64 / 1e6,
        out.display()
    );
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Generate { articles, seed, first, out, truth } => {
            let mut w = create(&out)?;
            let mut t = truth.as_deref().map(create).transpose()?;
            let truth_writer = t.as_mut().map(|b| &mut **b as &mut dyn Write);
            let s = orbitkg_corpus::generate_range(seed, first..first + articles, &mut w, truth_writer)
                .with_context(|| format!("cannot write {}", out.display()))?;
            w.flush().with_context(|| format!("cannot write {}", out.display()))?;
            if let Some(t) = t.as_mut() {
                t.flush().context("cannot write the truth file")?;
            }
            report("generated", &out, s);
        }
        Command::Repeat { copies, inputs, out } => {
            let mut files = Vec::new();
            for i in &inputs {
                collect(i, &mut files)?;
            }
            if files.is_empty() {
                bail!(
                    "no .txt articles in {}",
                    inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
                );
            }
            files.sort();
            let mut sources = Vec::new();
            for f in &files {
                let text = std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?;
                let name = f.file_stem().map_or_else(|| "article".into(), |s| s.to_string_lossy().into_owned());
                sources.push(Source { name, text });
            }
            let mut w = create(&out)?;
            let s = orbitkg_corpus::repeat(&sources, copies, &mut w)
                .with_context(|| format!("cannot write {}", out.display()))?;
            w.flush().with_context(|| format!("cannot write {}", out.display()))?;
            report(&format!("repeated {} articles:", sources.len()), &out, s);
        }
    }
    Ok(())
}

/// The `.txt` files under a path.
fn collect(path: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.is_dir() {
        for entry in std::fs::read_dir(path).with_context(|| format!("cannot read {}", path.display()))? {
            collect(&entry?.path(), files)?;
        }
    } else if path.extension().is_some_and(|e| e == "txt") {
        files.push(path.to_path_buf());
    }
    Ok(())
}
