//! Exit codes.

use std::process::ExitCode;

/// How the process ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything worked.
    Success,
    /// The command failed; nothing was changed that was not complete.
    Failure,
    /// The build finished, but some inputs were skipped (each was reported).
    InputErrors,
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        match s {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::InputErrors => ExitCode::from(3),
        }
    }
}
