//! What Ctrl-C says during a build or a remove: what was kept and what the
//! next build will do.
//!
//! The command tells this module which stage it is in ([`stage`]). On
//! Ctrl-C a thread that waits for the signal (signal-hook) writes that
//! stage's message to standard error and ends the process the way an
//! unhandled Ctrl-C does (by SIGINT, exit status 130 in a shell). No
//! destructor or exit handler runs, exactly as before: the store is left as
//! a crash leaves it, which the archive is built to survive.

use std::path::Path;

/// A long command's stage, as far as Ctrl-C is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage<'a> {
    /// Reading and extracting articles: the store is not changed yet.
    Reading { store: Option<&'a Path> },
    /// Committing: the store is mid-update until the commit ends.
    Committing { store: Option<&'a Path>, build: bool },
    /// Writing the dump after the graph is complete.
    Writing { store: Option<&'a Path>, out: &'a Path },
    /// Everything is kept: Ctrl-C needs no word.
    Done,
}

/// What Ctrl-C at `stage` leaves, and what to do next.
pub(crate) fn message(stage: Stage<'_>) -> String {
    match stage {
        Stage::Done => String::new(),
        Stage::Reading { store: None } => {
            "interrupted: nothing was written (the graph was being built in memory)".to_string()
        }
        Stage::Reading { store: Some(dir) } => format!(
            "interrupted: the store at {} is as it was; none of this build's articles went in \
             (the records already written are deleted by the next build, which extracts those articles again)",
            dir.display()
        ),
        Stage::Committing { store: None, .. } => {
            "interrupted while building the graph: nothing was written (it was in memory)".to_string()
        }
        Stage::Committing { store: Some(dir), build } => format!(
            "interrupted while committing: the store at {} is mid-update (each article's graph is whole, \
             old or new, and readers are told so); {} finishes the update first and extracts nothing twice",
            dir.display(),
            if build { "running the same build again" } else { "the next build or remove" }
        ),
        Stage::Writing { store: None, out } => format!(
            "interrupted while writing {}: it was not written (a dump is written whole or not at all), \
             and the graph was in memory",
            out.display()
        ),
        Stage::Writing { store: Some(dir), out } => format!(
            "interrupted while writing {}: the store at {} is complete; the dump was not written \
             (it is written whole or not at all: `orbitkg dump --store {} --out {}` writes it)",
            out.display(),
            dir.display(),
            dir.display(),
            out.display()
        ),
    }
}

/// Says what Ctrl-C leaves from now on: the message for `stage`.
pub(crate) fn stage(stage: Stage<'_>) {
    imp::set(&message(stage));
}

#[cfg(unix)]
mod imp {
    use signal_hook::consts::SIGINT;
    use signal_hook::iterator::Signals;
    use std::io::{IsTerminal, Write};
    use std::sync::{Mutex, Once};

    /// The message for the stage the command is in.
    static MESSAGE: Mutex<String> = Mutex::new(String::new());
    static INSTALL: Once = Once::new();

    pub(super) fn set(message: &str) {
        // Clear a progress line first when standard error is a terminal.
        let clear = if std::io::stderr().is_terminal() { "\r\x1b[2K" } else { "\n" };
        let text = if message.is_empty() { String::new() } else { format!("{clear}{message}\n") };
        *MESSAGE.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = text;
        INSTALL.call_once(|| {
            // Without a handler Ctrl-C keeps its default behaviour: better
            // no message than no way to stop.
            let Ok(mut signals) = Signals::new([SIGINT]) else { return };
            std::thread::spawn(move || {
                if signals.forever().next().is_some() {
                    let text = MESSAGE.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
                    let mut err = std::io::stderr().lock();
                    let _ = err.write_all(text.as_bytes());
                    let _ = err.flush();
                    // Ends the process as an unhandled Ctrl-C does: by
                    // SIGINT, with no exit handler run.
                    let _ = signal_hook::low_level::emulate_default_handler(SIGINT);
                    std::process::exit(130);
                }
            });
        });
    }
}

#[cfg(not(unix))]
mod imp {
    /// Elsewhere Ctrl-C keeps its default behaviour.
    pub(super) fn set(_: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_stage_says_what_was_kept_and_what_comes_next() {
        let dir = Path::new("kg");
        let reading = message(Stage::Reading { store: Some(dir) });
        assert!(reading.contains("is as it was") && reading.contains("extracts those articles again"), "{reading}");
        let committing = message(Stage::Committing { store: Some(dir), build: true });
        assert!(committing.contains("mid-update") && committing.contains("same build again"), "{committing}");
        let writing = message(Stage::Writing { store: Some(dir), out: Path::new("kg.trig") });
        assert!(writing.contains("orbitkg dump --store kg --out kg.trig"), "{writing}");
        assert!(message(Stage::Reading { store: None }).contains("nothing was written"));
    }
}
