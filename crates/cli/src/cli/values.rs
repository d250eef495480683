//! Value parsers that several commands' arguments share.

use clap::builder::{PossibleValue, PossibleValuesParser, StringValueParser, TypedValueParser};
use std::ffi::OsStr;

/// The class names `--class`, `--from` and `--via` take (the vocabulary's
/// classes, their groups such as Organization, and Entity), for completions
/// and for the message that answers a wrong one.
pub fn class_names() -> PossibleValuesParser {
    let table = orbitkg_graph::class_table();
    let mut names: Vec<&'static str> = table.iter().map(|c| c.class.as_str()).collect();
    for group in table.iter().filter_map(|c| c.group.as_deref()) {
        if !names.contains(&group) {
            names.push(group);
        }
    }
    names.push("Entity");
    PossibleValuesParser::new(names)
}

/// `--property`: offers the vocabulary's relations to completions and
/// `--help`, and passes any name on, since `okg:signed`, a full IRI or a
/// property only this graph has are accepted too (a name that is none of
/// these is refused with the list).
#[derive(Debug, Clone, Copy)]
pub struct PropertyNames;

impl TypedValueParser for PropertyNames {
    type Value = String;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(orbitkg_graph::RELATIONS.iter().map(|p| PossibleValue::new(*p))))
    }
}
