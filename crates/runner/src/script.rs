//! Split a SQL script into statements, the way a migration runner must to execute them one
//! at a time (as Flyway does over JDBC) and to name the one that failed.
//!
//! The lexer knows exactly the constructs that may hide a `;`:
//!
//! * `'…'` strings with `''` escapes (standard-conforming: a backslash is an ordinary
//!   character), including the `N'…'`, `B'…'`, `X'…'` and `U&'…'` spellings;
//! * `E'…'` strings, where a backslash escapes the next character (`E'it\'s'`);
//! * `"…"` quoted identifiers with `""` escapes;
//! * dollar quotes `$tag$…$tag$` and `$$…$$` (the tag follows identifier rules; `$1` is a
//!   parameter, and a `$` inside an identifier such as `a$b` starts nothing);
//! * `--` line comments and `/* … */` block comments, which nest in PostgreSQL;
//! * SQL-standard routine bodies, `CREATE [OR REPLACE] FUNCTION|PROCEDURE … BEGIN ATOMIC
//!   …; …; END`, whose inner `;` do not end the statement (`CASE … END` nests inside);
//! * parentheses: as in psql, a `;` inside them does not end the statement (the actions of
//!   `CREATE RULE … DO ALSO (…; …)`).
//!
//! Each [`Statement`] carries its 1-based starting line (of its first token, after any
//! leading comments); statements that are empty or consist only of comments are dropped.
//! A script that ends inside a string, identifier, dollar quote or comment is an error
//! naming the line where that construct started, so nothing runs from a truncated file.
//!
//! Not handled (like psql's `\` meta-commands, they are not part of SQL): `COPY … FROM
//! STDIN` data blocks.

use std::fmt;

/// One statement of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// 1-based line of the statement's first token.
    pub line: usize,
    /// The statement from its first token to its last one: leading and trailing
    /// whitespace and comments and the terminating `;` are not included; comments inside
    /// are kept.
    pub text: String,
}

impl Statement {
    /// The first line of the statement's text (for messages).
    pub fn first_line(&self) -> &str {
        self.text.lines().next().unwrap_or("").trim_end()
    }

    /// The statement's leading words, upper-cased, skipping comments; stops at the first
    /// token that is not a bare word (a quoted identifier, a parenthesis, …) or after `n`.
    pub fn leading_words(&self, n: usize) -> Vec<String> {
        leading_words(&self.text, n)
    }

    /// The 1-based line in the script of a 1-based character position inside
    /// [`text`](Self::text) (PostgreSQL's error `position`).
    pub fn line_of_position(&self, position: usize) -> usize {
        let before: String = self.text.chars().take(position.saturating_sub(1)).collect();
        self.line + count_line_breaks(before.as_bytes())
    }
}

/// Why a script could not be split: it ends inside a construct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// 1-based line where the unterminated construct starts.
    pub line: usize,
    /// What is unterminated, e.g. "dollar-quoted string $hims$".
    pub what: String,
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unterminated {} starting at line {}: the script ends inside it",
            self.what, self.line
        )
    }
}

impl std::error::Error for SplitError {}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident_char(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit() || b == b'$'
}

fn count_line_breaks(bytes: &[u8]) -> usize {
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            n += 1;
        }
    }
    n
}

/// The lexer's position: byte offset and line.
struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    line: usize,
}

enum Token {
    /// A bare word (keyword or unquoted identifier), upper-cased.
    Word(String),
    /// `;`
    Semicolon,
    /// Anything else that is significant: a literal, quoted identifier, operator, ….
    Other,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Lexer<'a> {
        Lexer {
            src,
            b: src.as_bytes(),
            i: 0,
            line: 1,
        }
    }

    fn peek(&self, k: usize) -> Option<u8> {
        self.b.get(self.i + k).copied()
    }

    /// Advance one byte, counting line breaks (`\n`, `\r\n`, lone `\r`).
    fn bump(&mut self) {
        let c = self.b[self.i];
        if c == b'\n' || (c == b'\r' && self.peek(1) != Some(b'\n')) {
            self.line += 1;
        }
        self.i += 1;
    }

    /// Skip whitespace and comments. Errors on an unterminated block comment.
    fn skip_trivia(&mut self) -> Result<(), SplitError> {
        loop {
            match self.peek(0) {
                Some(c) if c.is_ascii_whitespace() => self.bump(),
                Some(b'-') if self.peek(1) == Some(b'-') => {
                    while let Some(c) = self.peek(0) {
                        if c == b'\n' || c == b'\r' {
                            break;
                        }
                        self.bump();
                    }
                }
                Some(b'/') if self.peek(1) == Some(b'*') => {
                    let start = self.line;
                    self.i += 2;
                    let mut depth = 1;
                    while depth > 0 {
                        match (self.peek(0), self.peek(1)) {
                            (None, _) => {
                                return Err(SplitError {
                                    line: start,
                                    what: "block comment /* */".into(),
                                });
                            }
                            (Some(b'/'), Some(b'*')) => {
                                depth += 1;
                                self.i += 2;
                            }
                            (Some(b'*'), Some(b'/')) => {
                                depth -= 1;
                                self.i += 2;
                            }
                            _ => self.bump(),
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// Skip a quoted run starting at the opening `quote`; `backslash` makes `\x` an escape.
    /// A doubled quote is always an escape.
    fn skip_quoted(&mut self, quote: u8, backslash: bool, what: &str) -> Result<(), SplitError> {
        let start = self.line;
        self.i += 1;
        loop {
            match self.peek(0) {
                None => {
                    return Err(SplitError {
                        line: start,
                        what: what.into(),
                    });
                }
                Some(b'\\') if backslash => {
                    self.i += 1;
                    if self.peek(0).is_some() {
                        self.bump();
                    }
                }
                Some(c) if c == quote => {
                    self.i += 1;
                    if self.peek(0) == Some(quote) {
                        self.i += 1;
                    } else {
                        return Ok(());
                    }
                }
                Some(_) => self.bump(),
            }
        }
    }

    /// The dollar-quote tag at the current `$` (`$$` or `$tag$`), if there is one.
    fn dollar_tag(&self) -> Option<&'a str> {
        let rest = &self.b[self.i + 1..];
        if rest.first() == Some(&b'$') {
            return Some(&self.src[self.i..self.i + 2]);
        }
        if !rest.first().is_some_and(|&c| is_ident_start(c)) {
            return None;
        }
        let len = rest
            .iter()
            .position(|&c| !(is_ident_start(c) || c.is_ascii_digit()))?;
        (rest[len] == b'$').then(|| &self.src[self.i..self.i + len + 2])
    }

    /// The next significant token, or `None` at the end (after trivia).
    fn next_token(&mut self) -> Result<Option<(usize, usize, Token)>, SplitError> {
        self.skip_trivia()?;
        let Some(c) = self.peek(0) else {
            return Ok(None);
        };
        let (start, line) = (self.i, self.line);
        let token = match c {
            b';' => {
                self.i += 1;
                Token::Semicolon
            }
            b'\'' => {
                self.skip_quoted(b'\'', false, "string '…'")?;
                Token::Other
            }
            b'"' => {
                self.skip_quoted(b'"', false, "quoted identifier \"…\"")?;
                Token::Other
            }
            b'$' => match self.dollar_tag() {
                Some(tag) => {
                    let body = self.i + tag.len();
                    match self.src[body..].find(tag) {
                        Some(end) => {
                            while self.i < body + end + tag.len() {
                                self.bump();
                            }
                        }
                        None => {
                            return Err(SplitError {
                                line,
                                what: format!("dollar-quoted string {tag}"),
                            });
                        }
                    }
                    Token::Other
                }
                None => {
                    self.i += 1;
                    Token::Other
                }
            },
            c if is_ident_start(c) => {
                while self.peek(0).is_some_and(is_ident_char) {
                    self.i += 1;
                }
                let word = &self.src[start..self.i];
                if (word == "E" || word == "e") && self.peek(0) == Some(b'\'') {
                    self.skip_quoted(b'\'', true, "string E'…'")?;
                    Token::Other
                } else {
                    Token::Word(word.to_ascii_uppercase())
                }
            }
            c if c.is_ascii_digit() => {
                // A number (digits, a fraction, an exponent): never starts a quote.
                while self
                    .peek(0)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'_')
                {
                    self.i += 1;
                }
                Token::Other
            }
            _ => {
                self.bump();
                Token::Other
            }
        };
        Ok(Some((start, line, token)))
    }
}

/// Tracks `BEGIN ATOMIC … END` bodies of SQL-standard routines and parentheses within one
/// statement.
#[derive(Default)]
struct Blocks {
    /// The statement's first words (up to 4), to recognise CREATE [OR REPLACE] FUNCTION.
    head: Vec<String>,
    previous: Option<String>,
    depth: usize,
    /// Open parentheses: like psql, a `;` inside them does not end the statement
    /// (`CREATE RULE … DO ALSO (INSERT …; INSERT …)`).
    parens: usize,
}

impl Blocks {
    fn is_routine(&self) -> bool {
        let h: Vec<&str> = self.head.iter().map(String::as_str).collect();
        matches!(
            h.as_slice(),
            ["CREATE", "FUNCTION" | "PROCEDURE", ..]
                | ["CREATE", "OR", "REPLACE", "FUNCTION" | "PROCEDURE", ..]
        )
    }

    fn word(&mut self, w: &str) {
        if self.head.len() < 4 {
            self.head.push(w.to_string());
        }
        if self.depth == 0 {
            if w == "ATOMIC" && self.previous.as_deref() == Some("BEGIN") && self.is_routine() {
                self.depth = 1;
            }
        } else if w == "CASE" {
            self.depth += 1;
        } else if w == "END" {
            self.depth -= 1;
        }
        self.previous = Some(w.to_string());
    }

    fn other(&mut self) {
        self.previous = None;
    }
}

/// Split `sql` into its statements; see the module documentation.
pub fn split(sql: &str) -> Result<Vec<Statement>, SplitError> {
    let mut lx = Lexer::new(sql);
    let mut out = Vec::new();
    // (byte offset, line) of the current statement's first token; end of its last token.
    let mut current: Option<(usize, usize)> = None;
    let mut end = 0;
    let mut blocks = Blocks::default();
    let mut finish = |current: &mut Option<(usize, usize)>, end: usize, blocks: &mut Blocks| {
        if let Some((start, line)) = current.take() {
            out.push(Statement {
                line,
                text: sql[start..end].to_string(),
            });
        }
        *blocks = Blocks::default();
    };
    while let Some((start, line, token)) = lx.next_token()? {
        match token {
            Token::Semicolon if blocks.depth == 0 && blocks.parens == 0 => {
                finish(&mut current, end, &mut blocks);
                continue;
            }
            Token::Semicolon => blocks.other(),
            Token::Word(w) => blocks.word(&w),
            Token::Other => {
                match sql.as_bytes()[start] {
                    b'(' => blocks.parens += 1,
                    b')' => blocks.parens = blocks.parens.saturating_sub(1),
                    _ => {}
                }
                blocks.other()
            }
        }
        if current.is_none() {
            current = Some((start, line));
        }
        end = lx.i;
    }
    finish(&mut current, end, &mut blocks);
    Ok(out)
}

/// The leading bare words of `sql`, upper-cased (comments skipped), at most `n`.
pub fn leading_words(sql: &str, n: usize) -> Vec<String> {
    let mut lx = Lexer::new(sql);
    let mut words = Vec::new();
    while words.len() < n {
        match lx.next_token() {
            Ok(Some((_, _, Token::Word(w)))) => words.push(w),
            _ => break,
        }
    }
    words
}

/// Whether PostgreSQL refuses to run `statement` inside a transaction block, by the rules
/// of Flyway's `PostgreSQLParser.detectCanExecuteInTransaction` (flyway-compat §5):
/// `CREATE|DROP DATABASE|TABLESPACE|SUBSCRIPTION`, `ALTER SYSTEM`,
/// `CREATE|DROP [UNIQUE] INDEX CONCURRENTLY`, `REINDEX [VERBOSE] SCHEMA|DATABASE|SYSTEM`,
/// `VACUUM`, `DISCARD ALL`, and before PostgreSQL 12 (`server_version_num` < 120000)
/// `ALTER TYPE … ADD VALUE`.
pub fn requires_autocommit(statement: &Statement, server_version_num: i32) -> bool {
    let w = statement.leading_words(5);
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    let matched = matches!(
        w.as_slice(),
        [
            "CREATE" | "DROP",
            "DATABASE" | "TABLESPACE" | "SUBSCRIPTION",
            ..
        ] | ["ALTER", "SYSTEM", ..]
            | ["CREATE" | "DROP", "INDEX", "CONCURRENTLY", ..]
            | ["CREATE" | "DROP", "UNIQUE", "INDEX", "CONCURRENTLY", ..]
            | ["REINDEX", "SCHEMA" | "DATABASE" | "SYSTEM", ..]
            | ["REINDEX", "VERBOSE", "SCHEMA" | "DATABASE" | "SYSTEM", ..]
            | ["VACUUM", ..]
            | ["DISCARD", "ALL", ..]
    );
    matched
        || (server_version_num < 120000
            && matches!(w.as_slice(), ["ALTER", "TYPE", ..])
            && statement
                .text
                .to_ascii_uppercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .windows(2)
                .any(|p| p == ["ADD", "VALUE"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<String> {
        split(sql).unwrap().into_iter().map(|s| s.text).collect()
    }

    fn lines(sql: &str) -> Vec<usize> {
        split(sql).unwrap().into_iter().map(|s| s.line).collect()
    }

    #[test]
    fn plain_statements_with_lines() {
        let sql = "SELECT 1;\nSELECT 2;\n\n  SELECT\n  3;\n";
        assert_eq!(texts(sql), ["SELECT 1", "SELECT 2", "SELECT\n  3"]);
        assert_eq!(lines(sql), [1, 2, 4]);
    }

    #[test]
    fn last_statement_without_semicolon_and_empty_ones_dropped() {
        assert_eq!(
            texts(";;SELECT 1;;; ;\n SELECT 2"),
            ["SELECT 1", "SELECT 2"]
        );
        assert_eq!(texts(""), Vec::<String>::new());
        assert_eq!(
            texts("  \n -- only a comment\n/* and another */\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn comments_before_a_statement_are_dropped_and_its_line_is_its_own() {
        let sql = "-- header; with a semicolon\n/* block; */\n\nCREATE TABLE t (id int); -- trailing; comment\n";
        let s = split(sql).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text, "CREATE TABLE t (id int)");
        assert_eq!(s[0].line, 4);
    }

    #[test]
    fn comments_inside_a_statement_are_kept() {
        assert_eq!(
            texts("SELECT 1 -- one; not the end\n + /* ; */ 2;"),
            ["SELECT 1 -- one; not the end\n + /* ; */ 2"]
        );
    }

    #[test]
    fn nested_block_comments() {
        assert_eq!(
            texts("/* outer /* inner; */ still comment; */ SELECT 1; SELECT /* a /* b */ c */ 2;"),
            ["SELECT 1", "SELECT /* a /* b */ c */ 2"]
        );
    }

    #[test]
    fn single_quoted_strings_with_doubled_quotes() {
        assert_eq!(
            texts("SELECT 'a;b', 'it''s; fine', '';SELECT '\\';SELECT 2;"),
            ["SELECT 'a;b', 'it''s; fine', ''", "SELECT '\\'", "SELECT 2"]
        );
        // Strings spanning lines move the next statement's line.
        assert_eq!(lines("SELECT 'x\n;\ny';\nSELECT 2;"), [1, 4]);
    }

    #[test]
    fn escape_strings_with_backslashes() {
        assert_eq!(
            texts(r"SELECT E'it\'s; \\'; SELECT e'\\'; SELECT E'a''b;';"),
            [r"SELECT E'it\'s; \\'", r"SELECT e'\\'", r"SELECT E'a''b;'"]
        );
        // From our own V001: a COMMENT with E'… \'\' …'.
        let sql = r"COMMENT ON FUNCTION f() IS E'reads \'\' afterwards; unset means no rows.';
SELECT 1;";
        assert_eq!(split(sql).unwrap().len(), 2);
        // An identifier ending in e is not an E prefix: `name'…'` is not valid SQL anyway,
        // but `some_e` followed by a space and a string must not be an E-string.
        assert_eq!(
            texts(r"SELECT some_e '\'; SELECT 2;"),
            [r"SELECT some_e '\'", "SELECT 2"]
        );
    }

    #[test]
    fn prefixed_strings() {
        assert_eq!(
            texts("SELECT U&'d\\0061t;a', N'x;', B'1;', X'1F;';SELECT 2"),
            ["SELECT U&'d\\0061t;a', N'x;', B'1;', X'1F;'", "SELECT 2"]
        );
    }

    #[test]
    fn quoted_identifiers() {
        assert_eq!(
            texts(r#"CREATE TABLE "a;b" ("x""y;" int, "it's" int);SELECT 1"#),
            [
                r#"CREATE TABLE "a;b" ("x""y;" int, "it's" int)"#,
                "SELECT 1"
            ]
        );
    }

    #[test]
    fn dollar_quotes() {
        let sql = "DO $$ BEGIN PERFORM 1; END $$;\nSELECT $a$ ; $$ ; $b$ $a$;\nSELECT 2;";
        assert_eq!(
            texts(sql),
            [
                "DO $$ BEGIN PERFORM 1; END $$",
                "SELECT $a$ ; $$ ; $b$ $a$",
                "SELECT 2"
            ]
        );
        // Quotes and comments inside a dollar quote mean nothing.
        assert_eq!(
            texts("SELECT $x$ ' -- /* \" $x$; SELECT 1;"),
            ["SELECT $x$ ' -- /* \" $x$", "SELECT 1"]
        );
    }

    #[test]
    fn dollar_signs_that_are_not_quotes() {
        // Parameters, identifiers containing `$`.
        assert_eq!(
            texts("PREPARE p AS SELECT $1; SELECT a$b$c FROM t; SELECT 1"),
            ["PREPARE p AS SELECT $1", "SELECT a$b$c FROM t", "SELECT 1"]
        );
        // `$1$` is not a tag (tags cannot start with a digit).
        assert_eq!(texts("SELECT $1$;SELECT 2"), ["SELECT $1$", "SELECT 2"]);
    }

    #[test]
    fn our_generated_shapes() {
        let sql = r#"DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'hims_app') THEN
        CREATE ROLE "hims_app" LOGIN NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- created concurrently: roles are shared
END
$hims$;
COMMENT ON ROLE "hims_app" IS 'The application: DML only; always subject to RLS.';
CREATE OR REPLACE FUNCTION "core"."current_tenant_id"()
    RETURNS uuid
    LANGUAGE sql
    STABLE
AS $hims$
SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid
$hims$;
SET LOCAL lock_timeout = '10s';
"#;
        let s = split(sql).unwrap();
        assert_eq!(s.len(), 4);
        assert!(s[0].text.starts_with("DO $hims$") && s[0].text.ends_with("$hims$"));
        assert_eq!((s[1].line, s[2].line, s[3].line), (10, 11, 18));
        assert!(s[2].text.ends_with("$hims$"));
        assert_eq!(
            s[2].first_line(),
            r#"CREATE OR REPLACE FUNCTION "core"."current_tenant_id"()"#
        );
    }

    #[test]
    fn begin_atomic_bodies() {
        let sql = "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND;\nCREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END;\nBEGIN;\nSELECT 1;\nEND;";
        assert_eq!(
            texts(sql),
            [
                "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND",
                "CREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END",
                "BEGIN",
                "SELECT 1",
                "END"
            ]
        );
    }

    #[test]
    fn semicolons_inside_parentheses() {
        assert_eq!(
            texts(
                "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));\nSELECT (1);"
            ),
            [
                "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))",
                "SELECT (1)"
            ]
        );
        // A stray closing parenthesis does not swallow the rest.
        assert_eq!(texts("SELECT 1);SELECT 2"), ["SELECT 1)", "SELECT 2"]);
    }

    #[test]
    fn line_endings() {
        assert_eq!(
            lines("SELECT 1;\r\nSELECT 2;\rSELECT 3;\n\r\nSELECT 4;"),
            [1, 2, 3, 5]
        );
    }

    #[test]
    fn unterminated_constructs_are_errors_naming_their_line() {
        let e = split("SELECT 1;\nSELECT 'abc;\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().contains("string"), "{e}");
        let e = split("SELECT 1;\n\nDO $hims$ BEGIN END $x$;").unwrap_err();
        assert_eq!(
            (e.line, e.what.as_str()),
            (3, "dollar-quoted string $hims$")
        );
        assert_eq!(split("/* a /* b */").unwrap_err().line, 1);
        assert_eq!(split("SELECT \"x").unwrap_err().line, 1);
        assert_eq!(split("SELECT E'\\'").unwrap_err().line, 1);
    }

    #[test]
    fn non_ascii_text() {
        assert_eq!(
            texts("COMMENT ON TABLE t IS 'Patiënt; naïve — ü';SELECT 'é'"),
            ["COMMENT ON TABLE t IS 'Patiënt; naïve — ü'", "SELECT 'é'"]
        );
        // A non-ASCII identifier followed by a dollar sign is still one identifier.
        assert_eq!(texts("SELECT é$x$ ;SELECT 1"), ["SELECT é$x$", "SELECT 1"]);
    }

    #[test]
    fn error_position_to_line() {
        let s = &split("\n\nSELECT 1,\n  nope,\n  3;").unwrap()[0];
        assert_eq!(s.line, 3);
        let pos = s.text.find("nope").unwrap() + 1;
        assert_eq!(s.line_of_position(pos), 4);
        assert_eq!(s.line_of_position(1), 3);
    }

    #[test]
    fn autocommit_detection() {
        let st = |t: &str| Statement {
            line: 1,
            text: t.to_string(),
        };
        for yes in [
            "CREATE INDEX CONCURRENTLY i ON t (a)",
            "create unique index concurrently if not exists i on t (a)",
            "DROP INDEX CONCURRENTLY IF EXISTS \"s\".\"i\"",
            "/* c */ VACUUM ANALYZE t",
            "CREATE DATABASE x",
            "DROP TABLESPACE x",
            "ALTER SYSTEM SET work_mem = '1MB'",
            "REINDEX VERBOSE DATABASE x",
            "REINDEX SCHEMA s",
            "DISCARD ALL",
        ] {
            assert!(requires_autocommit(&st(yes), 150000), "{yes}");
        }
        for no in [
            "CREATE INDEX i ON t (a)",
            "CREATE TABLE concurrently (a int)",
            "REINDEX TABLE t",
            "SET lock_timeout = '10s'",
            "ALTER TABLE t VALIDATE CONSTRAINT c",
            "ALTER TYPE \"s\".\"e\" ADD VALUE 'x'",
            "\"VACUUM\"",
        ] {
            assert!(!requires_autocommit(&st(no), 150000), "{no}");
        }
        assert!(requires_autocommit(
            &st("ALTER TYPE \"s\".\"e\" ADD VALUE IF NOT EXISTS 'x'"),
            110000
        ));
    }

    /// The real generated migrations: every piece is a whole statement.
    #[test]
    fn generated_migrations_split_sanely() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated/migrations");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "sql"))
            .collect();
        files.sort();
        assert!(files.len() >= 3, "generated/migrations has files");
        const FIRST_WORDS: &[&str] = &[
            "ALTER", "COMMENT", "CREATE", "DO", "DROP", "GRANT", "REVOKE", "SET", "SELECT",
            "INSERT", "UPDATE", "DELETE", "REINDEX", "ANALYZE", "LOCK", "TRUNCATE",
        ];
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let sql = std::fs::read_to_string(&path).unwrap();
            let statements = split(&sql).unwrap_or_else(|e| panic!("{name}: {e}"));
            // Independent count: outside $hims$ bodies, statements end with `;` at the end
            // of a line in these files.
            let mut expected = 0;
            let mut in_body = false;
            for line in sql.lines() {
                let t = line.trim_end();
                let quotes = t.matches("$hims$").count();
                if quotes % 2 == 1 {
                    in_body = !in_body;
                }
                if !in_body && !t.trim_start().starts_with("--") && t.ends_with(';') {
                    expected += 1;
                }
            }
            assert_eq!(statements.len(), expected, "{name}: statement count");
            assert!(!statements.is_empty(), "{name}");
            let mut previous_line = 0;
            for s in &statements {
                let first = s.leading_words(1);
                assert!(
                    first
                        .first()
                        .is_some_and(|w| FIRST_WORDS.contains(&w.as_str())),
                    "{name} line {}: piece starts oddly: {}",
                    s.line,
                    s.first_line()
                );
                assert_eq!(
                    sql.lines()
                        .nth(s.line - 1)
                        .map(str::trim_start)
                        .map(|l| l.starts_with(s.first_line())),
                    Some(true),
                    "{name}: line {} is where the piece starts",
                    s.line
                );
                assert!(s.line > previous_line, "{name}: lines increase");
                previous_line = s.line;
                assert_eq!(
                    s.text.matches("$hims$").count() % 2,
                    0,
                    "{name} line {}",
                    s.line
                );
                if s.text.starts_with("DO ") {
                    assert!(
                        s.text.ends_with("$hims$"),
                        "{name} line {}: DO block ends with its quote",
                        s.line
                    );
                }
                if s.text.contains("FUNCTION") && s.text.starts_with("CREATE") {
                    assert!(
                        s.text.ends_with("$hims$") || !s.text.contains("$hims$"),
                        "{name} line {}: function body ends the statement",
                        s.line
                    );
                }
                assert!(!s.text.ends_with(';'), "{name} line {}", s.line);
                // Splitting a piece again gives the piece itself.
                let again = split(&s.text).unwrap();
                assert_eq!(again.len(), 1, "{name} line {}", s.line);
                assert_eq!(again[0].text, s.text);
            }
        }
    }
}
