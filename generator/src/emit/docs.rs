//! Spec prose → rustdoc attributes that pass `RUSTDOCFLAGS=-D warnings`: no broken links, no
//! stray HTML, no bare URLs, and no accidental doctests.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// `#[doc]` attributes for `docs`, or for `fallback` when the spec says nothing.
pub fn doc_attrs(docs: &Docs, fallback: &str) -> TokenStream {
    lines_to_attrs(&doc_lines(docs, fallback))
}

/// The sanitised lines of `docs` (or `fallback`).
pub fn doc_lines(docs: &Docs, fallback: &str) -> Vec<String> {
    let mut text = String::new();
    if let Some(s) = &docs.summary {
        text.push_str(s);
    }
    if let Some(d) = &docs.description {
        if docs.summary.as_deref().map(str::trim) != Some(d.trim()) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(d);
        }
    }
    let lines = sanitize(&text);
    // Markup alone (`<p/>`, `<br>`, `**`) renders as nothing, and an item without docs
    // fails the crate's `#![deny(missing_docs)]`.
    if !lines.iter().any(|l| l.chars().any(char::is_alphanumeric)) {
        return vec![fallback.to_owned()];
    }
    lines
}

/// The text of one `doc` attribute for `line`: prettyplease prints `#[doc = " x"]` as `/// x`,
/// and an empty line as a bare `///`.
pub fn doc_text(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// Turns lines into `#[doc = " line"]` attributes.
pub fn lines_to_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = doc_text(l);
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

/// Makes markdown from a spec safe for rustdoc.
pub fn sanitize(text: &str) -> Vec<String> {
    // Tabs are not allowed in doc comments (clippy::tabs_in_doc_comments).
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    // Width of the list marker the current paragraph continues, if it is a list item.
    let mut list_indent: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let fence_mark = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (&fence, fence_mark) {
            (None, Some(mark)) => {
                // Code in an API description is never Rust to test.
                out.push(format!("{mark}text"));
                fence = Some(mark.to_owned());
            }
            (Some(open), Some(mark)) if open == mark => {
                out.push(mark.to_owned());
                fence = None;
            }
            (Some(_), _) => out.push(line.trim_end().to_owned()),
            // Leading indentation would make an indented code block, which rustdoc tests; a
            // line continuing a list item is indented to the item's text instead, as markdown
            // (and clippy::doc_lazy_continuation) expects.
            (None, None) => {
                let text = escape_line(trimmed.trim_end());
                if text.is_empty() {
                    list_indent = None;
                    out.push(text);
                } else if let Some(width) = list_marker_width(&text) {
                    list_indent = Some(width);
                    out.push(text);
                } else if let Some(width) = list_indent {
                    out.push(format!("{}{text}", " ".repeat(width)));
                } else {
                    out.push(text);
                }
            }
        }
    }
    if let Some(mark) = fence {
        out.push(mark);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    // Blank runs collapse to one blank line.
    out.dedup_by(|a, b| a.is_empty() && b.is_empty());
    out
}

/// Where the text of a list item (`- `, `* `, `+ `, `12. `, `3) `) at the start of `line` begins:
/// after the marker and the one to four spaces that follow it, as in CommonMark (five or
/// more start an indented code block one space after the marker).
fn list_marker_width(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match line.as_bytes().first()? {
        b'-' | b'*' | b'+' => 1,
        _ if digits > 0 && line[digits..].starts_with(['.', ')']) => digits + 1,
        _ => return None,
    };
    match line[marker..].bytes().take_while(|b| *b == b' ').count() {
        0 => None,
        spaces @ 1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// Escapes link brackets and angle brackets, and wraps bare URLs, outside `code spans`.
fn escape_line(line: &str) -> String {
    // `<code>` spans become markdown code spans first, so their contents are left alone.
    let coded = line.replace("<code>", "`").replace("</code>", "`");
    let line = coded.as_str();
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(tail) = rest.strip_prefix('`') {
            // Only a closed span is code; a lone backtick is literal text.
            if let Some(end) = tail.find('`') {
                out.push('`');
                out.push_str(&tail[..=end]);
                rest = &tail[end + 1..];
                continue;
            }
            out.push_str("\\`");
            rest = tail;
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || "<>\"'`[]()".contains(c))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        if let Some((markdown, len)) = html_tag(rest) {
            out.push_str(markdown);
            rest = &rest[len..];
            continue;
        }
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        match c {
            '[' | ']' | '<' | '>' | '\\' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        rest = chars.as_str();
    }
    out
}

/// A formatting HTML tag at the start of `text` (descriptions copied from HTML docs are full
/// of them), as its markdown equivalent and the tag's length. Other `<…>` text is escaped.
fn html_tag(text: &str) -> Option<(&'static str, usize)> {
    if !text.starts_with('<') {
        return None;
    }
    let end = text.find('>')?;
    let inner = text.get(1..end)?;
    let name = inner
        .trim_start_matches('/')
        .split([' ', '/'])
        .next()?
        .to_ascii_lowercase();
    let markdown = match name.as_str() {
        "b" | "strong" => "**",
        "i" | "em" => "*",
        "code" => "`",
        "p" | "br" | "span" | "div" | "a" | "ul" | "ol" | "li" | "small" | "sup" | "sub" => "",
        _ => return None,
    };
    Some((markdown, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_links_html_and_urls() {
        assert_eq!(escape_line("see [docs] <T>"), "see \\[docs\\] \\<T\\>");
        assert_eq!(
            escape_line("<p>A <b>bold</b> <code>id</code> <a href=\"x\">link</a></p>"),
            "A **bold** `id` link"
        );
        assert_eq!(escape_line("<code>a[0]</code> [x]"), "`a[0]` \\[x\\]");
        assert_eq!(
            escape_line("API key, as `Bearer <key>` in a <tag>."),
            "API key, as `Bearer <key>` in a \\<tag\\>."
        );
        assert_eq!(escape_line("at https://x.io/a."), "at <https://x.io/a>.");
        assert_eq!(escape_line("`a[0] <T>` ok"), "`a[0] <T>` ok");
        assert_eq!(escape_line("lone ` tick [x]"), "lone \\` tick \\[x\\]");
    }

    #[test]
    fn code_is_never_a_doctest() {
        let lines = sanitize("Intro\n\n    indented code\n```\nfn main() {}\n```");
        assert_eq!(
            lines,
            [
                "Intro",
                "",
                "indented code",
                "```text",
                "fn main() {}",
                "```"
            ]
        );
    }

    #[test]
    fn list_continuations_are_indented_and_tabs_expanded() {
        let lines = sanitize(
            "Intro:\n- first item\ncontinues here\n  10. numbered\nmore\n\nAfter\tthe list.\n\n\
             *\t`view`<br>\n  Must view.\n2.  Second\n    still second\n\n\
             1) `atomic`: one entity.\nReplaced whole.",
        );
        assert_eq!(
            lines,
            [
                "Intro:",
                "- first item",
                "  continues here",
                "10. numbered",
                "    more",
                "",
                "After    the list.",
                "",
                // DocuSign: the item's text starts after every space that follows the marker.
                "*    `view`",
                "     Must view.",
                "2.  Second",
                "    still second",
                "",
                // Kubernetes numbers its items `1)`.
                "1) `atomic`: one entity.",
                "   Replaced whole."
            ]
        );
    }

    #[test]
    fn bare_carriage_returns_are_line_breaks() {
        assert_eq!(sanitize("a\rb\r\nc"), ["a", "b", "c"]);
    }

    #[test]
    fn unclosed_fence_is_closed() {
        assert_eq!(sanitize("~~~\nx"), ["~~~text", "x", "~~~"]);
    }

    #[test]
    fn fallback_when_empty() {
        let d = Docs {
            summary: Some("  ".into()),
            ..Docs::default()
        };
        assert_eq!(doc_lines(&d, "The `X` schema."), ["The `X` schema."]);
        for empty in ["<p/>", "<p></p>\n<br>", "<b></b>", "  \n\n "] {
            let d = Docs {
                description: Some(empty.into()),
                ..Docs::default()
            };
            assert_eq!(doc_lines(&d, "Fallback."), ["Fallback."], "{empty:?}");
        }
        let d = Docs {
            description: Some("<p>Kept.</p>".into()),
            ..Docs::default()
        };
        assert_eq!(doc_lines(&d, "Fallback."), ["Kept."]);
    }
}
