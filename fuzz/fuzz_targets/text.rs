//! The text splitter on its own: paragraphs, quotations, sentences and tokens of any text
//! (invalid UTF-8 is replaced, as `String::from_utf8_lossy` does, to reach the splitter more
//! often). Checks that every range is on character boundaries, in order, trimmed and nested in
//! its paragraph or sentence, and that `tokens` copes with any range.

#![no_main]

#[path = "common.rs"]
mod common;

use common::{MAX_INPUT, valid_range};
use libfuzzer_sys::fuzz_target;
use whosaid::text::{paragraphs, quotes, sentences, tokens};

fn trimmed(text: &str, r: &std::ops::Range<usize>) -> bool {
    text.get(r.clone())
        .is_some_and(|s| !s.is_empty() && s.trim() == s)
}

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();

    let paras = paragraphs(text);
    let mut prev_end = 0;
    for p in &paras {
        assert!(valid_range(text, p), "bad paragraph {p:?}");
        assert!(p.start >= prev_end, "paragraphs overlap at {p:?}");
        assert!(trimmed(text, p), "paragraph {p:?} not trimmed");
        assert!(
            !text[p.clone()].contains('\n'),
            "paragraph {p:?} spans lines"
        );
        prev_end = p.end;
        let mut prev_start = p.start;
        for q in quotes(text, p.clone()) {
            assert!(valid_range(text, &q), "bad quotation {q:?}");
            assert!(
                q.start >= p.start && q.end <= p.end,
                "quotation {q:?} outside {p:?}"
            );
            assert!(q.start >= prev_start, "quotations unsorted");
            prev_start = q.start;
        }
    }

    let mut prev_end = 0;
    for s in sentences(text) {
        let r = &s.range;
        assert!(valid_range(text, r), "bad sentence {r:?}");
        assert!(r.start >= prev_end, "sentences overlap at {r:?}");
        assert!(trimmed(text, r), "sentence {r:?} not trimmed");
        let p = paras.get(s.paragraph).expect("sentence paragraph exists");
        assert!(
            r.start >= p.start && r.end <= p.end,
            "sentence {r:?} outside {p:?}"
        );
        prev_end = r.end;
        let mut tok_end = r.start;
        let ranges: Vec<_> = s.tokens.iter().map(|t| t.range.clone()).collect();
        for t in &ranges {
            assert!(valid_range(text, t), "bad token {t:?}");
            assert!(t.start >= tok_end, "tokens overlap at {t:?}");
            assert!(t.end <= r.end, "token {t:?} outside sentence {r:?}");
            assert!(
                !text[t.clone()].starts_with(char::is_whitespace),
                "token {t:?} starts with a space"
            );
            tok_end = t.end;
        }
        assert_eq!(
            ranges,
            tokens(text, r.clone())
                .into_iter()
                .map(|t| t.range)
                .collect::<Vec<_>>(),
            "tokens differ on a second run"
        );
    }

    // any range, even one off the text or inside a character, must be handled
    if data.len() >= 4 {
        let a = usize::from(u16::from_le_bytes([data[0], data[1]]));
        let b = usize::from(u16::from_le_bytes([data[2], data[3]]));
        for t in tokens(text, a..b).into_iter().map(|t| t.range) {
            assert!(
                valid_range(text, &t) && t.start >= a && t.end <= b,
                "bad token {t:?}"
            );
        }
        let _ = quotes(text, a..b);
    }
});
