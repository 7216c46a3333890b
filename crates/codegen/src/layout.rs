//! Turning generated items into file text: prettyplease for code, the rustfmt-compatible
//! layout of [`crate::attr`] for derive attributes (spliced in through placeholders), and
//! plain text for what neither token trees nor prettyplease express (module docs, `use`
//! lists, string constants).

use crate::attr::{MAX_WIDTH, Meta, attribute};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// Collects the derive attributes of the items being generated; each becomes a placeholder
/// attribute that prettyplease prints on a line of its own, replaced afterwards.
#[derive(Debug, Default)]
pub struct Attrs {
    attrs: Vec<(String, Vec<Meta>)>,
}

const PLACEHOLDER: &str = "hims_codegen_attribute_";

impl Attrs {
    /// `#[name(args)]`, as a placeholder token.
    pub fn add(&mut self, name: &str, args: Vec<Meta>) -> TokenStream {
        let id = format_ident!("{PLACEHOLDER}{}", self.attrs.len());
        self.attrs.push((name.to_string(), args));
        quote! { #[#id] }
    }

    /// prettyplease's text of `item`, with every placeholder replaced by its attribute
    /// laid out at the placeholder's indentation.
    pub fn render_item(&self, item: TokenStream) -> String {
        let file: syn::File = match syn::parse2(item.clone()) {
            Ok(f) => f,
            Err(e) => panic!("generated code does not parse ({e}):\n{item}"),
        };
        let text = prettyplease::unparse(&file);
        let mut out = String::with_capacity(text.len());
        for line in text.lines() {
            let trimmed = line.trim_start();
            let replaced = trimmed
                .strip_prefix("#[")
                .and_then(|r| r.strip_prefix(PLACEHOLDER))
                .and_then(|r| r.strip_suffix(']'))
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| self.attrs.get(n));
            match replaced {
                Some((name, args)) => {
                    let indent = line.len() - trimmed.len();
                    out.push_str(&line[..indent]);
                    out.push_str(&attribute(name, args, indent));
                }
                None => out.push_str(line),
            }
            out.push('\n');
        }
        out
    }
}

/// `//!` lines: one per line of `text`, an empty `//!` for an empty line.
pub fn inner_doc(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "//!\n".to_string()
            } else {
                format!("//! {l}\n")
            }
        })
        .collect()
}

/// `use` declarations, sorted as rustfmt sorts them; a group of names under one path is
/// split over several declarations rather than over several lines.
#[derive(Debug, Default)]
pub struct Uses {
    /// `(path, name)`: `("hims_dsl::model", "Policy")`.
    items: BTreeSet<(String, String)>,
}

impl Uses {
    pub fn add(&mut self, path: &str, name: &str) {
        self.items.insert((path.to_string(), name.to_string()));
    }

    pub fn render(&self) -> String {
        let mut paths: Vec<&str> = self.items.iter().map(|(p, _)| p.as_str()).collect();
        paths.dedup();
        let mut lines = Vec::new();
        for path in paths {
            let names: Vec<&str> = self
                .items
                .iter()
                .filter(|(p, _)| p == path)
                .map(|(_, n)| n.as_str())
                .collect();
            if let [one] = names.as_slice() {
                lines.push(format!("use {path}::{one};"));
                continue;
            }
            let mut group: Vec<&str> = Vec::new();
            let line = |g: &[&str]| format!("use {path}::{{{}}};", g.join(", "));
            for n in names {
                group.push(n);
                if line(&group).len() > MAX_WIDTH - 10 && group.len() > 1 {
                    group.pop();
                    lines.push(line(&group));
                    group = vec![n];
                }
            }
            lines.push(match group.as_slice() {
                [one] => format!("use {path}::{one};"),
                g => line(g),
            });
        }
        // rustfmt orders by the text: upper case before lower case before `{`.
        lines.sort();
        lines.iter().map(|l| format!("{l}\n")).collect()
    }
}

/// `const NAME: &str = "…";` as rustfmt lays it out: on one line when it fits, the literal
/// on the next line when that makes it fit; a literal spanning lines stays where it is.
pub fn str_const(doc: Option<&str>, name: &str, literal: &str) -> String {
    let mut out = String::new();
    if let Some(doc) = doc {
        for l in doc.lines() {
            out.push_str(&format!("/// {l}\n").replace("/// \n", "///\n"));
        }
    }
    let head = format!("const {name}: &str =");
    let one_line = format!("{head} {literal};");
    // `    "…";`: indentation, literal, semicolon.
    let broken_fits = 4 + literal.len() < MAX_WIDTH;
    if literal.contains('\n') || one_line.len() <= MAX_WIDTH || !broken_fits {
        out.push_str(&one_line);
    } else {
        out.push_str(&format!("{head}\n    {literal};"));
    }
    out.push('\n');
    out
}
