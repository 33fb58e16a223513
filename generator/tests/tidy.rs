//! Tidy checks on the generator's own source: the limits that keep one concern per file and
//! emitters that print small pieces rather than carry fixed code inside `quote!`.

use std::path::{Path, PathBuf};

/// Past this many lines a file is usually mixing concerns.
const MAX_FILE_LINES: usize = 700;

/// Past this many lines a `quote!` block is usually fixed code that belongs in the runtime.
const MAX_QUOTE_LINES: usize = 150;

fn sources() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack = vec![root.join("src"), root.join("runtime/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).expect("text");
                out.push((path, text));
            }
        }
    }
    out.sort();
    assert!(out.len() > 40, "found only {} source files", out.len());
    out
}

#[test]
fn no_source_file_is_too_long() {
    for (path, text) in sources() {
        let lines = text.lines().count();
        assert!(lines <= MAX_FILE_LINES, "{}: {lines} lines", path.display());
    }
}

/// The length in lines of each `quote! { … }` / `quote!( … )` block in `text`, by where it
/// starts (brackets inside string literals are rare enough in emitters to ignore).
fn quote_blocks(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("quote!") {
        let start = from + at;
        let rest = text[start + "quote!".len()..].trim_start();
        let Some(open) = rest.chars().next().filter(|c| matches!(c, '{' | '(' | '[')) else {
            from = start + 1;
            continue;
        };
        let close = match open {
            '{' => '}',
            '(' => ')',
            _ => ']',
        };
        let mut depth = 0usize;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    end = i;
                    break;
                }
            }
        }
        let line = text[..start].matches('\n').count() + 1;
        out.push((line, rest[..end].matches('\n').count() + 1));
        from = start + 1;
    }
    out
}

#[test]
fn no_quote_block_is_too_long() {
    let mut seen = 0;
    for (path, text) in sources() {
        for (line, lines) in quote_blocks(&text) {
            seen += 1;
            assert!(
                lines <= MAX_QUOTE_LINES,
                "{}:{line}: a quote! block of {lines} lines",
                path.display()
            );
        }
    }
    assert!(seen > 50, "found only {seen} quote! blocks");
}

#[test]
fn quote_blocks_are_measured() {
    let text = "let a = quote! {\n x\n y\n};\nlet b = quote!(z);\n";
    assert_eq!(quote_blocks(text), [(1, 4), (5, 1)]);
}
