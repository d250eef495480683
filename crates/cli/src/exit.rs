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

impl ExitStatus {
    /// The number the process returns.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::InputErrors => 3,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        ExitCode::from(s.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statuses `--help` promises are the ones the process returns.
    #[test]
    fn help_states_every_exit_status() {
        use clap::CommandFactory;
        let help = crate::cli::Cli::command().render_long_help().to_string();
        for (status, code) in [(ExitStatus::Success, 0), (ExitStatus::Failure, 1), (ExitStatus::InputErrors, 3)] {
            assert_eq!(ExitCode::from(status), ExitCode::from(code as u8));
            assert!(help.contains(&format!("  {code}  ")), "--help does not state exit status {code}:\n{help}");
        }
    }
}
