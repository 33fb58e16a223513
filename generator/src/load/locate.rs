//! Finds the line of a JSON pointer's node in the spec text, for error messages.

use crate::pointer::JsonPointer;

/// Whether a (left-trimmed) YAML or JSON line starts with the mapping key `key`, bare or
/// quoted: `key:`, `"key":` or `'key':`.
pub(super) fn starts_with_key(line: &str, key: &str) -> bool {
    let bare = |l: &str| {
        l.strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
    };
    bare(line)
        || ['"', '\''].into_iter().any(|q| {
            line.strip_prefix(q)
                .and_then(|l| l.strip_prefix(key))
                .and_then(|l| l.strip_prefix(q))
                .is_some_and(|rest| rest.starts_with(':'))
        })
}

/// Finds the 1-based line of the node at `pointer` in YAML or pretty-printed JSON text, by
/// following the pointer's keys through increasing indentation. Best effort: `None` when the
/// layout defeats it (flow style, one-line JSON).
pub fn line_of(text: &str, pointer: &JsonPointer) -> Option<usize> {
    if pointer.is_root() {
        return None;
    }
    let tokens: Vec<String> = pointer.tokens().collect();
    // A document that is one JSON (or flow YAML) value: scan it as such.
    let first = text.trim_start();
    if first.starts_with('{') {
        let offset = text.len() - first.len();
        return flow_find(text, offset, &tokens).map(|at| line_at(text, at));
    }
    let lines: Vec<&str> = text.lines().collect();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut start = 0usize;
    let mut parent_indent: Option<usize> = None;
    let mut found: Option<usize> = None;
    for (depth, token) in tokens.iter().enumerate() {
        let mut hit = None;
        if let Ok(index) = token.parse::<usize>() {
            // A list item: the index-th `- ` at the first deeper indentation.
            let mut count = 0usize;
            let mut item_indent = None;
            for (i, line) in lines.iter().enumerate().skip(start) {
                let indent = line.len() - line.trim_start().len();
                let trimmed = line.trim_start();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                if i > start
                    && parent_indent.is_some_and(|p| indent <= p)
                    && !trimmed.starts_with("- ")
                {
                    break;
                }
                if (trimmed.starts_with("- ") || trimmed == "-")
                    && *item_indent.get_or_insert(indent) == indent
                {
                    if count == index {
                        hit = Some((i, indent + 1));
                        break;
                    }
                    count += 1;
                }
            }
        }
        if hit.is_none() {
            let token = token.as_str();
            for (i, line) in lines.iter().enumerate().skip(start) {
                let indent = line.len() - line.trim_start().len();
                let trimmed = line.trim_start().trim_start_matches("- ");
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                if i > start && parent_indent.is_some_and(|p| indent <= p) {
                    break;
                }
                if starts_with_key(trimmed, token) {
                    hit = Some((i, indent));
                    break;
                }
            }
        }
        let Some((i, indent)) = hit else {
            // The parent's value may be written in flow style (`info: {title: t}`) on its
            // line: follow the rest of the pointer through it.
            let parent = found? - 1;
            let line = lines.get(parent)?;
            let colon = flow_value_start(line)?;
            let at = flow_find(text, line_starts.get(parent)? + colon, &tokens[depth..])?;
            return Some(line_at(text, at));
        };
        found = Some(i + 1);
        start = i + 1;
        parent_indent = Some(indent);
    }
    found
}

/// 1-based line of byte offset `at`.
fn line_at(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Where a flow value (`{` or `[`) begins on a `key: {...}` line, if it does.
fn flow_value_start(line: &str) -> Option<usize> {
    let colon = line.find(": ")?;
    let rest = &line[colon + 1..];
    let value = rest.trim_start();
    (value.starts_with('{') || value.starts_with('[')).then(|| colon + 1 + rest.len() - value.len())
}

/// Follows `tokens` through the JSON or flow-YAML value starting at byte `at`; returns the
/// offset of the key (or item) the last token names. Iterative, so no input can exhaust the
/// stack.
fn flow_find(text: &str, mut at: usize, tokens: &[String]) -> Option<usize> {
    let b = text.as_bytes();
    let skip_ws = |mut i: usize| {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
            i += 1;
        }
        i
    };
    // End of the scalar, string or nested collection starting at `i`.
    let skip_value = |mut i: usize| -> usize {
        let mut depth = 0usize;
        while i < b.len() {
            match b[i] {
                q @ (b'"' | b'\'') => {
                    i += 1;
                    while i < b.len() && b[i] != q {
                        i += if q == b'"' && b[i] == b'\\' { 2 } else { 1 };
                    }
                }
                b'[' | b'{' => depth += 1,
                b']' | b'}' if depth == 0 => return i,
                b']' | b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                b',' if depth == 0 => return i,
                _ => {}
            }
            i += 1;
        }
        i
    };
    let mut result = None;
    for token in tokens {
        at = skip_ws(at);
        let open = *b.get(at)?;
        at += 1;
        if open == b'[' {
            let index: usize = token.parse().ok()?;
            for _ in 0..index {
                at = skip_ws(at);
                let next = skip_value(at);
                if next == at {
                    // A stray closing bracket: the pointer does not fit this text.
                    return None;
                }
                at = next;
            }
            at = skip_ws(at);
            if b.get(at) == Some(&b']') {
                return None;
            }
            result = Some(at);
        } else if open == b'{' {
            loop {
                at = skip_ws(at);
                let key_start = at;
                let key = match *b.get(at)? {
                    b'}' => return None,
                    q @ (b'"' | b'\'') => {
                        let end = at + 1 + text.get(at + 1..)?.find(q as char)?;
                        at = end + 1;
                        &text[key_start + 1..end]
                    }
                    _ => {
                        let end = at + text.get(at..)?.find(':')?;
                        at = end;
                        text[key_start..end].trim()
                    }
                };
                at = skip_ws(at);
                if b.get(at) != Some(&b':') {
                    return None;
                }
                at += 1;
                if key == token {
                    result = Some(key_start);
                    break;
                }
                at = skip_value(skip_ws(at));
            }
        } else {
            return None;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, pointer: &str) -> Option<usize> {
        line_of(text, &JsonPointer::from(pointer))
    }
    #[test]
    fn finds_lines_of_nested_keys() {
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n";
        assert_eq!(line(text, "/paths/~1a/get"), Some(4));
        assert_eq!(line(text, "/components/schemas/A/type"), Some(9));
        assert_eq!(line(text, "/components/schemas/B"), None);
    }
    #[test]
    fn finds_lines_in_json_and_flow_style() {
        let json = "{\"openapi\": \"3.0.3\",\n \"paths\": {\"/a\": {\"get\": {}}},\n \"components\": {\"schemas\": {\"A\": {\"type\": [\"string\", \"null\"]}}}}";
        assert_eq!(line(json, "/components/schemas/A/type"), Some(3));
        assert_eq!(line(json, "/paths/~1a/get"), Some(2));
        assert_eq!(line(json, "/components/schemas/B"), None);
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\ntags:\n  - [a, {b: 1}]\n";
        assert_eq!(line(yaml, "/info/version"), Some(2));
        assert_eq!(line(yaml, "/tags/0/1/b"), None);
    }
    #[test]
    fn keys_match_bare_and_quoted_only_whole() {
        for line in ["type: x", "\"type\": 1", "'type': y", "type:"] {
            assert!(starts_with_key(line, "type"), "{line}");
        }
        for line in ["typex: 1", "\"type: 1", "'type\": 1", "types:"] {
            assert!(!starts_with_key(line, "type"), "{line}");
        }
    }
    #[test]
    fn finds_lines_of_list_items() {
        let text = "a:\n  - x: 1\n  - x: 2\n    y: 3\n";
        assert_eq!(line(text, "/a/1/y"), Some(4));
    }
}
