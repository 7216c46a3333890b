//! `cargo xtask new table|schema`: scaffold new definitions in `schema-defs/`.
//!
//! The text work is done by pure functions (file contents in, new contents out), unit-tested
//! below; [`new_table`] and [`new_schema`] are the thin I/O layer: read the files, refuse
//! before anything is written, format with rustfmt, then write every file atomically and
//! all-or-nothing.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// PostgreSQL truncates longer identifiers (NAMEDATALEN - 1).
pub const MAX_IDENTIFIER_BYTES: usize = 63;

// ---- Names ------------------------------------------------------------------------------

/// Strict and reserved Rust keywords (2024 edition): not usable as module names.
const RUST_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Crate names a module of that name would shadow or make ambiguous.
const RESERVED_MODULE_NAMES: &[&str] = &["alloc", "core", "proc_macro", "std"];

/// `name` is a lower snake_case identifier of at most 63 bytes: `[a-z][a-z0-9]*(_[a-z0-9]+)*`,
/// and usable as a Rust module name.
pub fn check_snake_name(what: &str, name: &str) -> Result<(), String> {
    let shape_ok = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.split('_').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !shape_ok {
        return Err(format!(
            "{what} `{name}` is not a lower snake_case identifier (a-z and 0-9, words joined by \
             single underscores, starting with a letter)"
        ));
    }
    if name.len() > MAX_IDENTIFIER_BYTES {
        return Err(format!(
            "{what} `{name}` is {} bytes; PostgreSQL identifiers are at most {MAX_IDENTIFIER_BYTES}",
            name.len()
        ));
    }
    if RUST_KEYWORDS.contains(&name) {
        return Err(format!(
            "{what} `{name}` is a Rust keyword and cannot name the module"
        ));
    }
    Ok(())
}

/// A new Rust module may not be named like a standard crate.
fn check_module_name(what: &str, name: &str) -> Result<(), String> {
    check_snake_name(what, name)?;
    if RESERVED_MODULE_NAMES.contains(&name) {
        return Err(format!(
            "{what} `{name}` would shadow the `{name}` crate; choose another name"
        ));
    }
    Ok(())
}

/// `Name` is an UpperCamelCase Rust identifier.
pub fn check_struct_name(name: &str) -> Result<(), String> {
    let ok = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.bytes().all(|b| b.is_ascii_alphanumeric())
        && name != "Self";
    if ok {
        Ok(())
    } else {
        Err(format!(
            "struct name `{name}` is not an UpperCamelCase identifier (A-Z, a-z, 0-9, starting \
             with a capital letter)"
        ))
    }
}

/// Split `schema.table` and check both halves.
pub fn parse_qualified(arg: &str) -> Result<(String, String), String> {
    let Some((schema, table)) = arg.split_once('.') else {
        return Err(format!(
            "expected <schema>.<table>, e.g. billing.claim_notes; got `{arg}`"
        ));
    };
    check_snake_name("schema name", schema)?;
    check_module_name("table name", table)?;
    Ok((schema.to_string(), table.to_string()))
}

/// English singular of a table name, by a deliberately small rule set: `-ies` → `-y`,
/// `-sses` → `-ss`, `-ss` stays, `-s` is dropped, anything else stays.
pub fn singular(name: &str) -> String {
    let s = if let Some(stem) = name.strip_suffix("ies") {
        if stem.is_empty() || stem.ends_with('_') {
            return name.to_string();
        }
        format!("{stem}y")
    } else if name.ends_with("sses") {
        name[..name.len() - 2].to_string()
    } else if name.ends_with("ss") {
        name.to_string()
    } else if let Some(stem) = name.strip_suffix('s') {
        stem.to_string()
    } else {
        name.to_string()
    };
    if s.is_empty() || s.ends_with('_') {
        name.to_string()
    } else {
        s
    }
}

/// `claim_notes` → `ClaimNote`: UpperCamelCase of the singular.
pub fn struct_name_for(table: &str) -> String {
    singular(table)
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// rustfmt's "version sorting" (style edition 2024) for identifiers: `_` sorts first, then
/// digit runs by value, then other characters in order. `pub use` lines are sorted with it;
/// `mod` lines plainly by bytes.
pub fn version_cmp(a: &str, b: &str) -> Ordering {
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    enum Chunk<'a> {
        Underscore,
        Number(u128, &'a str),
        Text(&'a str),
    }
    fn chunks(s: &str) -> Vec<Chunk<'_>> {
        let mut out = Vec::new();
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            if c == '_' {
                out.push(Chunk::Underscore);
                rest = &rest[1..];
            } else if c.is_ascii_digit() {
                let end = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                let digits = &rest[..end];
                out.push(Chunk::Number(digits.parse().unwrap_or(u128::MAX), digits));
                rest = &rest[end..];
            } else {
                let end = rest
                    .find(|c: char| c == '_' || c.is_ascii_digit())
                    .unwrap_or(rest.len());
                out.push(Chunk::Text(&rest[..end]));
                rest = &rest[end..];
            }
        }
        out
    }
    chunks(a).cmp(&chunks(b))
}

// ---- A small Rust lexer ---------------------------------------------------------------------

/// What the scaffolder needs to know about Rust source: where the code tokens are and how
/// deep in brackets, skipping comments, strings (raw too), char literals and lifetimes, so a
/// brace inside `"…{…"` or `// }` is never counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ident,
    Lifetime,
    Literal,
    Punct(u8),
    Open(u8),
    Close(u8),
}

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
    /// Bracket depth outside the token (for `Open`/`Close`: the depth of the pair).
    depth: usize,
}

struct Source<'a> {
    text: &'a str,
    toks: Vec<Token>,
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

impl<'a> Source<'a> {
    fn parse(text: &'a str, file: &str) -> Result<Self, String> {
        let s = text.as_bytes();
        let err = |at: usize, what: &str| {
            let line = text[..at].matches('\n').count() + 1;
            format!("{file}:{line}: {what}; cannot edit it safely (does it compile?)")
        };
        let mut toks = Vec::new();
        let mut stack: Vec<u8> = Vec::new();
        let mut i = 0;
        while i < s.len() {
            let c = s[i];
            let start = i;
            let depth = stack.len();
            let kind = match c {
                b' ' | b'\t' | b'\n' | b'\r' => {
                    i += 1;
                    continue;
                }
                b'/' if s.get(i + 1) == Some(&b'/') => {
                    i = text[i..].find('\n').map_or(s.len(), |n| i + n);
                    continue;
                }
                b'/' if s.get(i + 1) == Some(&b'*') => {
                    let mut level = 0usize;
                    loop {
                        if i + 1 >= s.len() {
                            return Err(err(start, "unterminated block comment"));
                        }
                        if s[i] == b'/' && s[i + 1] == b'*' {
                            level += 1;
                            i += 2;
                        } else if s[i] == b'*' && s[i + 1] == b'/' {
                            level -= 1;
                            i += 2;
                            if level == 0 {
                                break;
                            }
                        } else {
                            i += 1;
                        }
                    }
                    continue;
                }
                b'"' => {
                    i += 1;
                    loop {
                        match s.get(i) {
                            None => return Err(err(start, "unterminated string literal")),
                            Some(b'\\') => i += 2,
                            Some(b'"') => break,
                            Some(_) => i += 1,
                        }
                    }
                    i += 1;
                    Kind::Literal
                }
                b'\'' => {
                    if s.get(i + 1) == Some(&b'\\') {
                        // Escaped char literal: '\n', '\'', '\u{1F600}'.
                        i += 3;
                        while i < s.len() && s[i] != b'\'' {
                            i += 1;
                        }
                        if i >= s.len() {
                            return Err(err(start, "unterminated character literal"));
                        }
                        i += 1;
                        Kind::Literal
                    } else {
                        let ch_len = text[i + 1..].chars().next().map_or(0, char::len_utf8);
                        if ch_len > 0 && s.get(i + 1 + ch_len) == Some(&b'\'') {
                            i += ch_len + 2;
                            Kind::Literal
                        } else {
                            i += 1;
                            while i < s.len() && is_ident_byte(s[i]) {
                                i += 1;
                            }
                            Kind::Lifetime
                        }
                    }
                }
                b'0'..=b'9' => {
                    while i < s.len()
                        && (is_ident_byte(s[i])
                            || (s[i] == b'.' && s.get(i + 1).is_some_and(u8::is_ascii_digit)))
                    {
                        i += 1;
                    }
                    Kind::Literal
                }
                c if is_ident_byte(c) => {
                    while i < s.len() && is_ident_byte(s[i]) {
                        i += 1;
                    }
                    let word = &text[start..i];
                    if matches!(word, "r" | "br" | "cr") && matches!(s.get(i), Some(b'#' | b'"')) {
                        let hashes = s[i..].iter().take_while(|&&b| b == b'#').count();
                        if s.get(i + hashes) == Some(&b'"') {
                            let close = format!("\"{}", "#".repeat(hashes));
                            let body = i + hashes + 1;
                            let Some(n) = text[body..].find(&close) else {
                                return Err(err(start, "unterminated raw string literal"));
                            };
                            i = body + n + close.len();
                            toks.push(Token {
                                kind: Kind::Literal,
                                start,
                                end: i,
                                depth,
                            });
                            continue;
                        }
                        if word == "r" && hashes == 1 {
                            // Raw identifier r#type.
                            i += 1;
                            while i < s.len() && is_ident_byte(s[i]) {
                                i += 1;
                            }
                        }
                    }
                    Kind::Ident
                }
                b'(' | b'[' | b'{' => {
                    stack.push(c);
                    i += 1;
                    Kind::Open(c)
                }
                b')' | b']' | b'}' => {
                    let open = match c {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    if stack.pop() != Some(open) {
                        return Err(err(start, &format!("unbalanced `{}`", c as char)));
                    }
                    i += 1;
                    toks.push(Token {
                        kind: Kind::Close(c),
                        start,
                        end: i,
                        depth: stack.len(),
                    });
                    continue;
                }
                _ => {
                    i += 1;
                    Kind::Punct(c)
                }
            };
            toks.push(Token {
                kind,
                start,
                end: i,
                depth,
            });
        }
        if let Some(open) = stack.last() {
            return Err(err(text.len(), &format!("unclosed `{}`", *open as char)));
        }
        Ok(Source { text, toks })
    }

    fn text_of(&self, t: &Token) -> &'a str {
        &self.text[t.start..t.end]
    }

    fn is_ident(&self, i: usize, word: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == Kind::Ident && self.text_of(t) == word)
    }

    /// The bracket depth of the code that starts at `offset`, if a token starts there.
    fn depth_at(&self, offset: usize) -> Option<usize> {
        self.toks
            .binary_search_by_key(&offset, |t| t.start)
            .ok()
            .map(|i| self.toks[i].depth)
    }

    /// Byte offsets of `{` and `}` of the body of the top-level `fn name`, and the name of its
    /// first parameter.
    fn fn_body(&self, name: &str) -> Option<(usize, usize, &'a str)> {
        let at = (0..self.toks.len()).find(|&i| {
            self.toks[i].depth == 0 && self.is_ident(i, "fn") && self.is_ident(i + 1, name)
        })?;
        let param = match (
            self.toks.get(at + 2),
            self.toks.get(at + 3),
            self.toks.get(at + 4),
        ) {
            (Some(p), Some(id), Some(colon))
                if p.kind == Kind::Open(b'(')
                    && id.kind == Kind::Ident
                    && colon.kind == Kind::Punct(b':') =>
            {
                self.text_of(id)
            }
            _ => "b",
        };
        let open = (at + 2..self.toks.len())
            .find(|&i| self.toks[i].depth == 0 && self.toks[i].kind == Kind::Open(b'{'))?;
        let close = (open + 1..self.toks.len())
            .find(|&i| self.toks[i].depth == 0 && self.toks[i].kind == Kind::Close(b'}'))?;
        Some((self.toks[open].start, self.toks[close].start, param))
    }

    /// Names a top-level item declares (`struct X`, `mod x`, …) and every identifier that
    /// appears in a top-level `use` item.
    fn top_level_names(&self) -> BTreeSet<&'a str> {
        let mut names = BTreeSet::new();
        let mut in_use = false;
        for (i, t) in self.toks.iter().enumerate() {
            if t.depth != 0 && !in_use {
                continue;
            }
            if in_use {
                if t.depth == 0 && t.kind == Kind::Punct(b';') {
                    in_use = false;
                } else if t.kind == Kind::Ident {
                    names.insert(self.text_of(t));
                }
                continue;
            }
            if t.kind != Kind::Ident {
                continue;
            }
            match self.text_of(t) {
                "use" => in_use = true,
                "struct" | "enum" | "union" | "trait" | "type" | "mod" | "const" | "static" => {
                    if let Some(n) = self.toks.get(i + 1).filter(|n| n.kind == Kind::Ident) {
                        names.insert(self.text_of(n));
                    }
                }
                _ => {}
            }
        }
        names
    }

    /// Whether `name::` starts a path anywhere (e.g. `use uuid::Uuid`): a module of that name
    /// would make such paths ambiguous.
    fn used_as_path_root(&self, name: &str) -> bool {
        self.toks.windows(3).any(|w| {
            w[0].kind == Kind::Ident
                && self.text_of(&w[0]) == name
                && w[1].kind == Kind::Punct(b':')
                && w[2].kind == Kind::Punct(b':')
                && w[0].end == w[1].start
                && w[1].end == w[2].start
        })
    }

    /// Offset just past the line that ends the last top-level `use` item.
    fn after_last_use(&self) -> Option<usize> {
        let mut last = None;
        let mut in_use = false;
        for (i, t) in self.toks.iter().enumerate() {
            if t.depth != 0 {
                continue;
            }
            if in_use && t.kind == Kind::Punct(b';') {
                in_use = false;
                last = Some(t.end);
            } else if !in_use && self.is_ident(i, "use") {
                in_use = true;
            }
        }
        last.map(|end| line_end(self.text, end))
    }

    /// Start of the line of the first top-level item (after `//!` docs and `#![…]`).
    fn first_item_line(&self) -> usize {
        let mut i = 0;
        // Skip inner attributes `#![…]`.
        while self
            .toks
            .get(i)
            .is_some_and(|t| t.kind == Kind::Punct(b'#'))
            && self
                .toks
                .get(i + 1)
                .is_some_and(|t| t.kind == Kind::Punct(b'!'))
        {
            let close = (i + 2..self.toks.len())
                .find(|&j| self.toks[j].depth == 0 && self.toks[j].kind == Kind::Close(b']'));
            match close {
                Some(j) => i = j + 1,
                None => break,
            }
        }
        self.toks
            .get(i)
            .map_or(self.text.len(), |t| line_start(self.text, t.start))
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |n| n + 1)
}

/// Offset just past the newline that ends the line containing `offset` (or the text's end).
fn line_end(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |n| offset + n + 1)
}

/// `(start, line)` for every line, without its newline.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push((start, line.strip_suffix('\n').unwrap_or(line)));
        start += line.len();
    }
    out
}

fn is_blank_at(text: &str, offset: usize) -> bool {
    offset >= text.len()
        || text[offset..]
            .split('\n')
            .next()
            .is_some_and(|l| l.trim().is_empty())
}

/// A paragraph (blank lines or the file's ends around it) of top-level lines that all
/// match `key_of`, e.g. a list of `mod x;` lines.
struct Paragraph {
    /// (line start, sort key) of each line.
    entries: Vec<(usize, String)>,
    /// Offset just past the last line.
    end: usize,
}

fn find_paragraph(src: &Source, key_of: impl Fn(&str) -> Option<String>) -> Option<Paragraph> {
    let all = lines(src.text);
    let mut i = 0;
    while i < all.len() {
        let matches = |k: usize| {
            let (start, line) = all[k];
            // Top-level code: starts in column 0 and is a token at depth 0 (not string text).
            if src.depth_at(start) == Some(0) {
                key_of(line)
            } else {
                None
            }
        };
        let Some(first) = matches(i) else {
            i += 1;
            continue;
        };
        let mut entries = vec![(all[i].0, first)];
        let mut j = i + 1;
        while j < all.len() {
            match matches(j) {
                Some(k) => entries.push((all[j].0, k)),
                None => break,
            }
            j += 1;
        }
        let blank_before = i == 0 || all[i - 1].1.trim().is_empty();
        let blank_after = j == all.len() || all[j].1.trim().is_empty();
        if blank_before && blank_after {
            let end = all.get(j).map_or(src.text.len(), |l| l.0);
            return Some(Paragraph { entries, end });
        }
        i = j;
    }
    None
}

/// Insert `line` into the paragraph at the first entry that sorts after `key`.
fn insert_sorted(
    text: &str,
    p: &Paragraph,
    key: &str,
    line: &str,
    cmp: fn(&str, &str) -> Ordering,
) -> (usize, String) {
    match p
        .entries
        .iter()
        .find(|(_, k)| cmp(k, key) == Ordering::Greater)
    {
        Some((at, _)) => (*at, format!("{line}\n")),
        None if p.end == text.len() && !text.ends_with('\n') => (p.end, format!("\n{line}")),
        None => (p.end, format!("{line}\n")),
    }
}

/// Apply insertions `(offset, text)` (offsets into the original `text`); insertions at the
/// same offset keep their order.
fn apply_insertions(text: &str, ins: Vec<(usize, String)>) -> String {
    let mut ins: Vec<(usize, usize, String)> = ins
        .into_iter()
        .enumerate()
        .map(|(i, (at, s))| (at, i, s))
        .collect();
    // Back to front, so earlier offsets stay valid; at one offset the last one goes in first.
    ins.sort_by_key(|&(at, i, _)| std::cmp::Reverse((at, i)));
    let mut out = text.to_string();
    for (at, _, s) in ins {
        out.insert_str(at, &s);
    }
    out
}

/// `mod name;` → `name`.
fn mod_line(line: &str) -> Option<String> {
    let name = line.strip_prefix("mod ")?.strip_suffix(';')?;
    is_snake_ident(name).then(|| name.to_string())
}

/// `pub mod name;` → `name`.
fn pub_mod_line(line: &str) -> Option<String> {
    mod_line(line.strip_prefix("pub ")?)
}

/// `pub use module::Item;` or `pub use module::{Item, ItemIden};` → `module`.
fn pub_use_line(line: &str) -> Option<String> {
    let (module, items) = line
        .strip_prefix("pub use ")?
        .strip_suffix(';')?
        .split_once("::")?;
    let items = match items.strip_prefix('{') {
        Some(list) => list.strip_suffix('}')?,
        None => items,
    };
    (is_snake_ident(module)
        && items.split(", ").all(|item| {
            !item.is_empty() && item.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        }))
    .then(|| module.to_string())
}

/// `pub use <module>::{<item>, <item>Iden};`: the struct and the sea-query identifiers the
/// derive generates next to it, both reachable from the schema module like hand-written
/// tables' (`billing::PayerIden`).
fn pub_use_decl(module: &str, item: &str) -> String {
    format!("pub use {module}::{{{item}, {item}Iden}};")
}

fn is_snake_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

// ---- Pure edits ---------------------------------------------------------------------------------

/// Fill `{{key}}` placeholders; unknown placeholders are an error.
pub fn render_template(template: &str, vars: &[(&str, &str)]) -> Result<String, String> {
    let mut out = template.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("{{{{{k}}}}}"), v);
    }
    if let Some(at) = out.find("{{") {
        let rest = &out[at..];
        let end = rest.find("}}").map_or(rest.len().min(20), |n| n + 2);
        return Err(format!(
            "unknown placeholder `{}` in the template",
            &rest[..end]
        ));
    }
    Ok(out)
}

/// The contents of a Rust string literal's inside for `s`.
fn rust_string_body(s: &str) -> String {
    let quoted = format!("{s:?}");
    quoted[1..quoted.len() - 1].to_string()
}

/// Refuse names a new `mod <module>;` and `pub use <module>::{<item>, <item>Iden};` would clash with in
/// this module (declared or imported items, the derive's `<item>Iden`, crate paths).
pub fn check_module_free(src: &str, file: &str, module: &str, item: &str) -> Result<(), String> {
    let src = Source::parse(src, file)?;
    let names = src.top_level_names();
    if names.contains(module) {
        return Err(format!(
            "`{module}` is already declared or imported in {file}"
        ));
    }
    if src.used_as_path_root(module) {
        return Err(format!(
            "{file} uses paths starting with `{module}::`; a module named `{module}` would make \
             them ambiguous; choose another name"
        ));
    }
    let iden = format!("{item}Iden");
    for n in [item, iden.as_str()] {
        if names.contains(n) {
            return Err(format!(
                "`{n}` is already declared or imported in {file}; choose another struct name \
                 with --struct"
            ));
        }
    }
    Ok(())
}

/// Add `mod <module>;` and `pub use <module>::{<item>, <item>Iden};` after the `use` items, each into its
/// sorted paragraph (created the first time).
pub fn insert_submodule(src: &str, file: &str, module: &str, item: &str) -> Result<String, String> {
    let parsed = Source::parse(src, file)?;
    let mod_decl = format!("mod {module};");
    let use_decl = pub_use_decl(module, item);
    let mods = find_paragraph(&parsed, mod_line);
    let uses = find_paragraph(&parsed, pub_use_line);
    let byte_cmp: fn(&str, &str) -> Ordering = |a, b| a.cmp(b);
    let mut ins = Vec::new();
    match (&mods, &uses) {
        (Some(m), Some(u)) => {
            ins.push(insert_sorted(src, m, module, &mod_decl, byte_cmp));
            ins.push(insert_sorted(src, u, module, &use_decl, version_cmp));
        }
        (Some(m), None) => {
            ins.push(insert_sorted(src, m, module, &mod_decl, byte_cmp));
            let tail = if is_blank_at(src, m.end) { "" } else { "\n" };
            ins.push((m.end, format!("\n{use_decl}\n{tail}")));
        }
        (None, Some(u)) => {
            ins.push((u.entries[0].0, format!("{mod_decl}\n\n")));
            ins.push(insert_sorted(src, u, module, &use_decl, version_cmp));
        }
        (None, None) => {
            let block = format!("{mod_decl}\n\n{use_decl}\n");
            match parsed.after_last_use() {
                Some(at) => {
                    let head = if src[..at].ends_with('\n') {
                        "\n"
                    } else {
                        "\n\n"
                    };
                    let tail = if is_blank_at(src, at) { "" } else { "\n" };
                    ins.push((at, format!("{head}{block}{tail}")));
                }
                None => {
                    let at = parsed.first_item_line();
                    let tail = if at >= src.len() { "" } else { "\n" };
                    ins.push((at, format!("{block}{tail}")));
                }
            }
        }
    }
    Ok(apply_insertions(src, ins))
}

/// Append `<param>.table::<item>();` as the last statement of the top-level `fn register`.
pub fn insert_table_registration(src: &str, file: &str, item: &str) -> Result<String, String> {
    let parsed = Source::parse(src, file)?;
    let Some((open, close, param)) = parsed.fn_body("register") else {
        return Err(format!(
            "cannot find `pub fn register(b: &mut ModelBuilder) {{ … }}` in {file}"
        ));
    };
    let stmt = format!("{param}.table::<{item}>();");
    let close_line = line_start(src, close);
    let mut out = src.to_string();
    if src[close_line..close].trim().is_empty() && close_line > open {
        let indent = &src[close_line..close];
        out.insert_str(close_line, &format!("{indent}    {stmt}\n"));
    } else if src[open + 1..close].trim().is_empty() {
        let fn_line = line_start(src, open);
        let indent: String = src[fn_line..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        out.replace_range(open..=close, &format!("{{\n{indent}    {stmt}\n{indent}}}"));
    } else {
        return Err(format!(
            "the closing brace of `fn register` in {file} is not on a line of its own; run \
             `cargo fmt` first"
        ));
    }
    Ok(out)
}

/// Add `pub mod <name>;` to the sorted paragraph of `pub mod` lines of lib.rs.
pub fn insert_lib_mod(src: &str, file: &str, name: &str) -> Result<String, String> {
    let parsed = Source::parse(src, file)?;
    let Some(p) = find_paragraph(&parsed, pub_mod_line) else {
        return Err(format!(
            "cannot find the list of `pub mod <schema>;` lines (a paragraph of its own) in {file}"
        ));
    };
    let byte_cmp: fn(&str, &str) -> Ordering = |a, b| a.cmp(b);
    let ins = insert_sorted(src, &p, name, &format!("pub mod {name};"), byte_cmp);
    Ok(apply_insertions(src, vec![ins]))
}

/// Add `<name>::register(&mut b);` after the last `<x>::register(…);` line of `fn builder`.
pub fn insert_builder_call(src: &str, file: &str, name: &str) -> Result<String, String> {
    let parsed = Source::parse(src, file)?;
    let Some((open, close, _)) = parsed.fn_body("builder") else {
        return Err(format!(
            "cannot find `pub fn builder() -> ModelBuilder {{ … }}` in {file}"
        ));
    };
    let last = lines(src)
        .into_iter()
        .filter(|(start, _)| *start > open && *start < close)
        .filter_map(|(start, line)| {
            let code = line.trim_start();
            let indent = &line[..line.len() - code.len()];
            let (module, args) = code.strip_suffix(");")?.split_once("::register(")?;
            let at = start + indent.len();
            (is_snake_ident(module) && parsed.depth_at(at) == Some(1))
                .then(|| (start + line.len(), indent, args))
        })
        .next_back();
    let Some((end, indent, args)) = last else {
        return Err(format!(
            "cannot find a `<schema>::register(&mut b);` line in `fn builder` of {file}"
        ));
    };
    let mut out = src.to_string();
    out.insert_str(end, &format!("\n{indent}{name}::register({args});"));
    Ok(out)
}

/// `path` of the first source that declares `#[table(schema = "<schema>", name = "<name>", …)]`.
pub fn find_table_declaration<'a>(
    sources: &'a [(String, String)],
    schema: &str,
    name: &str,
) -> Option<&'a str> {
    let want_schema = format!("schema=\"{schema}\"");
    let want_name = format!("name=\"{name}\"");
    sources.iter().find_map(|(path, text)| {
        text.match_indices("#[table(")
            .any(|(at, _)| {
                let attr = &text[at..];
                let attr = &attr[..attr.find(")]").unwrap_or(attr.len())];
                let compact: String = attr.chars().filter(|c| !c.is_whitespace()).collect();
                compact.split([',', '(']).any(|p| p == want_schema)
                    && compact.split([',', '(']).any(|p| p == want_name)
            })
            .then_some(path.as_str())
    })
}

/// `path` of the first source that calls `.schema("<name>", …)`.
pub fn find_schema_declaration<'a>(sources: &'a [(String, String)], name: &str) -> Option<&'a str> {
    let want = format!(".schema(\"{name}\",");
    sources.iter().find_map(|(path, text)| {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        compact.contains(&want).then_some(path.as_str())
    })
}

/// Everything `new table` needs, read from disk.
pub struct TableInputs<'a> {
    pub template: &'a str,
    pub module_file: &'a str,
    pub module_src: &'a str,
    pub lib_src: &'a str,
    /// Every `.rs` file under schema-defs/src: (display path, contents).
    pub sources: &'a [(String, String)],
}

/// The new table file and the new contents of its schema module.
pub fn plan_table(
    schema: &str,
    table: &str,
    struct_name: &str,
    inp: &TableInputs,
) -> Result<(String, String), String> {
    check_struct_name(struct_name)?;
    let lib = Source::parse(inp.lib_src, "schema-defs/src/lib.rs")?;
    if !lib.top_level_names().contains(schema) {
        return Err(format!(
            "schema-defs/src/lib.rs does not declare `pub mod {schema};`; create the schema \
             with `cargo xtask new schema {schema}`"
        ));
    }
    if let Some(path) = find_table_declaration(inp.sources, schema, table) {
        return Err(format!("{path} already declares table {schema}.{table}"));
    }
    check_module_free(inp.module_src, inp.module_file, table, struct_name)?;
    let file = render_template(
        inp.template,
        &[("schema", schema), ("name", table), ("struct", struct_name)],
    )?;
    let module = insert_submodule(inp.module_src, inp.module_file, table, struct_name)?;
    let module = insert_table_registration(&module, inp.module_file, struct_name)?;
    Ok((file, module))
}

/// The new schema module and the new lib.rs.
pub fn plan_schema(
    name: &str,
    comment: &str,
    template: &str,
    lib_src: &str,
    sources: &[(String, String)],
) -> Result<(String, String), String> {
    const LIB: &str = "schema-defs/src/lib.rs";
    if name.starts_with("pg_") || name == "information_schema" {
        return Err(format!("schema name `{name}` is reserved by PostgreSQL"));
    }
    if let Some(path) = find_schema_declaration(sources, name) {
        return Err(format!("{path} already declares schema `{name}`"));
    }
    let lib = Source::parse(lib_src, LIB)?;
    if lib.top_level_names().contains(name) {
        return Err(format!("`{name}` is already declared or imported in {LIB}"));
    }
    if lib.used_as_path_root(name) {
        return Err(format!(
            "{LIB} uses paths starting with `{name}::`; a module named `{name}` would make them \
             ambiguous; choose another name"
        ));
    }
    let file = render_template(
        template,
        &[("name", name), ("comment", &rust_string_body(comment))],
    )?;
    let new_lib = insert_lib_mod(lib_src, LIB, name)?;
    let new_lib = insert_builder_call(&new_lib, LIB, name)?;
    Ok((file, new_lib))
}

// ---- I/O -------------------------------------------------------------------------------------

/// Run `rustfmt --edition 2024 --emit stdout` on `src`. `Ok(None)`: rustfmt is not installed.
pub fn rustfmt(src: &str) -> Result<Option<String>, String> {
    let program = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into());
    let child = Command::new(&program)
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot run {program}: {e}")),
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = src.to_string();
    // Feed stdin from a thread so a large output cannot deadlock the pipe.
    let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let _ = feeder.join();
    if !out.status.success() {
        return Err(format!(
            "{program} rejected the generated code:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout)
        .map(Some)
        .map_err(|e| format!("{program} printed invalid UTF-8: {e}"))
}

/// Format a whole new file.
fn format_new(src: String, warnings: &mut Vec<String>) -> Result<String, String> {
    Ok(rustfmt(&src)?.unwrap_or_else(|| {
        warnings.push("rustfmt not found: the new file is not formatted".into());
        src
    }))
}

/// Format an edited file only when the original was rustfmt-clean, so nothing but the
/// scaffolder's own lines can change.
fn format_edited(old: &str, new: String, warnings: &mut Vec<String>) -> Result<String, String> {
    match rustfmt(old) {
        Ok(Some(f)) if f == old => Ok(rustfmt(&new)?.unwrap_or(new)),
        Ok(None) => {
            warnings.push("rustfmt not found: edited files are not formatted".into());
            Ok(new)
        }
        // Not clean (or not parseable) before: leave the author's formatting alone.
        _ => Ok(new),
    }
}

/// One file to create (`old: None`) or replace (`old`: the contents it must still have).
pub struct FileWrite {
    pub path: PathBuf,
    pub old: Option<String>,
    pub new: String,
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.xtask-new.{}.tmp", std::process::id()))
}

/// Write every file or none: check every target, create missing directories, write temp
/// files next to their targets, then rename them into place (new files never overwrite);
/// on failure undo what was done.
pub fn write_all_or_nothing(writes: &[FileWrite]) -> Result<(), String> {
    for w in writes {
        match &w.old {
            None if w.path.symlink_metadata().is_ok() => {
                return Err(format!(
                    "{} already exists; nothing written",
                    w.path.display()
                ));
            }
            Some(old) => {
                let now = std::fs::read_to_string(&w.path)
                    .map_err(|e| format!("cannot read {}: {e}", w.path.display()))?;
                if &now != old {
                    return Err(format!(
                        "{} changed while scaffolding; nothing written, run again",
                        w.path.display()
                    ));
                }
            }
            None => {}
        }
    }
    let mut created_dirs = Vec::new();
    let mut temps: Vec<PathBuf> = Vec::new();
    let mut done: Vec<&FileWrite> = Vec::new();
    let result = (|| -> Result<(), String> {
        for w in writes {
            let dir = w.path.parent().unwrap_or(Path::new("."));
            if !dir.exists() {
                let mut missing = Vec::new();
                let mut d = dir;
                while !d.exists() {
                    missing.push(d.to_path_buf());
                    d = d.parent().unwrap_or(Path::new("."));
                }
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                created_dirs.extend(missing);
            }
            let tmp = temp_path(&w.path);
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
                .map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
            temps.push(tmp.clone());
            f.write_all(w.new.as_bytes())
                .and_then(|()| f.sync_all())
                .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
            if w.old.is_some() {
                // Keep the replaced file's permissions.
                if let Ok(meta) = std::fs::metadata(&w.path) {
                    let _ = std::fs::set_permissions(&tmp, meta.permissions());
                }
            }
        }
        for (w, tmp) in writes.iter().zip(&temps) {
            if w.old.is_none() {
                // A hard link never replaces an existing file.
                std::fs::hard_link(tmp, &w.path)
                    .or_else(|e| {
                        if e.kind() == std::io::ErrorKind::AlreadyExists {
                            Err(e)
                        } else {
                            std::fs::rename(tmp, &w.path)
                        }
                    })
                    .map_err(|e| format!("cannot create {}: {e}", w.path.display()))?;
                let _ = std::fs::remove_file(tmp);
            } else {
                std::fs::rename(tmp, &w.path)
                    .map_err(|e| format!("cannot replace {}: {e}", w.path.display()))?;
            }
            done.push(w);
        }
        Ok(())
    })();
    if let Err(e) = result {
        for tmp in &temps {
            let _ = std::fs::remove_file(tmp);
        }
        for w in done.iter().rev() {
            match &w.old {
                None => {
                    let _ = std::fs::remove_file(&w.path);
                }
                Some(old) => {
                    let _ = std::fs::write(&w.path, old);
                }
            }
        }
        for d in &created_dirs {
            let _ = std::fs::remove_dir(d);
        }
        return Err(format!("{e}; nothing written"));
    }
    Ok(())
}

/// Every `.rs` file under `dir`, with paths shown relative to `root`.
fn read_sources(root: &Path, dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).map_err(|e| format!("cannot read {}: {e}", d.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = read(&path)?;
                out.push((rel(root, &path), text));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// `cargo xtask new table <schema>.<table>`: returns the lines to print.
pub fn new_table(
    root: &Path,
    qualified: &str,
    struct_name: Option<&str>,
) -> Result<Vec<String>, String> {
    let (schema, table) = parse_qualified(qualified)?;
    let struct_name = struct_name.map_or_else(|| struct_name_for(&table), str::to_string);
    check_struct_name(&struct_name)?;
    let src_dir = root.join("schema-defs").join("src");
    let module_path = src_dir.join(format!("{schema}.rs"));
    let file_path = src_dir.join(&schema).join(format!("{table}.rs"));
    if !module_path.is_file() {
        return Err(format!(
            "schema module {} does not exist; create it with `cargo xtask new schema {schema}`",
            rel(root, &module_path)
        ));
    }
    for p in [
        &file_path,
        &src_dir.join(&schema).join(&table).join("mod.rs"),
    ] {
        if p.symlink_metadata().is_ok() {
            return Err(format!("{} already exists; nothing written", rel(root, p)));
        }
    }
    let template_path = root.join("templates").join("table.rs.tmpl");
    let template = read(&template_path)?;
    let module_src = read(&module_path)?;
    let lib_src = read(&src_dir.join("lib.rs"))?;
    let sources = read_sources(root, &src_dir)?;
    let module_file = rel(root, &module_path);
    let (file, module) = plan_table(
        &schema,
        &table,
        &struct_name,
        &TableInputs {
            template: &template,
            module_file: &module_file,
            module_src: &module_src,
            lib_src: &lib_src,
            sources: &sources,
        },
    )?;
    let mut warnings = Vec::new();
    let file = format_new(file, &mut warnings)?;
    let module = format_edited(&module_src, module, &mut warnings)?;
    write_all_or_nothing(&[
        FileWrite {
            path: file_path.clone(),
            old: None,
            new: file,
        },
        FileWrite {
            path: module_path,
            old: Some(module_src),
            new: module,
        },
    ])?;
    let file_rel = rel(root, &file_path);
    let mut out: Vec<String> = warnings
        .into_iter()
        .map(|w| format!("warning: {w}"))
        .collect();
    out.extend([
        format!("created {file_rel}  (struct {struct_name}: table {schema}.{table})"),
        format!(
            "updated {module_file}  (mod {table}; pub use {table}::{{{struct_name}, \
             {struct_name}Iden}}; b.table::<{struct_name}>() in register)"
        ),
        "next:".into(),
        format!("  1. edit {file_rel}: the table comment, columns, keys, checks"),
        "  2. cargo xtask baseline   (validate and regenerate generated/)".into(),
        "  3. cargo xtask check      (or cargo xtask test to run every test)".into(),
    ]);
    Ok(out)
}

/// `cargo xtask new schema <name>`: returns the lines to print.
pub fn new_schema(root: &Path, name: &str, comment: &str) -> Result<Vec<String>, String> {
    check_snake_name("schema name", name)?;
    let src_dir = root.join("schema-defs").join("src");
    let lib_path = src_dir.join("lib.rs");
    let module_path = src_dir.join(format!("{name}.rs"));
    for p in [&module_path, &src_dir.join(name)] {
        if p.symlink_metadata().is_ok() {
            return Err(format!("{} already exists; nothing written", rel(root, p)));
        }
    }
    check_module_name("schema name", name)?;
    let template = read(&root.join("templates").join("schema.rs.tmpl"))?;
    let lib_src = read(&lib_path)?;
    let sources = read_sources(root, &src_dir)?;
    let (file, lib) = plan_schema(name, comment, &template, &lib_src, &sources)?;
    let mut warnings = Vec::new();
    let file = format_new(file, &mut warnings)?;
    let lib = format_edited(&lib_src, lib, &mut warnings)?;
    let audited_hint = lib_src.contains("AUDITED_SCHEMAS");
    write_all_or_nothing(&[
        FileWrite {
            path: module_path.clone(),
            old: None,
            new: file,
        },
        FileWrite {
            path: lib_path.clone(),
            old: Some(lib_src),
            new: lib,
        },
    ])?;
    let module_rel = rel(root, &module_path);
    let mut out: Vec<String> = warnings
        .into_iter()
        .map(|w| format!("warning: {w}"))
        .collect();
    out.extend([
        format!("created {module_rel}  (schema {name})"),
        format!(
            "updated {}  (pub mod {name}; {name}::register(&mut b) in builder)",
            rel(root, &lib_path)
        ),
        "next:".into(),
        format!("  1. edit {module_rel}: the module doc and the schema comment"),
    ]);
    if audited_hint {
        out.push(format!(
            "     if its tables hold patient data, add \"{name}\" to AUDITED_SCHEMAS in lib.rs"
        ));
    }
    out.extend([
        format!("  2. cargo xtask new table {name}.<table_name>"),
        "  3. cargo xtask baseline   (validate and regenerate generated/)".into(),
        "  4. cargo xtask check      (or cargo xtask test to run every test)".into(),
    ]);
    Ok(out)
}

#[cfg(test)]
mod tests;
