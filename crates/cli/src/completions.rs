//! `orbitkg completions` and `orbitkg man`: shell completions and man pages,
//! both generated from the clap definitions in `cli.rs`, so they never drift
//! from `--help`.

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::exit::ExitStatus;
use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Runs `orbitkg completions SHELL`.
pub fn run_completions(args: &CompletionsArgs) -> Result<ExitStatus> {
    let mut out = std::io::stdout().lock();
    write_completions(args.shell, &mut out)?;
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// Writes the completion script for `shell`.
pub fn write_completions(shell: Shell, out: &mut dyn Write) -> Result<()> {
    // clap_complete panics on a write error (a closed pipe); generate into
    // memory and write it ourselves so that errors stay errors.
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "orbitkg", &mut buf);
    out.write_all(&buf)?;
    Ok(())
}

/// Runs `orbitkg man [--out DIR]`.
pub fn run_man(args: &ManArgs) -> Result<ExitStatus> {
    match &args.out {
        Some(dir) => {
            for page in write_man_pages(dir)? {
                eprintln!("wrote {}", page.display());
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            write_man_page(&mut out)?;
            out.flush()?;
        }
    }
    Ok(ExitStatus::Success)
}

/// Writes `orbitkg.1`, which lists the subcommands.
pub fn write_man_page(out: &mut dyn Write) -> Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out).context("cannot write the man page")
}

/// Writes `orbitkg.1` and `orbitkg-SUB[-SUB].1` for every subcommand into
/// `dir`; returns the files written, sorted.
pub fn write_man_pages(dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(Cli::command(), dir)
        .with_context(|| format!("cannot write man pages into {}", dir.display()))?;
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "1")
                && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("orbitkg"))
        })
        .collect();
    pages.sort();
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    fn subcommands() -> Vec<String> {
        Cli::command().get_subcommands().map(|c| c.get_name().to_string()).collect()
    }

    #[test]
    fn every_shell_gets_a_script_that_knows_the_subcommands() {
        for shell in Shell::value_variants() {
            let mut out = Vec::new();
            write_completions(*shell, &mut out).unwrap();
            let script = String::from_utf8(out).unwrap();
            assert!(!script.trim().is_empty(), "{shell}: empty");
            assert!(script.contains("serve") && script.contains("stats"), "{shell}: {script}");
        }
    }

    #[test]
    fn the_man_page_lists_every_subcommand() {
        let mut out = Vec::new();
        write_man_page(&mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        assert!(page.starts_with(".ie") || page.contains(".TH orbitkg"), "{page}");
        assert!(page.contains("Exit status"), "the man page has no exit-status section");
        for sub in subcommands() {
            assert!(page.contains(&sub), "the man page does not mention {sub}");
        }
    }

    #[test]
    fn man_out_writes_one_page_per_subcommand() {
        let dir = tempfile::tempdir().unwrap();
        let pages = write_man_pages(dir.path()).unwrap();
        let names: Vec<String> = pages.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert!(names.contains(&"orbitkg.1".to_string()), "{names:?}");
        for sub in subcommands() {
            assert!(names.contains(&format!("orbitkg-{sub}.1")), "no page for {sub}: {names:?}");
        }
        assert!(pages.iter().all(|p| std::fs::metadata(p).unwrap().len() > 0));
    }
}
